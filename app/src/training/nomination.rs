//! 调训 (issue 34, the notice's §二: "由各地教育行政部门通知参训教师按时参训"): the province
//! gives a project's places to counties, each county nominates its teachers within its
//! places and prints their slips (`slips.rs`), and confirms (确认补录) a contractor's own
//! roster row of one of its teachers. Only then does that row count anywhere.
use super::access::{nominating_project, project_reaches, Nominator};
use super::account::{create_trainee, raced};
use super::roster::RosterRow;
use super::types::*;
use crate::auth::service::audit;
use crate::auth::Role;
use crate::db::{begin_write, now, Db};
use crate::entities::{
    allocation, app_user, class, county, enrolment, nomination, project, trainee,
};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::{prelude::*, ActiveValue::Set, DatabaseTransaction};
use std::collections::HashMap;

fn line(line: usize, column: &str, message: impl Into<String>) -> RosterCell {
    RosterCell {
        line,
        column: column.to_owned(),
        message: message.into(),
    }
}

async fn county_by_name(db: &Db, name: &str) -> Result<Option<county::Model>, AppError> {
    Ok(county::Entity::find()
        .filter(county::Column::Name.eq(name.trim()))
        .one(db)
        .await?)
}

/// The province gives `places` of a project to a county: a county the project reaches, and
/// all counties' places together within the project's headcount.
pub async fn allocate(
    db: &Db,
    n: &Nominator,
    project_id: i32,
    county_name: &str,
    places: &str,
) -> Result<(), AppError> {
    if !n.is_province() {
        return Err(AppError::Forbidden);
    }
    let p = nominating_project(db, n, project_id).await?;
    let places: i32 = places
        .trim()
        .parse()
        .ok()
        .filter(|v| (0..=100_000).contains(v))
        .ok_or_else(|| AppError::invalid(t::ERR_PLACES))?;
    let c = county_by_name(db, county_name)
        .await?
        .ok_or_else(|| AppError::invalid(t::err_unknown_county(county_name.trim())))?;
    if !project_reaches(db, &p, c.id).await? {
        return Err(AppError::invalid(t::err_county_not_in_project(&c.name)));
    }
    let txn = begin_write(db).await?;
    let others: i32 = allocation::Entity::find()
        .filter(allocation::Column::ProjectId.eq(p.id))
        .filter(allocation::Column::CountyId.ne(c.id))
        .all(&txn)
        .await?
        .iter()
        .map(|a| a.places)
        .sum();
    if others + places > p.headcount {
        return Err(AppError::invalid(t::err_places_over(p.headcount, others)));
    }
    allocation::Entity::delete_many()
        .filter(allocation::Column::ProjectId.eq(p.id))
        .filter(allocation::Column::CountyId.eq(c.id))
        .exec(&txn)
        .await?;
    allocation::ActiveModel {
        project_id: Set(p.id),
        county_id: Set(c.id),
        places: Set(places),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("{}: {places}", c.name);
    let target = format!("project:{}", p.id);
    audit(&txn, Some(n.user_id), "allocate", &target, &detail, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Nominates teachers for a project: a county its own (the row's 县区 is ignored), the
/// province for the county each row names. A new phone gets an account with no credential
/// until the county prints its slip. A county stays within its places. A phone the
/// contractor had already put on a roster of the project is confirmed there.
pub async fn nominate(
    db: &Db,
    n: &Nominator,
    project_id: i32,
    rows: Vec<RosterRow>,
) -> Result<NominationReport, AppError> {
    let p = nominating_project(db, n, project_id).await?;
    let mut report = NominationReport::default();
    let mut plan = Vec::new();
    for row in rows {
        // A county sends its own teachers whatever the row says; the province sends each to
        // the county its row names, or to none where that county is not in the table.
        let county = match (n.county, &row.county) {
            (Some(mine), _) => county::Entity::find_by_id(mine).one(db).await?,
            (None, Some(name)) => county_by_name(db, name).await?,
            (None, None) => None,
        };
        if let Some(county) = &county {
            if !project_reaches(db, &p, county.id).await? {
                let message = t::err_county_not_in_project(&county.name);
                report.errors.push(line(row.line, "县区", message));
                continue;
            }
        }
        plan.push((row, county.map(|c| c.id)));
    }
    if report.errors.is_empty() {
        let txn = begin_write(db).await?;
        write_nominations(&txn, n, &p, plan, &mut report).await?;
        if report.errors.is_empty() {
            txn.commit().await?;
        }
    }
    Ok(report)
}

async fn write_nominations(
    txn: &DatabaseTransaction,
    n: &Nominator,
    p: &project::Model,
    plan: Vec<(RosterRow, Option<i32>)>,
    report: &mut NominationReport,
) -> Result<(), AppError> {
    let mut added: HashMap<i32, i32> = HashMap::new();
    let mut classes = Vec::new();
    for (row, county) in plan {
        let known = app_user::Entity::find()
            .filter(app_user::Column::Login.eq(row.phone.as_str()))
            .one(txn)
            .await?;
        let trainee = match known {
            Some(u) if Role::parse(&u.role) != Some(Role::Trainee) => {
                let message = t::ERR_ROSTER_STAFF_PHONE;
                report.errors.push(line(row.line, "手机号", message));
                continue;
            }
            Some(u) => trainee::Entity::find()
                .filter(trainee::Column::UserId.eq(u.id))
                .one(txn)
                .await?
                .ok_or(AppError::Internal)?,
            None => new_trainee(txn, &row, county).await?,
        };
        // A county sends its own teachers: another county's (or one the province sent) is not
        // its to rename, re-home or print a code for. A contractor's own account (no county
        // sent it yet) is the exception: that is the phone turning up on its list.
        if n.county.is_some() && trainee.county_id != county && !adoptable(txn, &trainee).await? {
            let message = t::ERR_NOMINEE_OTHER_COUNTY;
            report.errors.push(line(row.line, "手机号", message));
            continue;
        }
        // The county's own list is the truth about its teacher: a contractor's earlier row of
        // the phone took the contractor's word for the name. A new county moves the counts of
        // every class the trainee is on (the county rows are kept per trainee county).
        if trainee.county_id != county || trainee.issuer_contractor_id.is_some() {
            if trainee.county_id != county {
                classes.extend(classes_of(txn, trainee.id).await?);
            }
            let mut t: trainee::ActiveModel = trainee.clone().into();
            t.name = Set(row.name.clone());
            t.county_id = Set(county);
            t.issuer_contractor_id = Set(None);
            t.update(txn).await?;
        }
        let exists = nomination::Entity::find()
            .filter(nomination::Column::ProjectId.eq(p.id))
            .filter(nomination::Column::TraineeId.eq(trainee.id))
            .one(txn)
            .await?;
        if exists.is_some() {
            report.already += 1;
            continue;
        }
        nomination::ActiveModel {
            project_id: Set(p.id),
            county_id: Set(county),
            trainee_id: Set(trainee.id),
            rural: Set(row.rural),
            created_by: Set(n.user_id),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(raced)?;
        if let Some(county) = county {
            *added.entry(county).or_default() += 1;
        }
        report.nominated += 1;
        let confirmed = confirm_in_project(txn, n, p.id, trainee.id).await?;
        report.confirmed += confirmed.len();
        classes.extend(confirmed);
    }
    if n.county.is_some() {
        for (&county, &more) in &added {
            within_places(txn, p.id, county, more, report).await?;
        }
    }
    if report.errors.is_empty() {
        let detail = format!("+{} nominated", report.nominated);
        let target = format!("project:{}", p.id);
        audit(txn, Some(n.user_id), "nominate", &target, &detail, None).await?;
        super::counts::refresh(txn, &classes).await?;
    }
    Ok(())
}

/// A contractor's own account that no county or province has sent anywhere yet.
async fn adoptable(txn: &DatabaseTransaction, tr: &trainee::Model) -> Result<bool, AppError> {
    let sent = nomination::Entity::find()
        .filter(nomination::Column::TraineeId.eq(tr.id))
        .count(txn)
        .await?;
    Ok(tr.issuer_contractor_id.is_some() && sent == 0)
}

async fn classes_of(txn: &DatabaseTransaction, trainee: i32) -> Result<Vec<i32>, AppError> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(trainee))
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.class_id)
        .collect())
}

async fn new_trainee(
    txn: &DatabaseTransaction,
    row: &RosterRow,
    county: Option<i32>,
) -> Result<trainee::Model, AppError> {
    let county_name = match county {
        Some(id) => county::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|c| c.name),
        None => row.county.clone(),
    };
    create_trainee(txn, row, (county, county_name), None).await
}

