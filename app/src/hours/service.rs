//! The online-hours ledger: trainees record, contractors review. The daily cap holds under
//! concurrent submissions because the check and the insert share one write transaction that
//! is serialised per trainee (BEGIN IMMEDIATE on SQLite, a row lock on PostgreSQL).
use super::types::*;
use crate::auth::service::audit;
use crate::db::{begin_write, now, Db};
use crate::entities::{class, enrolment, online_hours, programme, project, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{Disputed, HoursState};
use crate::training::access::owned_class;
use crate::training::enrolment::{class_ids_of, project_names, trainee_of};
use chrono::NaiveDate;
use sea_orm::{
    prelude::*, ActiveValue::Set, DatabaseTransaction, DbBackend, QueryOrder, QuerySelect,
};

/// A record as typed into the form.
pub struct HoursForm {
    pub class_id: i32,
    pub date: String,
    pub hours: String,
    pub activity: String,
    pub note: String,
}

struct Checked {
    trainee_id: i32,
    class_id: i32,
    date: NaiveDate,
    hours: Hours,
    activity: String,
    note: Option<String>,
}

/// Parses and checks everything that does not need the write lock.
async fn check(
    db: &Db,
    user_id: i32,
    form: HoursForm,
    today: NaiveDate,
) -> Result<Checked, AppError> {
    let hours = Hours::parse(&form.hours).map_err(AppError::Invalid)?;
    let activity = form.activity.trim().chars().take(200).collect::<String>();
    if activity.is_empty() {
        return Err(AppError::invalid(t::ERR_HOURS_ACTIVITY));
    }
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(t::err_date(t::FIELD_DATE)))?;
    if date > today {
        return Err(AppError::invalid(t::ERR_HOURS_FUTURE));
    }
    let me = trainee_of(db, user_id).await?.ok_or(AppError::Forbidden)?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(me.id))
        .filter(enrolment::Column::ClassId.eq(form.class_id))
        .one(db)
        .await?;
    if enrolled.is_none() {
        return Err(AppError::Forbidden);
    }
    let (from, to) = window(db, form.class_id).await?;
    if date < from || date > to {
        return Err(AppError::invalid(t::err_hours_outside(
            &from.format("%Y-%m-%d").to_string(),
            &to.format("%Y-%m-%d").to_string(),
        )));
    }
    let note =
        Some(form.note.trim().chars().take(500).collect::<String>()).filter(|n| !n.is_empty());
    Ok(Checked {
        trainee_id: me.id,
        class_id: form.class_id,
        date,
        hours,
        activity,
        note,
    })
}

/// The class's period; a purely online project (no on-site days) uses its programme's year.
pub(super) async fn window(
    db: &impl ConnectionTrait,
    class_id: i32,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let c = class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.onsite_days.unwrap_or(0) > 0 {
        return Ok((c.start_date, c.end_date));
    }
    let year = programme::Entity::find_by_id(p.programme_id)
        .one(db)
        .await?
        .map_or(
            c.start_date
                .format("%Y")
                .to_string()
                .parse()
                .unwrap_or(2022),
            |p| p.year,
        );
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).ok_or(AppError::Internal);
    Ok((day(1, 1)?, day(12, 31)?))
}

/// Takes the per-trainee lock, then refuses if the day's total would pass 12 hours.
async fn within_cap(
    txn: &DatabaseTransaction,
    c: &Checked,
    except: Option<i32>,
) -> Result<(), AppError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        trainee::Entity::find_by_id(c.trainee_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    let mut query = online_hours::Entity::find()
        .filter(online_hours::Column::TraineeId.eq(c.trainee_id))
        .filter(online_hours::Column::Date.eq(c.date));
    if let Some(id) = except {
        query = query.filter(online_hours::Column::Id.ne(id));
    }
    let already: i32 = query
        .all(txn)
        .await?
        .iter()
        .filter(|r| r.state.counts())
        .map(|r| r.half_hours)
        .sum();
    if already + c.hours.halves() > Hours::DAILY_CAP.halves() {
        let date = c.date.format("%Y-%m-%d").to_string();
        return Err(AppError::invalid(t::err_hours_daily_cap(
            &date,
            &Hours::from_halves(already).to_string(),
        )));
    }
    Ok(())
}

