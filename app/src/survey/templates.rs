//! Survey templates and their versions: the 国培 default, the admin's editor, and the
//! questions of a template.
use super::template::{self, Draft};
use super::types::*;
use crate::auth::service::audit;
use crate::db::{begin_write, now, Db};
use crate::entities::{question, survey, survey_template};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::{prelude::*, ActiveValue::Set, PaginatorTrait, QueryOrder};

/// Puts the 国培 template in place on a database that has none.
pub async fn ensure_default_template(db: &Db) -> Result<(), AppError> {
    if survey_template::Entity::find().count(db).await? == 0 {
        let drafts = template::parse(template::DEFAULT_TEXT)?;
        insert_template(db, None, 1, template::DEFAULT_NAME, &drafts, None).await?;
    }
    Ok(())
}

async fn insert_template(
    db: &impl ConnectionTrait,
    family_id: Option<i32>,
    version: i32,
    name: &str,
    drafts: &[Draft],
    by: Option<i32>,
) -> Result<i32, AppError> {
    let row = survey_template::ActiveModel {
        family_id: Set(family_id),
        version: Set(version),
        name: Set(name.to_owned()),
        created_at: Set(now()),
        created_by: Set(by),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_questions(db, row.id, drafts).await?;
    Ok(row.id)
}

async fn insert_questions(
    db: &impl ConnectionTrait,
    template_id: i32,
    drafts: &[Draft],
) -> Result<(), AppError> {
    let rows = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| question::ActiveModel {
            template_id: Set(template_id),
            position: Set(i as i32 + 1),
            kind: Set(d.kind.as_str().to_owned()),
            dimension: Set(Some(d.dimension.clone())),
            prompt: Set(d.prompt.clone()),
            choices_json: Set((!d.choices.is_empty())
                .then(|| serde_json::to_string(&d.choices).unwrap_or_default())),
            is_overall: Set(d.is_overall),
            ..Default::default()
        });
    question::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// The newest version of each template, newest template first.
pub async fn latest_templates(db: &Db) -> Result<Vec<survey_template::Model>, AppError> {
    let all = survey_template::Entity::find()
        .order_by_desc(survey_template::Column::Version)
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    let mut latest: Vec<_> = all
        .into_iter()
        .filter(|t| seen.insert(t.family()))
        .collect();
    latest.sort_by_key(|t| std::cmp::Reverse(t.family()));
    Ok(latest)
}

pub async fn questions_of(db: &Db, template_ids: &[i32]) -> Result<Vec<Question>, AppError> {
    Ok(question::Entity::find()
        .filter(question::Column::TemplateId.is_in(template_ids.iter().copied()))
        .order_by_asc(question::Column::TemplateId)
        .order_by_asc(question::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|q| Question {
            id: q.id,
            kind: QuestionKind::from_db(&q.kind),
            dimension: q.dimension.unwrap_or_default(),
            prompt: q.prompt,
            choices: q
                .choices_json
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default(),
            is_overall: q.is_overall,
        })
        .collect())
}

fn drafts_of(questions: &[Question]) -> Vec<Draft> {
    questions
        .iter()
        .map(|q| Draft {
            kind: q.kind,
            dimension: q.dimension.clone(),
            prompt: q.prompt.clone(),
            choices: q.choices.clone(),
            is_overall: q.is_overall,
        })
        .collect()
}

pub async fn template_rows(db: &Db) -> Result<Vec<TemplateRow>, AppError> {
    let mut rows = Vec::new();
    for tpl in latest_templates(db).await? {
        let questions = questions_of(db, &[tpl.id]).await?;
        let used_by = survey::Entity::find()
            .filter(survey::Column::TemplateId.eq(tpl.id))
            .count(db)
            .await?;
        rows.push(TemplateRow {
            id: tpl.id,
            name: tpl.name,
            version: tpl.version,
            questions: questions.len(),
            used_by,
            text: template::render(&drafts_of(&questions)),
        });
    }
    Ok(rows)
}

/// Adds a template, or edits one. A version some survey already uses is never changed:
/// the edit becomes the next version, so every answer keeps the question that was asked.
pub async fn save_template(
    db: &Db,
    admin_id: i32,
    editing: Option<i32>,
    name: &str,
    text: &str,
) -> Result<i32, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid(t::TEMPLATE_NAME_EMPTY));
    }
    let drafts = template::parse(text)?;
    let current = match editing {
        Some(id) => Some(
            survey_template::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let used = match &current {
        Some(c) => {
            survey::Entity::find()
                .filter(survey::Column::TemplateId.eq(c.id))
                .count(db)
                .await?
                > 0
        }
        None => false,
    };
    let txn = begin_write(db).await?;
    let id = match current {
        None => insert_template(&txn, None, 1, name, &drafts, Some(admin_id)).await?,
        Some(c) if used => {
            let family = Some(c.family());
            insert_template(&txn, family, c.version + 1, name, &drafts, Some(admin_id)).await?
        }
        Some(c) => {
            question::Entity::delete_many()
                .filter(question::Column::TemplateId.eq(c.id))
                .exec(&txn)
                .await?;
            insert_questions(&txn, c.id, &drafts).await?;
            let id = c.id;
            let mut row: survey_template::ActiveModel = c.into();
            row.name = Set(name.to_owned());
            row.update(&txn).await?;
            id
        }
    };
    let detail = format!("{name}, {} questions", drafts.len());
    audit(
        &txn,
        Some(admin_id),
        "survey.template",
        &format!("template:{id}"),
        &detail,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}