async fn within_places(
    txn: &DatabaseTransaction,
    project: i32,
    county: i32,
    more: i32,
    report: &mut NominationReport,
) -> Result<(), AppError> {
    let places = allocation::Entity::find()
        .filter(allocation::Column::ProjectId.eq(project))
        .filter(allocation::Column::CountyId.eq(county))
        .one(txn)
        .await?
        .map_or(0, |a| a.places);
    let now_nominated = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(project))
        .filter(nomination::Column::CountyId.eq(county))
        .count(txn)
        .await? as i32;
    if now_nominated > places {
        let message = t::err_over_places(places, now_nominated - more);
        report.errors.push(line(0, "", message));
    }
    Ok(())
}

/// Confirms the trainee's unconfirmed enrolments in the project's classes; their classes.
async fn confirm_in_project(
    txn: &DatabaseTransaction,
    n: &Nominator,
    project: i32,
    trainee: i32,
) -> Result<Vec<i32>, AppError> {
    let classes: Vec<i32> = class::Entity::find()
        .filter(class::Column::ProjectId.eq(project))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let waiting = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.is_in(classes))
        .filter(enrolment::Column::TraineeId.eq(trainee))
        .filter(enrolment::Column::Confirmed.eq(false))
        .all(txn)
        .await?;
    let mut touched = Vec::new();
    for e in waiting {
        touched.push(e.class_id);
        let mut row: enrolment::ActiveModel = e.into();
        row.confirmed = Set(true);
        row.confirmed_by = Set(Some(n.user_id));
        row.confirmed_at = Set(Some(now()));
        row.update(txn).await?;
    }
    Ok(touched)
}

