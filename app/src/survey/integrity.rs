//! Survey stuffing made visible (issue 12, part 2): how many of a class's responses came
//! from a phone that also answered for another trainee, from a trainee whose credential the
//! contractor reset during the class, or from a trainee with no on-site check-in.
//!
//! Every fact here is on `participation` (who answered, and the phone's hashed device id) or
//! in the audit log (resets), never on a response: the counts say how many, never whose
//! answers, so they keep anonymity.
use super::results_types::Stuffing;
use crate::auth::credential::RESET_ACTION;
use crate::db::{Db, Sql};
use crate::entities::{audit_log, class, participation, survey, trainee};
use crate::error::AppError;
use crate::time::cst_instant;
use crate::training::attendance::SQL_VALID_IN;
use chrono::{DateTime, NaiveTime, Utc};
use sea_orm::{prelude::*, QuerySelect};
use std::collections::{HashMap, HashSet};

pub async fn stuffing(
    db: &Db,
    c: &class::Model,
    s: &survey::Model,
    at: DateTime<Utc>,
) -> Result<Stuffing, AppError> {
    let parts = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(s.id))
        .all(db)
        .await?;
    let mut per_device: HashMap<&str, u32> = HashMap::new();
    for p in &parts {
        if let Some(d) = &p.device_hash {
            *per_device.entry(d).or_default() += 1;
        }
    }
    let shared =
        |p: &participation::Model| p.device_hash.as_deref().is_some_and(|d| per_device[d] > 1);

    // Resets during the class: from its first morning to the survey's close (or now).
    let users: HashMap<i32, i32> = trainee::Entity::find()
        .select_only()
        .column(trainee::Column::Id)
        .column(trainee::Column::UserId)
        .filter(trainee::Column::Id.is_in(parts.iter().map(|p| p.trainee_id)))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let from = cst_instant(c.start_date, NaiveTime::MIN);
    let until = s.closes_at.min(at);
    let targets: Vec<String> = users.values().map(|u| format!("user:{u}")).collect();
    let reset: HashSet<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(RESET_ACTION))
        .filter(audit_log::Column::Target.is_in(targets))
        .filter(audit_log::Column::CreatedAt.between(from, until))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.target)
        .collect();
    let was_reset = |p: &participation::Model| {
        users
            .get(&p.trainee_id)
            .is_some_and(|u| reset.contains(&format!("user:{u}")))
    };

    // Who answered without a valid check-in in the class, asked per participant: EXISTS
    // stops at their first check-in, where reading the class's check-ins cost the class
    // report 11 ms for a class of 8,000 (BENCHMARKS.md).
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "SELECT p.trainee_id FROM participation p WHERE p.survey_id = ?",
        s.id,
    )
    .push(&format!(
        " AND NOT EXISTS (SELECT 1 FROM checkin i JOIN session s ON s.id = i.session_id \
         WHERE i.trainee_id = p.trainee_id AND {SQL_VALID_IN}"
    ))
    .bind(" AND s.class_id = ?)", c.id);
    let mut missing = HashSet::new();
    for row in db.query_all_raw(sql.statement()).await? {
        missing.insert(row.try_get_by_index::<i32>(0)?);
    }
    let absent = |p: &participation::Model| missing.contains(&p.trainee_id);

    let count =
        |f: &dyn Fn(&participation::Model) -> bool| parts.iter().filter(|p| f(p)).count() as u32;
    Ok(Stuffing {
        shared_device: count(&shared),
        reset: count(&was_reset),
        no_checkin: count(&absent),
        flagged: count(&|p| shared(p) || was_reset(p) || absent(p)),
        resets_in_class: resets_during(db, c, Some(s.closes_at)).await?,
        answered: parts.len() as u32,
    })
}

/// Resets of the class's trainees while the class ran (its first morning to the end of its
/// last day, or to its survey's close if later): a reset counts in every class of the trainee
/// running at the time, whoever did it and wherever it was filed (issue 34).
pub async fn resets_during(
    db: &Db,
    c: &class::Model,
    survey_closes: Option<DateTime<Utc>>,
) -> Result<u32, AppError> {
    let from = cst_instant(c.start_date, NaiveTime::MIN);
    let last_day = cst_instant(c.end_date + chrono::Duration::days(1), NaiveTime::MIN);
    let until = survey_closes.map_or(last_day, |s| s.max(last_day));
    // One read through the audit log's (action, target) index, whatever the class's size.
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "SELECT COUNT(*) FROM audit_log a WHERE a.action = ?",
        RESET_ACTION,
    )
    .bind(" AND a.created_at >= ?", from)
    .bind(" AND a.created_at < ?", until)
    .bind(
        " AND a.target IN (SELECT 'user:' || t.user_id FROM enrolment e \
             JOIN trainee t ON t.id = e.trainee_id WHERE e.class_id = ?)",
        c.id,
    );
    let row = db.query_one_raw(sql.statement()).await?;
    let count = row
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    Ok(count as u32)
}
