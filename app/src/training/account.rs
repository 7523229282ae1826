//! A trainee's account, made by whoever first names the phone: the county that sends the
//! teacher (`nomination.rs`), or a contractor's roster (`roster.rs`, then 承训单位自建 and
//! unconfirmed). Either way it has no credential until the sending side prints its slip.
use crate::auth::{Phone, Role};
use crate::db::now;
use crate::entities::{app_user, trainee};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::{prelude::*, ActiveValue::Set, DatabaseTransaction};

/// One teacher as a roster or nomination file (or the county's form) gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub line: usize,
    pub name: String,
    pub phone: Phone,
    pub school: Option<String>,
    pub county: Option<String>,
    pub subject: Option<String>,
    pub stage: Option<String>,
    /// 是否乡村学校: "是", "Y" or "1" (the notice's §二 leans selection towards them).
    pub rural: bool,
}

/// A phone another import or nomination made an account a moment ago (unique login): a
/// clear message and nothing written, never a 500.
pub fn raced(err: sea_orm::DbErr) -> AppError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            AppError::invalid(t::ERR_ROSTER_RACED)
        }
        _ => err.into(),
    }
}

/// A new trainee for the row: no PIN, no code. `county` is the county table's id and the
/// name as written; `issuer` the contractor whose roster made it, if one did.
pub async fn create_trainee(
    txn: &DatabaseTransaction,
    row: &RosterRow,
    (county_id, county_name): (Option<i32>, Option<String>),
    issuer: Option<i32>,
) -> Result<trainee::Model, AppError> {
    let user = app_user::ActiveModel {
        role: Set(Role::Trainee.as_str().to_owned()),
        login: Set(row.phone.as_str().to_owned()),
        display_name: Set(row.name.clone()),
        password_hash: Set(String::new()),
        county_id: Set(county_id),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(raced)?;
    Ok(trainee::ActiveModel {
        user_id: Set(user.id),
        name: Set(row.name.clone()),
        phone: Set(row.phone.as_str().to_owned()),
        school: Set(row.school.clone()),
        county_id: Set(county_id),
        county_name: Set(county_name),
        subject: Set(row.subject.clone()),
        stage: Set(row.stage.clone()),
        issuer_contractor_id: Set(issuer),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}