pub async fn record(
    db: &Db,
    user_id: i32,
    form: HoursForm,
    today: NaiveDate,
) -> Result<i32, AppError> {
    let c = check(db, user_id, form, today).await?;
    let txn = begin_write(db).await?;
    within_cap(&txn, &c, None).await?;
    let row = online_hours::ActiveModel {
        class_id: Set(c.class_id),
        trainee_id: Set(c.trainee_id),
        date: Set(c.date),
        half_hours: Set(c.hours.halves()),
        activity: Set(c.activity),
        note: Set(c.note),
        state: Set(HoursState::Pending),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The trainee's own pending record, or why not.
pub(crate) async fn own_pending(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<online_hours::Model, AppError> {
    let row = online_hours::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = trainee::Entity::find_by_id(row.trainee_id).one(db).await?;
    if owner.map(|t| t.user_id) != Some(user_id) {
        return Err(AppError::Forbidden);
    }
    if row.state != HoursState::Pending {
        return Err(AppError::invalid(t::ERR_HOURS_NOT_PENDING));
    }
    Ok(row)
}

pub async fn edit(
    db: &Db,
    user_id: i32,
    id: i32,
    form: HoursForm,
    today: NaiveDate,
) -> Result<(), AppError> {
    let existing = own_pending(db, user_id, id).await?;
    let c = check(
        db,
        user_id,
        HoursForm {
            class_id: existing.class_id,
            ..form
        },
        today,
    )
    .await?;
    let txn = begin_write(db).await?;
    let row = own_pending(&txn, user_id, id).await?;
    within_cap(&txn, &c, Some(id)).await?;
    let mut row: online_hours::ActiveModel = row.into();
    row.date = Set(c.date);
    row.half_hours = Set(c.hours.halves());
    row.activity = Set(c.activity);
    row.note = Set(c.note);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws a pending record and lets go of its images: the names are returned for the
/// caller to delete, so a trainee cannot fill the disk by uploading and withdrawing in a
/// loop (issue 13).
pub async fn withdraw(db: &Db, user_id: i32, id: i32) -> Result<Vec<String>, AppError> {
    let txn = begin_write(db).await?;
    let own = own_pending(&txn, user_id, id).await?;
    let released = super::types::names(&own.evidence);
    let mut row: online_hours::ActiveModel = own.into();
    row.state = Set(HoursState::Withdrawn);
    row.evidence = Set(None);
    row.evidence_bytes = Set(0);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(released)
}

/// Every class of the trainee with its records and progress.
pub async fn my_hours(db: &Db, user_id: i32) -> Result<Vec<ClassHours>, AppError> {
    let Some(me) = trainee_of(db, user_id).await? else {
        return Ok(vec![]);
    };
    let class_ids = class_ids_of(db, me.id).await?;
    let classes = class::Entity::find()
        .filter(class::Column::Id.is_in(class_ids))
        .order_by_asc(class::Column::StartDate)
        .all(db)
        .await?;
    let projects: Vec<project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(classes.iter().map(|c| c.project_id)))
        .all(db)
        .await?;
    let names = project_names(db, classes.iter().map(|c| c.project_id)).await?;
    let rows = online_hours::Entity::find()
        .filter(online_hours::Column::TraineeId.eq(me.id))
        .order_by_desc(online_hours::Column::Date)
        .order_by_desc(online_hours::Column::Id)
        .all(db)
        .await?;
    let disputed = crate::training::dispute::mine(db, me.id).await?;
    Ok(classes
        .into_iter()
        .map(|c| {
            let mine: Vec<&online_hours::Model> =
                rows.iter().filter(|r| r.class_id == c.id).collect();
            let sum = |states: &[HoursState]| {
                Hours::from_halves(
                    mine.iter()
                        .filter(|r| states.contains(&r.state))
                        .map(|r| r.half_hours)
                        .sum(),
                )
            };
            ClassHours {
                class_id: c.id,
                project: names.get(&c.project_id).cloned().unwrap_or_default(),
                required: projects
                    .iter()
                    .find(|p| p.id == c.project_id)
                    .and_then(|p| p.online_hours),
                approved: sum(&[
                    HoursState::Approved,
                    HoursState::Reported,
                    HoursState::Verified,
                ]),
                pending: sum(&[HoursState::Pending]),
                rows: mine
                    .iter()
                    .map(|r| HoursRow {
                        disputed: disputed.contains(&(Disputed::Hours, r.id)),
                        ..row(r)
                    })
                    .collect(),
                today: crate::time::cst_today().format("%Y-%m-%d").to_string(),
                class_name: c.name,
            }
        })
        .collect())
}

fn row(r: &online_hours::Model) -> HoursRow {
    HoursRow {
        id: r.id,
        date: r.date.format("%Y-%m-%d").to_string(),
        hours: Hours::from_halves(r.half_hours),
        activity: r.activity.clone(),
        note: r.note.clone(),
        state: r.state,
        reject_reason: r.reject_reason.clone(),
        evidence: names(&r.evidence),
        disputed: false,
    }
}

/// A class's pending records, oldest first, for its own contractor.
pub async fn queue(db: &Db, contractor_id: i32, class_id: i32) -> Result<ReviewQueue, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let rows = online_hours::Entity::find()
        .filter(online_hours::Column::ClassId.eq(c.id))
        .filter(online_hours::Column::State.eq(HoursState::Pending))
        .order_by_asc(online_hours::Column::Date)
        .order_by_asc(online_hours::Column::Id)
        .all(db)
        .await?;
    // The roster's names: a row awaiting its county shows the contractor's own file's name,
    // never what Peixun holds about the phone (issue 34).
    let names: std::collections::HashMap<i32, String> =
        crate::training::enrolment::roster_entries(db, c.id)
            .await?
            .into_iter()
            .map(|(t, _)| (t.id, t.name))
            .collect();
    Ok(ReviewQueue {
        class_id: c.id,
        class_name: c.name.clone(),
        rows: rows
            .into_iter()
            .map(|r| QueueRow {
                id: r.id,
                trainee: names.get(&r.trainee_id).cloned().unwrap_or_default(),
                date: r.date.format("%Y-%m-%d").to_string(),
                hours: Hours::from_halves(r.half_hours),
                evidence: super::types::names(&r.evidence),
                activity: r.activity,
                note: r.note,
            })
            .collect(),
    })
}

pub struct Decision {
    pub ids: Vec<i32>,
    pub approve: bool,
    pub reason: String,
}

/// Approves or rejects pending records of the contractor's own classes, each audited. Records
/// of another contractor's class, or no longer pending, are refused and nothing changes.
pub async fn review(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    mut decision: Decision,
) -> Result<usize, AppError> {
    decision.ids.sort_unstable();
    decision.ids.dedup();
    if decision.ids.is_empty() {
        return Err(AppError::invalid(t::ERR_HOURS_NONE_SELECTED));
    }
    let reason = decision.reason.trim().to_owned();
    if !decision.approve && reason.is_empty() {
        return Err(AppError::invalid(t::ERR_HOURS_REASON));
    }
    let find =
        online_hours::Entity::find().filter(online_hours::Column::Id.is_in(decision.ids.clone()));
    let classes: std::collections::BTreeSet<i32> = find
        .clone()
        .all(db)
        .await?
        .iter()
        .map(|r| r.class_id)
        .collect();
    // Ownership is checked before the write transaction: on SQLite it holds the only connection.
    for class_id in classes {
        owned_class(db, contractor_id, class_id).await?;
    }
    let txn = begin_write(db).await?;
    let rows = find.all(&txn).await?;
    if rows.len() != decision.ids.len() {
        return Err(AppError::NotFound);
    }
    if rows.iter().any(|r| r.state != HoursState::Pending) {
        return Err(AppError::invalid(t::ERR_HOURS_ALREADY_REVIEWED));
    }
    let state = if decision.approve {
        HoursState::Approved
    } else {
        HoursState::Rejected
    };
    let count = rows.len();
    let touched: Vec<i32> = rows.iter().map(|r| r.class_id).collect();
    for r in rows {
        let target = format!("online_hours:{}", r.id);
        let detail = format!("{} {}", state.as_str(), reason);
        let mut r: online_hours::ActiveModel = r.into();
        r.state = Set(state);
        r.reviewed_by = Set(Some(actor));
        r.reject_reason = Set(Some(reason.clone()).filter(|_| !decision.approve));
        r.update(&txn).await?;
        audit(
            &txn,
            Some(actor),
            "review_hours",
            &target,
            detail.trim(),
            None,
        )
        .await?;
    }
    // Approved hours count towards completion (issue 15); pending and withdrawn ones never
    // do, so the trainee's own writes leave the counts alone.
    crate::training::counts::refresh(&txn, &touched).await?;
    txn.commit().await?;
    Ok(count)
}
