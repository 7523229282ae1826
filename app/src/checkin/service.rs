use super::types::*;
use crate::db::Db;
use crate::entities::{class, enrolment, project, trainee};
use crate::error::AppError;
use chrono::{NaiveDate, Utc};
use sea_orm::{prelude::*, QueryOrder};
use std::collections::HashMap;

/// Today's date in China Standard Time: sessions and daily caps are CST days.
pub fn cst_today() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// The classes a trainee is enrolled in, soonest first, with today's marked.
pub async fn trainee_classes(db: &Db, user_id: i32) -> Result<Vec<ClassCard>, AppError> {
    let Some(me) = trainee::Entity::find()
        .filter(trainee::Column::UserId.eq(user_id))
        .one(db)
        .await?
    else {
        return Ok(vec![]);
    };
    let class_ids: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(me.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.class_id)
        .collect();
    let classes = class::Entity::find()
        .filter(class::Column::Id.is_in(class_ids))
        .order_by_asc(class::Column::StartDate)
        .all(db)
        .await?;
    let projects: HashMap<i32, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(classes.iter().map(|c| c.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
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
