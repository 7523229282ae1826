//! A project's page: its classes with their figures. Contractors manage theirs from it;
//! evaluators in scope read it.
use super::metrics::{self, Classes, GroupBy, Selection};
use super::types::{ClassFigures, ProjectClasses};
use crate::auth::{Me, Role};
use crate::db::{now, Db};
use crate::entities::class;
use crate::error::AppError;
use crate::training::access::{county_scope, readable_project};
use crate::training::classes::class_rows;
use sea_orm::{prelude::*, QueryOrder};

/// A project's classes with their figures. Contractors see their own projects; evaluators
/// those in scope, counting only their county's trainees when they are a county evaluator.
/// The figures are one grouped query over the kept counts, whatever the number of classes.
pub async fn project_classes(
    db: &Db,
    me: &Me,
    project_id: i32,
) -> Result<ProjectClasses, AppError> {
    let p = readable_project(db, me, project_id).await?;
    let classes = class::Entity::find()
        .filter(class::Column::ProjectId.eq(p.id))
        .order_by_asc(class::Column::StartDate)
        .order_by_asc(class::Column::Id)
        .all(db)
        .await?;
    let sel = Selection {
        classes: Classes::Project(p.id),
        county: county_scope(me),
        group: GroupBy::Class,
    };
    let mut counts = metrics::counts(db, sel, now()).await?;
    let threshold = super::service::threshold_of(db, &p).await?;
    let rows = class_rows(db, classes)
        .await?
        .into_iter()
        .map(|class| {
            let figures = counts.remove(&class.id).unwrap_or_default();
            ClassFigures {
                class,
                warnings: figures.flags(threshold),
                counts: figures,
            }
        })
        .collect();
    Ok(ProjectClasses {
        project_id: p.id,
        project: p.into_model().name,
        can_manage: me.role == Role::Contractor,
        classes: rows,
    })
}
