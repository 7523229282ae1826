//! What a county (or the province) reads on a project's 调训 page: the places, its nominees
//! with who has activated, and the contractor's own rows of its teachers awaiting it.
use super::access::{nominating_project, Nominator};
use super::types::*;
use crate::auth::Phone;
use crate::db::Db;
use crate::entities::{
    allocation, app_user, class, county, enrolment, nomination, project, trainee,
};
use crate::error::AppError;
use sea_orm::{prelude::*, QueryOrder};
use std::collections::HashMap;

/// The project's 调训 page, limited to the caller's county.
pub async fn nominations(db: &Db, n: &Nominator, project_id: i32) -> Result<Nominations, AppError> {
    let p = nominating_project(db, n, project_id).await?;
    let counties: HashMap<i32, String> = county::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let name = |id: Option<i32>| county_name(&counties, id);
    let noms = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(p.id))
        .order_by_asc(nomination::Column::Id)
        .all(db)
        .await?;
    let mut places = Vec::new();
    for a in allocation::Entity::find()
        .filter(allocation::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|a| n.sends_for(Some(a.county_id)))
    {
        places.push(PlaceRow {
            county: name(Some(a.county_id)),
            places: a.places,
            nominated: noms
                .iter()
                .filter(|m| m.county_id == Some(a.county_id))
                .count() as u32,
        });
    }
    let mine: Vec<&nomination::Model> = noms.iter().filter(|m| n.sends_for(m.county_id)).collect();
    let people = people(db, mine.iter().map(|m| m.trainee_id)).await?;
    let nominees = mine
        .iter()
        .filter_map(|m| {
            let (tr, activated) = people.get(&m.trainee_id)?;
            Some(NomineeRow {
                trainee_id: tr.id,
                name: tr.name.clone(),
                phone: tr.phone.clone(),
                school: tr.school.clone().unwrap_or_default(),
                county: match m.county_id {
                    Some(_) => name(m.county_id),
                    None => tr.county_name.clone().unwrap_or_default(),
                },
                rural: m.rural,
                activated: *activated,
            })
        })
        .collect();
    Ok(Nominations {
        project_id: p.id,
        project: p.name.clone(),
        headcount: p.headcount,
        province: n.is_province(),
        places,
        nominees,
        pending: pending(db, n, &p, &counties).await?,
    })
}

/// Trainees with whether they chose a PIN.
pub(super) async fn people(
    db: &Db,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (trainee::Model, bool)>, AppError> {
    let trainees = trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let users: HashMap<i32, bool> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(trainees.iter().map(|t| t.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, !u.password_hash.is_empty()))
        .collect();
    Ok(trainees
        .into_iter()
        .map(|t| {
            let activated = users.get(&t.user_id).copied().unwrap_or(false);
            (t.id, (t, activated))
        })
        .collect())
}

async fn pending(
    db: &Db,
    n: &Nominator,
    p: &project::Model,
    counties: &HashMap<i32, String>,
) -> Result<Vec<PendingRow>, AppError> {
    let classes: HashMap<i32, String> = class::Entity::find()
        .filter(class::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let waiting = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.is_in(classes.keys().copied()))
        .filter(enrolment::Column::Confirmed.eq(false))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let people = people(db, waiting.iter().map(|e| e.trainee_id)).await?;
    Ok(waiting
        .into_iter()
        .filter_map(|e| {
            let (tr, _) = people.get(&e.trainee_id)?;
            n.sends_for(tr.county_id).then(|| PendingRow {
                enrolment_id: e.id,
                claimed_name: e.claimed_name.clone().unwrap_or_default(),
                known_name: (tr.issuer_contractor_id.is_none()).then(|| tr.name.clone()),
                phone: masked(&tr.phone),
                class_name: classes.get(&e.class_id).cloned().unwrap_or_default(),
                county: county_name(counties, tr.county_id),
            })
        })
        .collect())
}

fn county_name(counties: &HashMap<i32, String>, id: Option<i32>) -> String {
    id.and_then(|i| counties.get(&i).cloned())
        .unwrap_or_default()
}

/// 138****5678: what staff other than the trainee's own county see of a phone.
pub(super) fn masked(phone: &str) -> String {
    Phone::parse(phone).map_or_else(|_| phone.to_owned(), |p| p.masked())
}
