//! Classes and their sessions: created by the project's contractor, listed on the class page.
use super::access::{owned_class, owned_project};
use super::form::*;

use super::types::*;
use crate::auth::service::audit;
use crate::db::Db;
use crate::entities::{checkin, class, enrolment, programme, project, session};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{CheckinState, Kind};
use crate::time::{cst_instant, span};
use chrono::NaiveDate;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub async fn class_row(db: &Db, c: class::Model) -> Result<ClassRow, AppError> {
    let mut rows = class_rows(db, vec![c]).await?;
    rows.pop().ok_or(AppError::NotFound)
}

/// Many classes' rows with two grouped counts in all, not two per class: the 12,000-trainee
/// project page lists about 200 classes (issue 15).
pub async fn class_rows(db: &Db, classes: Vec<class::Model>) -> Result<Vec<ClassRow>, AppError> {
    let ids: Vec<i32> = classes.iter().map(|c| c.id).collect();
    let enrolled = per_class(
        enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::ClassId)
            .column_as(enrolment::Column::TraineeId.count(), "n")
            .filter(enrolment::Column::ClassId.is_in(ids.clone()))
            // 在册 counts the trainees the counties sent (issue 34).
            .filter(enrolment::Column::Confirmed.eq(true))
            .group_by(enrolment::Column::ClassId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let sessions = per_class(
        session::Entity::find()
            .select_only()
            .column(session::Column::ClassId)
            .column_as(session::Column::Id.count(), "n")
            .filter(session::Column::ClassId.is_in(ids))
            .group_by(session::Column::ClassId)
            .into_tuple()
            .all(db)
            .await?,
    );
    Ok(classes
        .into_iter()
        .map(|c| {
            let (enrolled, sessions) = (enrolled.get(&c.id), sessions.get(&c.id));
            row_of(
                c,
                enrolled.copied().unwrap_or(0),
                sessions.copied().unwrap_or(0),
            )
        })
        .collect())
}

fn per_class(counts: Vec<(i32, i64)>) -> HashMap<i32, u64> {
    counts
        .into_iter()
        .map(|(class, n)| (class, n.max(0) as u64))
        .collect()
}

fn row_of(c: class::Model, enrolled: u64, sessions: u64) -> ClassRow {
    ClassRow {
        id: c.id,
        dates: format!(
            "{} 至 {}",
            c.start_date.format("%Y-%m-%d"),
            c.end_date.format("%Y-%m-%d")
        ),
        name: c.name,
        venue: c.venue,
        head_teacher: c.head_teacher,
        capacity: c.capacity,
        enrolled,
        sessions,
    }
}

/// The days a programme's classes may use: its own first and last day where the admin set
/// them, else the notice's year and the next (two-year projects run on, 两年递进).
pub fn programme_window(p: &programme::Model) -> (NaiveDate, NaiveDate) {
    let first = p
        .start_date
        .or_else(|| NaiveDate::from_ymd_opt(p.year, 1, 1))
        .unwrap_or(NaiveDate::MIN);
    let last = p
        .end_date
        .or_else(|| NaiveDate::from_ymd_opt(p.year + 1, 12, 31))
        .unwrap_or(NaiveDate::MAX);
    (first, last)
}

/// A class as typed into the form; every field is checked with a message saying which.
pub struct NewClass {
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    pub venue: String,
    pub head_teacher: String,
    pub capacity: String,
}

pub async fn create_class(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    project_id: i32,
    form: NewClass,
) -> Result<i32, AppError> {
    let p = owned_project(db, contractor_id, project_id).await?;
    let name = required(&form.name, t::ERR_CLASS_NAME)?;
    let start = parse_date(&form.start_date, t::FIELD_START_DATE)?;
    let end = parse_date(&form.end_date, t::FIELD_END_DATE)?;
    if end < start {
        return Err(AppError::invalid(t::ERR_END_BEFORE_START));
    }
    let programme = programme::Entity::find_by_id(p.programme_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (first, last) = programme_window(&programme);
    if start < first || end > last {
        return Err(AppError::invalid(t::err_class_outside_programme(
            &first.to_string(),
            &last.to_string(),
        )));
    }
    let capacity = match form.capacity.trim() {
        "" => None,
        s => Some(
            s.parse::<i32>()
                .ok()
                .filter(|n| (1..=5000).contains(n))
                .ok_or_else(|| AppError::invalid(t::ERR_CAPACITY))?,
        ),
    };
    let row = class::ActiveModel {
        project_id: Set(p.id),
        name: Set(name),
        start_date: Set(start),
        end_date: Set(end),
        venue: Set(optional(&form.venue)),
        head_teacher: Set(optional(&form.head_teacher)),
        capacity: Set(capacity),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let target = format!("class:{}", row.id);
    audit(db, Some(actor), "create_class", &target, &row.name, None).await?;
    Ok(row.id)
}

pub struct NewSession {
    pub title: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub opens_min: String,
    pub late_min: String,
    pub checkout_required: bool,
    /// "28.6837, 115.8900" or empty.
    pub geofence: String,
    pub radius_m: String,
}

pub async fn create_session(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    class_id: i32,
    form: NewSession,
) -> Result<i32, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let title = required(&form.title, t::ERR_SESSION_TITLE)?;
    let date = parse_date(&form.date, t::FIELD_DATE)?;
    if date < c.start_date || date > c.end_date {
        return Err(AppError::invalid(t::ERR_SESSION_OUTSIDE_CLASS));
    }
    let starts = parse_time(&form.starts, t::FIELD_STARTS)?;
    let ends = parse_time(&form.ends, t::FIELD_ENDS)?;
    if ends <= starts {
        return Err(AppError::invalid(t::ERR_END_BEFORE_START));
    }
    let opens = parse_minutes(&form.opens_min, 30, t::FIELD_OPENS)?;
    let late = parse_minutes(&form.late_min, 10, t::FIELD_LATE)?;
    let fence = parse_geofence(&form.geofence, &form.radius_m)?;
    let row = session::ActiveModel {
        class_id: Set(c.id),
        title: Set(title),
        date: Set(date),
        starts_at: Set(cst_instant(date, starts)),
        ends_at: Set(cst_instant(date, ends)),
        venue: Set(c.venue.clone()),
        geofence_lat: Set(fence.map(|f| f.0)),
        geofence_lon: Set(fence.map(|f| f.1)),
        geofence_radius_m: Set(fence.map(|f| f.2)),
        checkin_opens_min: Set(opens),
        late_after_min: Set(late),
        checkout_required: Set(form.checkout_required),
        ..Default::default()
    };
    // With the class's kept session count, which the county figures' expected attendance
    // follows (`counts::session_added`), in one transaction.
    let txn = crate::db::begin_write(db).await?;
    let row = row.insert(&txn).await?;
    super::counts::session_added(&txn, c.id).await?;
    txn.commit().await?;
    let target = format!("session:{}", row.id);
    audit(db, Some(actor), "create_session", &target, &row.title, None).await?;
    Ok(row.id)
}

pub async fn class_detail(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
) -> Result<ClassDetail, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = session::Entity::find()
        .filter(session::Column::ClassId.eq(c.id))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    let rows = checkin::Entity::find()
        .filter(checkin::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .filter(checkin::Column::Kind.eq(Kind::In))
        .filter(checkin::Column::State.eq(CheckinState::Valid))
        .all(db)
        .await?;
    let mut counts: HashMap<i32, (u64, u64)> = HashMap::new();
    for r in rows {
        let e = counts.entry(r.session_id).or_default();
        e.0 += 1;
        e.1 += u64::from(!r.flags.is_empty());
    }
    Ok(ClassDetail {
        default_date: crate::time::cst_today()
            .clamp(c.start_date, c.end_date)
            .format("%Y-%m-%d")
            .to_string(),
        project_id: p.id,
        project: p.name,
        sessions: sessions
            .into_iter()
            .map(|s| {
                let (checked_in, flagged) = counts.get(&s.id).copied().unwrap_or_default();
                SessionRow {
                    id: s.id,
                    when: span(s.date, s.starts_at, s.ends_at),
                    title: s.title,
                    checked_in,
                    flagged,
                    checkout_required: s.checkout_required,
                }
            })
            .collect(),
        class: class_row(db, c.into_model()).await?,
    })
}
