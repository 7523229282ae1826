//! Login slips and resets: the only place a contractor touches a trainee's credential, and
//! it never sees one that works except the one-time code it is printing now (issue 12).
//!
//! A contractor may issue codes only for accounts its own import made (`issuer`): a roster
//! that names another contractor's trainee enrols them, but cannot take them over. A code
//! for a trainee who chose a PIN is a reset: audited with the class, counted for evaluators,
//! and told to the trainee when they next log in.
use super::access::OwnedClass;
use super::enrolment::roster_of;
use super::types::*;
use crate::auth::credential::{issue_codes, Issue};
use crate::auth::{Me, Phone};
use crate::db::Db;
use crate::entities::{app_user, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::password::Hasher;
use sea_orm::prelude::*;
use std::collections::HashMap;

async fn accounts(
    db: &Db,
    trainees: &[trainee::Model],
) -> Result<HashMap<i32, app_user::Model>, AppError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(trainees.iter().map(|t| t.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

fn masked(phone: &str) -> String {
    Phone::parse(phone).map_or_else(|_| phone.to_owned(), |p| p.masked())
}

/// The roster with who has activated, for the slips page.
pub async fn roster_access(
    db: &Db,
    contractor_id: i32,
    class: OwnedClass,
) -> Result<RosterAccess, AppError> {
    let trainees = roster_of(db, class.id).await?;
    let users = accounts(db, &trainees).await?;
    let rows = trainees
        .into_iter()
        .map(|tr| AccessRow {
            trainee_id: tr.id,
            activated: users
                .get(&tr.user_id)
                .is_some_and(|u| !u.password_hash.is_empty()),
            ours: tr.issuer_contractor_id == Some(contractor_id),
            phone: masked(&tr.phone),
            name: tr.name,
        })
        .collect();
    Ok(RosterAccess {
        class_id: class.id,
        class_name: class.name.clone(),
        rows,
    })
}

fn slips(class: &OwnedClass, origin: String, rows: Vec<RosterCodeRow>) -> RosterCodes {
    RosterCodes {
        class_id: class.id,
        class_name: class.name.clone(),
        origin,
        rows,
    }
}

/// New one-time codes for every trainee of the class who has not chosen a PIN and whose
/// account this contractor made. Codes printed before for them stop working.
pub async fn issue_slips(
    db: &Db,
    hasher: &Hasher,
    (me, contractor_id): (&Me, i32),
    class: OwnedClass,
    origin: String,
) -> Result<RosterCodes, AppError> {
    let trainees: Vec<trainee::Model> = roster_of(db, class.id)
        .await?
        .into_iter()
        .filter(|tr| tr.issuer_contractor_id == Some(contractor_id))
        .collect();
    let users = accounts(db, &trainees).await?;
    let waiting: Vec<&trainee::Model> = trainees
        .iter()
        .filter(|tr| {
            users
                .get(&tr.user_id)
                .is_some_and(|u| u.password_hash.is_empty())
        })
        .collect();
    let issue: Vec<(i32, Issue)> = waiting
        .iter()
        .map(|tr| (tr.user_id, Issue::First))
        .collect();
    let mut codes: HashMap<i32, String> =
        issue_codes(db, hasher, (me.user_id, &me.display_name), &issue)
            .await?
            .into_iter()
            .collect();
    let rows = waiting
        .into_iter()
        .filter_map(|tr| {
            Some(RosterCodeRow {
                code: codes.remove(&tr.user_id)?,
                name: tr.name.clone(),
                phone: tr.phone.clone(),
            })
        })
        .collect();
    Ok(slips(&class, origin, rows))
}

/// A trainee forgot their PIN: a new one-time code, for a trainee of this class whose account
/// this contractor made.
pub async fn reset_pin(
    db: &Db,
    hasher: &Hasher,
    (me, contractor_id): (&Me, i32),
    class: OwnedClass,
    trainee_id: i32,
    origin: String,
) -> Result<RosterCodes, AppError> {
    let tr = roster_of(db, class.id)
        .await?
        .into_iter()
        .find(|tr| tr.id == trainee_id)
        .ok_or(AppError::NotFound)?;
    if tr.issuer_contractor_id != Some(contractor_id) {
        return Err(AppError::invalid(t::ERR_RESET_NOT_OURS));
    }
    let issue = [(tr.user_id, Issue::Reset { class_id: class.id })];
    let (_, code) = issue_codes(db, hasher, (me.user_id, &me.display_name), &issue)
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    let row = RosterCodeRow {
        name: tr.name,
        phone: tr.phone,
        code,
    };
    Ok(slips(&class, origin, vec![row]))
}
