//! Credits (学时) per trainee, laid out for the provincial registry upload:
//! total = on-site 学时 of the sessions attended + approved and platform-verified online
//! hours, the online part capped at the project's requirement unless the programme lifts
//! the cap (admin → 学时认定规则).
//!
//! On-site rule: a session of 4 hours or more is a full day and earns the programme's
//! `onsite_day_hours` (6 by default); a shorter one is a half day and earns half of it. A
//! session with check-out required counts only when both check-in and check-out exist.
use super::types::Hours;
use crate::auth::Phone;
use crate::db::Db;
use crate::entities::{
    checkin, class, county, enrolment, online_hours, programme, project, session, trainee,
};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::CheckinState;
use crate::tabular::{self, Cell, Table};
use crate::training::attendance::ValidRecords;
use sea_orm::{prelude::*, QueryOrder};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditRow {
    pub trainee_id: i32,
    /// The trainee's county, when the roster named a known one.
    pub county_id: Option<i32>,
    pub name: String,
    pub phone: String,
    pub school: String,
    pub county: String,
    pub project: String,
    pub class_name: String,
    pub onsite: Hours,
    pub online: Hours,
    pub total: Hours,
    pub required: Option<i32>,
    pub met: bool,
}

/// Whether phones appear in full (admin and contractor exports) or masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phones {
    Full,
    Masked,
}

/// The credits of every trainee on the given classes (all of one project, or one class).
pub async fn credits(
    db: &Db,
    class_ids: Vec<i32>,
    phones: Phones,
) -> Result<Vec<CreditRow>, AppError> {
    let classes = class::Entity::find()
        .filter(class::Column::Id.is_in(class_ids.clone()))
        .order_by_asc(class::Column::Id)
        .all(db)
        .await?;
    let projects: HashMap<i32, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(classes.iter().map(|c| c.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let rules: HashMap<i32, (i32, bool)> = programme::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.onsite_day_hours, p.cap_online_hours)))
        .collect();
    let sessions = session::Entity::find()
        .filter(session::Column::ClassId.is_in(class_ids.clone()))
        .all(db)
        .await?;
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .filter(checkin::Column::State.eq(CheckinState::Valid))
        .all(db)
        .await?;
    let valid = ValidRecords::new(&checkins);
    let online = online_hours::Entity::find()
        .filter(online_hours::Column::ClassId.is_in(class_ids.clone()))
        .all(db)
        .await?;
    // The registry (学分登记) takes only trainees their county sent or confirmed: a
    // contractor's own row awaiting confirmation earns no credit (issue 34).
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.is_in(class_ids))
        .filter(enrolment::Column::Confirmed.eq(true))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let trainees: HashMap<i32, trainee::Model> = trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(enrolments.iter().map(|e| e.trainee_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let counties: HashMap<i32, String> = county::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut rows = Vec::new();
    for e in &enrolments {
        let (Some(t), Some(c)) = (
            trainees.get(&e.trainee_id),
            classes.iter().find(|c| c.id == e.class_id),
        ) else {
            continue;
        };
        let Some(p) = projects.get(&c.project_id) else {
            continue;
        };
        let (day, cap) = rules.get(&p.programme_id).copied().unwrap_or((6, true));
        let onsite: i32 = sessions
            .iter()
            .filter(|s| s.class_id == c.id && valid.attended(s, t.id))
            .map(|s| session_halves(s, day))
            .sum();
        let online_halves: i32 = online
            .iter()
            .filter(|r| r.class_id == c.id && r.trainee_id == t.id)
            .filter(|r| r.state.credited())
            .map(|r| r.half_hours)
            .sum();
        let required = p.online_hours;
        let online_capped = match required {
            Some(r) if cap => online_halves.min(r * 2),
            _ => online_halves,
        };
        rows.push(CreditRow {
            trainee_id: t.id,
            county_id: t.county_id,
            name: t.name.clone(),
            phone: match (phones, Phone::parse(&t.phone)) {
                (Phones::Masked, Ok(p)) => p.masked(),
                (Phones::Masked, Err(_)) if t.phone.trim().is_empty() => String::new(),
                // A number that does not parse (an old import) could still be one: hide it all.
                (Phones::Masked, Err(_)) => "****".to_owned(),
                (Phones::Full, _) => t.phone.clone(),
            },
            school: t.school.clone().unwrap_or_default(),
            county: t
                .county_id
                .and_then(|id| counties.get(&id).cloned())
                .or_else(|| t.county_name.clone())
                .unwrap_or_default(),
            project: p.name.clone(),
            class_name: c.name.clone(),
            onsite: Hours::from_halves(onsite),
            online: Hours::from_halves(online_capped),
            total: Hours::from_halves(onsite + online_capped),
            required,
            met: required.is_none_or(|r| online_halves >= r * 2),
        });
    }
    Ok(rows)
}

/// A full day (4 hours or more) earns `day` 学时, a shorter session half of it; in half-hours.
fn session_halves(s: &session::Model, day: i32) -> i32 {
    if s.ends_at - s.starts_at >= chrono::Duration::hours(4) {
        day * 2
    } else {
        day
    }
}

/// Figures are numbers in XLSX, so the registry's template can sum them.
pub fn credits_table(rows: &[CreditRow]) -> Table {
    let hours = |h: Hours| Cell::Number(f64::from(h.halves()) / 2.0, h.to_string());
    Table {
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.name.clone()),
                    Cell::Text(r.phone.clone()),
                    Cell::Text(r.school.clone()),
                    Cell::Text(r.county.clone()),
                    Cell::Text(r.project.clone()),
                    Cell::Text(r.class_name.clone()),
                    hours(r.onsite),
                    hours(r.online),
                    hours(r.total),
                    Cell::Text(if r.met { t::YES } else { t::NO }.to_owned()),
                ]
            })
            .collect(),
        ..Table::new(t::CREDITS_HEADER)
    }
}

pub fn credits_csv(rows: &[CreditRow]) -> Result<Vec<u8>, AppError> {
    tabular::csv(&credits_table(rows))
}

pub fn credits_xlsx(rows: &[CreditRow]) -> Result<Vec<u8>, AppError> {
    tabular::xlsx(&credits_table(rows))
}
