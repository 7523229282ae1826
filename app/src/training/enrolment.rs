//! Who is enrolled where: a class's roster, a trainee's classes, and the login slips.
use super::types::*;
use crate::db::Db;
use crate::entities::{class, enrolment, project, trainee};
use crate::error::AppError;
use crate::time::cst_today;
use sea_orm::{prelude::*, QueryOrder};
use std::collections::HashMap;

/// Enrolled trainees of a class in roster order.
pub async fn roster_of(db: &Db, class_id: i32) -> Result<Vec<trainee::Model>, AppError> {
    Ok(roster_entries(db, class_id)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect())
}

/// Enrolled trainees of a class in roster order, with whether each counts (issue 34). A row
/// awaiting its county's confirmation carries the name the contractor's file gave, never
/// what Peixun holds about the phone (school, subject and stage are left out too).
pub async fn roster_entries(
    db: &Db,
    class_id: i32,
) -> Result<Vec<(trainee::Model, bool)>, AppError> {
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    let mut by_id: HashMap<i32, trainee::Model> = trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(enrolments.iter().map(|e| e.trainee_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(enrolments
        .into_iter()
        .filter_map(|e| {
            let mut t = by_id.remove(&e.trainee_id)?;
            if !e.confirmed {
                t.name = e.claimed_name.unwrap_or_default();
                (t.school, t.subject, t.stage) = (None, None, None);
            }
            Some((t, e.confirmed))
        })
        .collect())
}

/// The classes a trainee is enrolled in, soonest first, with today's marked.
pub async fn trainee_classes(db: &Db, user_id: i32) -> Result<Vec<ClassCard>, AppError> {
    let Some(me) = trainee_of(db, user_id).await? else {
        return Ok(vec![]);
    };
    let classes = class::Entity::find()
        .filter(class::Column::Id.is_in(class_ids_of(db, me.id).await?))
        .order_by_asc(class::Column::StartDate)
        .all(db)
        .await?;
    let projects = project_names(db, classes.iter().map(|c| c.project_id)).await?;
    let today = cst_today();
    Ok(classes
        .into_iter()
        .map(|c| ClassCard {
            id: c.id,
            project: projects.get(&c.project_id).cloned().unwrap_or_default(),
            dates: format!(
                "{} 至 {}",
                c.start_date.format("%m月%d日"),
                c.end_date.format("%m月%d日")
            ),
            today: (c.start_date..=c.end_date).contains(&today),
            name: c.name,
            venue: c.venue,
            head_teacher: c.head_teacher,
        })
        .collect())
}

pub async fn trainee_of(db: &Db, user_id: i32) -> Result<Option<trainee::Model>, AppError> {
    Ok(trainee::Entity::find()
        .filter(trainee::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

pub async fn class_ids_of(db: &Db, trainee_id: i32) -> Result<Vec<i32>, AppError> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(trainee_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.class_id)
        .collect())
}

pub async fn project_names(
    db: &Db,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    Ok(project::Entity::find()
        .filter(project::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}
