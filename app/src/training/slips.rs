//! Login slips and resets (issue 34): the side that sends a trainee hands out their first
//! code, on the 调训通知 slip. A county prints slips for its own nominees and resets its own
//! teachers' PINs; the province (or the admin) for any. A contractor never sees a code.
//!
//! A code for a trainee who chose a PIN is a reset: audited, counted for evaluators in every
//! class the trainee attends at the time (`survey::integrity`), and told to the trainee when
//! they next log in.
use super::access::{nominating_project, Nominator, OwnedClass};
use super::enrolment::roster_entries;
use super::nominees::{masked, people};
use super::types::*;
use crate::auth::credential::{issue_codes, Issue};
use crate::db::Db;
use crate::entities::{app_user, nomination, trainee};
use crate::error::AppError;
use crate::password::Hasher;
use sea_orm::prelude::*;
use std::collections::HashMap;

/// The roster with who has activated and who counts, for the contractor: never a code.
pub async fn roster_access(db: &Db, class: OwnedClass) -> Result<RosterAccess, AppError> {
    let entries = roster_entries(db, class.id).await?;
    let users: HashMap<i32, bool> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(entries.iter().map(|(t, _)| t.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, !u.password_hash.is_empty()))
        .collect();
    let rows = entries
        .into_iter()
        .map(|(tr, confirmed)| AccessRow {
            trainee_id: tr.id,
            activated: confirmed && users.get(&tr.user_id).copied().unwrap_or(false),
            confirmed,
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

fn slips(project: (i32, String), origin: String, rows: Vec<RosterCodeRow>) -> RosterCodes {
    RosterCodes {
        class_id: project.0,
        class_name: project.1,
        origin,
        rows,
    }
}

/// New one-time codes for the caller's nominees of the project who have not chosen a PIN.
/// Codes printed before for them stop working.
pub async fn issue_slips(
    db: &Db,
    hasher: &Hasher,
    n: &Nominator,
    project_id: i32,
    origin: String,
) -> Result<RosterCodes, AppError> {
    let p = nominating_project(db, n, project_id).await?;
    let ids: Vec<i32> = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| n.sends_for(m.county_id))
        .map(|m| m.trainee_id)
        .collect();
    let people = people(db, ids.iter().copied()).await?;
    // The trainee's own county too, not only the nomination's (a county prints codes for its
    // own teachers only).
    let waiting: Vec<&trainee::Model> = ids
        .iter()
        .filter_map(|id| people.get(id))
        .filter(|(t, activated)| !activated && n.sends_for(t.county_id))
        .map(|(t, _)| t)
        .collect();
    let issue: Vec<(i32, Issue)> = waiting.iter().map(|t| (t.user_id, Issue::First)).collect();
    let mut codes: HashMap<i32, String> =
        issue_codes(db, hasher, (n.user_id, &n.display_name), &issue)
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
    Ok(slips((p.id, p.name), origin, rows))
}

/// A teacher forgot their PIN: a new one-time code from their county (or the province).
pub async fn reset_pin(
    db: &Db,
    hasher: &Hasher,
    n: &Nominator,
    (project_id, trainee_id): (i32, i32),
    origin: String,
) -> Result<RosterCodes, AppError> {
    let p = nominating_project(db, n, project_id).await?;
    let nominated = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(p.id))
        .filter(nomination::Column::TraineeId.eq(trainee_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !n.sends_for(nominated.county_id) {
        return Err(AppError::NotFound);
    }
    let tr = trainee::Entity::find_by_id(trainee_id)
        .one(db)
        .await?
        .filter(|t| n.sends_for(t.county_id))
        .ok_or(AppError::NotFound)?;
    let issue = [(tr.user_id, Issue::Reset)];
    let (_, code) = issue_codes(db, hasher, (n.user_id, &n.display_name), &issue)
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    let row = RosterCodeRow {
        name: tr.name,
        phone: tr.phone,
        code,
    };
    Ok(slips((p.id, p.name), origin, vec![row]))
}
