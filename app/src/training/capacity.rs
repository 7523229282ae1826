//! How many a class and a project may enrol: a class its capacity, a project's classes
//! together the places the official table gives it, each plus the margin the admin sets
//! on the programme (issue 13; `admin::rules`).
use crate::entities::{class, enrolment, programme, project};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::prelude::*;

/// Whether `adding` more enrolments would run the class past its capacity, or the project's
/// classes together past the places the official table gives it, by more than the
/// programme's margin. Read inside the import's write transaction, so two imports at once
/// cannot both squeeze under the limit.
pub async fn over_capacity(
    txn: &impl ConnectionTrait,
    class: &class::Model,
    in_class: usize,
    adding: usize,
) -> Result<Option<String>, AppError> {
    let project = project::Entity::find_by_id(class.project_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let margin = programme::Entity::find_by_id(project.programme_id)
        .one(txn)
        .await?
        .map_or(10, |p| p.roster_margin_pct);
    let most = |size: i64| size * (100 + i64::from(margin)) / 100;
    let adding = adding as i64;
    let would = in_class as i64 + adding;
    if let Some(capacity) = class.capacity.map(i64::from) {
        if would > most(capacity) {
            return Ok(Some(t::err_roster_over(
                t::ROSTER_OVER_CLASS,
                capacity,
                margin,
                would,
            )));
        }
    }
    let classes = sea_orm::sea_query::Query::select()
        .column(class::Column::Id)
        .from(class::Entity)
        .and_where(class::Column::ProjectId.eq(project.id))
        .to_owned();
    let in_project = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.in_subquery(classes))
        .count(txn)
        .await? as i64;
    let headcount = i64::from(project.headcount);
    if headcount > 0 && in_project + adding > most(headcount) {
        let would = in_project + adding;
        return Ok(Some(t::err_roster_over(
            t::ROSTER_OVER_PROJECT,
            headcount,
            margin,
            would,
        )));
    }
    Ok(None)
}
