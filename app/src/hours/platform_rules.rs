//! Who sent a platform log and what that makes its hours (issue 34), and the rules every
//! source of hours obeys: the daily cap, the class's period, no future date.
use super::types::*;
use crate::auth::{Me, Role};
use crate::db::Db;
use crate::entities::{app_user, class, hours_import, online_hours, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::HoursState;
use crate::training::access::owned_class;
use crate::training::RosterCell;
use chrono::NaiveDate;
use sea_orm::{prelude::*, ConnectionTrait, QuerySelect};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Who sent a platform log, which says what its hours are (issue 34): a contractor's file is
/// the contractor's word (承训单位上报); only the admin or a province evaluator stores
/// 平台核验. Made only from a checked caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploader {
    Contractor { user: i32, contractor: i32 },
    Platform { user: i32 },
}

impl Uploader {
    pub fn of(me: &Me) -> Result<Uploader, AppError> {
        match (me.role, me.contractor_id, me.county_id) {
            (Role::Contractor, Some(contractor), _) => Ok(Uploader::Contractor {
                user: me.user_id,
                contractor,
            }),
            (Role::Admin, _, _) | (Role::Evaluator, _, None) => {
                Ok(Uploader::Platform { user: me.user_id })
            }
            _ => Err(AppError::Forbidden),
        }
    }

    pub(super) fn user(self) -> i32 {
        match self {
            Uploader::Contractor { user, .. } | Uploader::Platform { user } => user,
        }
    }

    /// The class, if this uploader may send its log: the contractor its own classes.
    pub(super) async fn class(self, db: &Db, class_id: i32) -> Result<class::Model, AppError> {
        match self {
            Uploader::Contractor { contractor, .. } => {
                Ok(owned_class(db, contractor, class_id).await?.into_model())
            }
            Uploader::Platform { .. } => class::Entity::find_by_id(class_id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound),
        }
    }
}

/// What a run's rows are stored as, from who uploaded it (not who applies it).
pub(super) async fn source(db: &Db, run: &hours_import::Model) -> Result<HoursState, AppError> {
    let user = app_user::Entity::find_by_id(run.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(if Role::parse(&user.role) == Some(Role::Contractor) {
        HoursState::Reported
    } else {
        HoursState::Verified
    })
}

/// The rules every source of hours obeys (DESIGN, "Hours carry their source"): a date within
/// the class's period and not after today, and at most 12 hours a day for a trainee, counting
/// what is already recorded (rows this file imported before are not counted twice).
pub(super) async fn limits(
    db: &impl ConnectionTrait,
    class_id: i32,
    roster: &HashMap<String, i32>,
    rows: &[PlatformRow],
    today: NaiveDate,
) -> Result<Vec<RosterCell>, AppError> {
    let (from, to) = super::service::window(db, class_id).await?;
    // Locked first on PostgreSQL, as a trainee's own record does (`service::within_cap`), so
    // two files at once cannot both fit under one day's cap; SQLite's writer is one.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let ids: Vec<i32> = rows
            .iter()
            .filter_map(|r| roster.get(&r.phone).copied())
            .collect();
        trainee::Entity::find()
            .filter(trainee::Column::Id.is_in(ids))
            .lock_exclusive()
            .all(db)
            .await?;
    }
    let mut errors = Vec::new();
    let mut day: HashMap<(i32, NaiveDate), i32> = HashMap::new();
    for row in rows {
        let date = stored_date(&row.date)?;
        if date > today {
            errors.push(cell(row.line, "日期", t::ERR_HOURS_FUTURE.to_owned()));
            continue;
        }
        if date < from || date > to {
            let (f, t2) = (from.format("%Y-%m-%d"), to.format("%Y-%m-%d"));
            let message = t::err_hours_outside(&f.to_string(), &t2.to_string());
            errors.push(cell(row.line, "日期", message));
            continue;
        }
        let trainee = roster[&row.phone];
        let seen = online_hours::Entity::find()
            .filter(online_hours::Column::ClassId.eq(class_id))
            .filter(online_hours::Column::ImportKey.eq(key(class_id, row)))
            .count(db)
            .await?;
        if seen > 0 {
            continue;
        }
        let total = match day.get(&(trainee, date)) {
            Some(&sum) => sum,
            None => online_hours::Entity::find()
                .filter(online_hours::Column::TraineeId.eq(trainee))
                .filter(online_hours::Column::Date.eq(date))
                .all(db)
                .await?
                .iter()
                .filter(|r| r.state.counts())
                .map(|r| r.half_hours)
                .sum(),
        };
        let after = total + row.hours.halves();
        if after > Hours::DAILY_CAP.halves() {
            // Without the hours already recorded: they may be another contractor's class's,
            // which this file's sender has no business learning (issue 34).
            let message = t::err_platform_daily_cap(&row.date);
            errors.push(cell(row.line, "学时", message));
        }
        day.insert((trainee, date), after);
    }
    Ok(errors)
}

pub(super) fn cell(line: usize, column: &str, message: String) -> RosterCell {
    RosterCell {
        line,
        column: column.to_owned(),
        message,
    }
}

pub(super) fn stored_date(date: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|e| AppError::internal("stored date", e))
}

/// A row's key, unique within its class: the same file imported again adds nothing.
pub(super) fn key(class_id: i32, row: &PlatformRow) -> String {
    hex::encode(
        &Sha256::digest(format!(
            "{class_id}|{}|{}|{}|{}",
            row.phone,
            row.course,
            row.date,
            row.hours.halves()
        ))[..16],
    )
}
