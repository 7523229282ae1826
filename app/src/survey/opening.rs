//! Opening a class's survey, and what its contractor sees of it while it runs.
use super::submission::{attendees, non_responders};
use super::templates::latest_templates;
use super::types::*;
use super::window::{local, window};
use crate::auth::service::audit;
use crate::db::{begin_write, now, Db};
use crate::entities::{class, participation, programme, project, session, survey, survey_template};
use crate::error::AppError;
use crate::i18n::t;
use crate::time::{cst_instant, hm};
use crate::training::access::owned_class;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::{prelude::*, ActiveValue::Set, PaginatorTrait, QueryOrder};

/// The contractor's form: which template. The window is the admin's rule, not the
/// contractor's (issue 34).
#[derive(Debug, Clone)]
pub struct SurveyForm {
    pub class_id: i32,
    pub template_id: i32,
}

/// The window the admin's rule gives a class's survey: it opens at the start of the class's
/// last session (its last morning when it has none) and closes at 23:59 the programme's
/// `survey_close_days` after the class's last day.
pub async fn rule_window(
    db: &Db,
    c: &class::Model,
) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
    let last = session::Entity::find()
        .filter(session::Column::ClassId.eq(c.id))
        .order_by_desc(session::Column::StartsAt)
        .one(db)
        .await?;
    let morning = NaiveTime::from_hms_opt(8, 0, 0).ok_or(AppError::Internal)?;
    let opens = last.map_or(cst_instant(c.end_date, morning), |s| s.starts_at);
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let days = programme::Entity::find_by_id(p.programme_id)
        .one(db)
        .await?
        .map_or(7, |p| p.survey_close_days);
    let evening = NaiveTime::from_hms_opt(23, 59, 0).ok_or(AppError::Internal)?;
    let closes = cst_instant(c.end_date + Duration::days(i64::from(days)), evening);
    Ok((opens, closes.max(opens + Duration::hours(1))))
}

/// Opens the class's survey in the rule's window, or changes its template while nobody has
/// answered. Opened again, a survey never opens later or closes earlier than it did: closing
/// early would publish the last group whatever its size (issue 12), so no contractor may.
pub async fn open_survey(
    db: &Db,
    (user_id, contractor_id): (i32, i32),
    form: SurveyForm,
) -> Result<i32, AppError> {
    let class = owned_class(db, contractor_id, form.class_id).await?;
    let (mut opens, mut closes) = rule_window(db, &class).await?;
    if survey_template::Entity::find_by_id(form.template_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::invalid(t::SURVEY_TEMPLATE_MISSING));
    }
    let existing = survey::Entity::find()
        .filter(survey::Column::ClassId.eq(form.class_id))
        .one(db)
        .await?;
    let answered = match &existing {
        Some(s) => responses_of(db, s.id).await?,
        None => 0,
    };
    if existing
        .as_ref()
        .is_some_and(|s| s.template_id != form.template_id && answered > 0)
    {
        return Err(AppError::invalid(t::SURVEY_TEMPLATE_LOCKED));
    }
    // Closing publishes the last group whatever its size; reopening and closing again would
    // let the contractor read one known trainee's answers as the difference (issue 12).
    if existing
        .as_ref()
        .is_some_and(|s| answered > 0 && s.closes_at <= now())
    {
        return Err(AppError::invalid(t::SURVEY_CLOSED_FINAL));
    }
    if let Some(s) = &existing {
        opens = opens.min(s.opens_at);
        closes = closes.max(s.closes_at);
    }
    let txn = begin_write(db).await?;
    let id = match existing {
        Some(s) => {
            let id = s.id;
            let mut row: survey::ActiveModel = s.into();
            row.template_id = Set(form.template_id);
            row.opens_at = Set(opens);
            row.closes_at = Set(closes);
            row.update(&txn).await?;
            id
        }
        None => {
            survey::ActiveModel {
                class_id: Set(form.class_id),
                template_id: Set(form.template_id),
                opens_at: Set(opens),
                closes_at: Set(closes),
                created_by: Set(Some(user_id)),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    let detail = format!("class {} {}", form.class_id, window(opens, closes));
    audit(
        &txn,
        Some(user_id),
        "survey.open",
        &format!("survey:{id}"),
        &detail,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn responses_of(db: &Db, survey_id: i32) -> Result<u32, AppError> {
    let n = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(survey_id))
        .count(db)
        .await?;
    Ok(n as u32)
}

/// The contractor's view of the class's survey: the form, and the running survey's counts,
/// link and room QR.
pub async fn class_survey(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
    origin: &str,
) -> Result<ClassSurvey, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let templates = latest_templates(db)
        .await?
        .into_iter()
        .map(|tpl| TemplateOption {
            id: tpl.id,
            label: format!("{}（第 {} 版）", tpl.name, tpl.version),
        })
        .collect();
    let current = match survey::Entity::find()
        .filter(survey::Column::ClassId.eq(class_id))
        .one(db)
        .await?
    {
        Some(s) => Some(running(db, s, origin).await?),
        None => None,
    };
    Ok(ClassSurvey {
        class_id,
        class_name: c.name.clone(),
        project_id: c.project_id,
        templates,
        current,
        rule_window: {
            let (opens, closes) = rule_window(db, &c).await?;
            window(opens, closes)
        },
    })
}

async fn running(db: &Db, s: survey::Model, origin: &str) -> Result<RunningSurvey, AppError> {
    let tpl = survey_template::Entity::find_by_id(s.template_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = now();
    let status = if at < s.opens_at {
        t::SURVEY_STATUS_PENDING
    } else if at >= s.closes_at {
        t::SURVEY_STATUS_CLOSED
    } else {
        t::SURVEY_STATUS_OPEN
    };
    let url = format!("{origin}/surveys/{}", s.id);
    Ok(RunningSurvey {
        id: s.id,
        template_id: s.template_id,
        template: format!("{}（第 {} 版）", tpl.name, tpl.version),
        opens_date: local(s.opens_at).date_naive().to_string(),
        opens_time: hm(s.opens_at),
        closes_date: local(s.closes_at).date_naive().to_string(),
        closes_time: hm(s.closes_at),
        status: status.to_owned(),
        responses: responses_of(db, s.id).await?,
        eligible: attendees(db, &[s.class_id])
            .await?
            .get(&s.class_id)
            .copied()
            .unwrap_or(0),
        missing: non_responders(db, &s, at).await?,
        qr_svg: crate::ui::qr_svg(&url),
        url,
    })
}