/// 确认补录: the county (or the province) confirms a contractor's own row of its teacher.
/// The teacher is then nominated for the project, so the county may print their slip, and
/// everything recorded for them in the class counts from now on.
pub async fn confirm(db: &Db, n: &Nominator, enrolment_id: i32) -> Result<(), AppError> {
    let e = enrolment::Entity::find_by_id(enrolment_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let tr = trainee::Entity::find_by_id(e.trainee_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !n.sends_for(tr.county_id) {
        return Err(AppError::Forbidden);
    }
    let c = class::Entity::find_by_id(e.class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if e.confirmed {
        return Err(AppError::invalid(t::ERR_ALREADY_CONFIRMED));
    }
    let p = nominating_project(db, n, c.project_id).await?;
    let txn = begin_write(db).await?;
    let nominated = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(p.id))
        .filter(nomination::Column::TraineeId.eq(tr.id))
        .count(&txn)
        .await?;
    if nominated == 0 {
        nomination::ActiveModel {
            project_id: Set(p.id),
            county_id: Set(tr.county_id),
            trainee_id: Set(tr.id),
            rural: Set(false),
            created_by: Set(n.user_id),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(raced)?;
        // A confirmation takes one of the county's places, as a nomination does.
        if let (Some(_), Some(county)) = (n.county, tr.county_id) {
            let mut report = NominationReport::default();
            within_places(&txn, p.id, county, 1, &mut report).await?;
            if let Some(e) = report.errors.pop() {
                txn.rollback().await?;
                return Err(AppError::invalid(e.message));
            }
        }
    }
    let classes = confirm_in_project(&txn, n, p.id, tr.id).await?;
    let target = format!("class:{}", c.id);
    let detail = format!("enrolment:{enrolment_id}");
    audit(
        &txn,
        Some(n.user_id),
        "confirm_enrolment",
        &target,
        &detail,
        None,
    )
    .await?;
    super::counts::refresh(&txn, &classes).await?;
    txn.commit().await?;
    Ok(())
}
