//! How many a class and a project may enrol: a class its capacity, a project's classes
//! together the places the official table gives it (counted in people: a trainee in two of
//! its classes takes one place), each plus the margin the admin sets on the programme,
//! rounded down (issue 13; `admin::rules`).
use crate::entities::{class, enrolment, programme, project};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::prelude::*;
use sea_orm::{DatabaseTransaction, DbBackend, QuerySelect};
use std::collections::HashSet;

/// Whether enrolling these trainees (`Some(id)` for an existing account, `None` for a new
/// one) would run the class past its capacity, or the project past its places, by more than
/// the programme's margin; the message says which. Read inside the import's write
/// transaction with the project row locked (SQLite: the one writer; PostgreSQL: `FOR
/// UPDATE`), so two imports at once cannot both squeeze under the limit.
pub async fn over_capacity(
    txn: &DatabaseTransaction,
    class: &class::Model,
    trainees: &[Option<i32>],
) -> Result<Option<String>, AppError> {
    let mut find = project::Entity::find_by_id(class.project_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let project = find.one(txn).await?.ok_or(AppError::NotFound)?;
    let margin = programme::Entity::find_by_id(project.programme_id)
        .one(txn)
        .await?
        .map_or(10, |p| p.roster_margin_pct);
    let most = |size: i64| size * (100 + i64::from(margin)) / 100;
    let in_class = trainees_of(txn, vec![class.id]).await?;
    let classes: Vec<i32> = class::Entity::find()
        .filter(class::Column::ProjectId.eq(project.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let in_project = trainees_of(txn, classes).await?;
    let new_to = |set: &HashSet<i32>| {
        trainees
            .iter()
            .filter(|t| t.is_none_or(|id| !set.contains(&id)))
            .count() as i64
    };
    if let Some(capacity) = class.capacity.map(i64::from) {
        let would = in_class.len() as i64 + new_to(&in_class);
        if would > most(capacity) {
            return Ok(Some(t::err_roster_over(
                t::ROSTER_OVER_CLASS,
                capacity,
                margin,
                would,
            )));
        }
    }
    let headcount = i64::from(project.headcount);
    let would = in_project.len() as i64 + new_to(&in_project);
    if headcount > 0 && would > most(headcount) {
        return Ok(Some(t::err_roster_over(
            t::ROSTER_OVER_PROJECT,
            headcount,
            margin,
            would,
        )));
    }
    Ok(None)
}

/// The distinct trainees enrolled in these classes.
async fn trainees_of(
    txn: &DatabaseTransaction,
    classes: Vec<i32>,
) -> Result<HashSet<i32>, AppError> {
    let ids: Vec<i32> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::TraineeId)
        .filter(enrolment::Column::ClassId.is_in(classes))
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    Ok(ids.into_iter().collect())
}
