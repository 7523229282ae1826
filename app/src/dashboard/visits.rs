//! Evaluation visits: an evaluator records a visit to a class it may see; the class's
//! contractor, admins and evaluators with the project in scope read them.
use super::visit_types::*;
use crate::auth::service::audit;
use crate::auth::{Me, Role};
use crate::db::{now, Db};
use crate::entities::{app_user, evaluation_visit};
use crate::error::AppError;
use crate::i18n::t;
use crate::training::access::readable_class;
use crate::training::form::parse_date;
use chrono::NaiveDate;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};
use std::collections::{BTreeMap, HashMap};

const MAX_NOTES: usize = 2000;

/// What the evaluator's phone form sends: a date, one score per rubric key, notes.
#[derive(Debug, Clone)]
pub struct VisitForm {
    pub class_id: i32,
    pub date: String,
    pub scores: HashMap<String, String>,
    pub notes: String,
}

/// Reads the form in rubric order; the first missing or bad score is named.
pub fn parse_scores(scores: &HashMap<String, String>) -> Result<BTreeMap<String, u8>, AppError> {
    let mut out = BTreeMap::new();
    for (key, label) in RUBRIC {
        let raw = scores.get(key).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() {
            return Err(AppError::invalid(t::visit_score_missing(label)));
        }
        out.insert(key.to_owned(), RubricScore::parse(raw)?.value());
    }
    Ok(out)
}

pub async fn record_visit(
    db: &Db,
    me: &Me,
    form: VisitForm,
    today: NaiveDate,
) -> Result<i32, AppError> {
    if me.role != Role::Evaluator {
        return Err(AppError::Forbidden);
    }
    let c = readable_class(db, me, form.class_id).await?.class;
    let date = parse_date(&form.date, t::VISIT_DATE)?;
    if date > today {
        return Err(AppError::invalid(t::ERR_VISIT_FUTURE));
    }
    let scores = parse_scores(&form.scores)?;
    let notes = form.notes.trim().to_owned();
    if notes.chars().count() > MAX_NOTES {
        return Err(AppError::invalid(t::err_visit_notes(MAX_NOTES)));
    }
    let json = serde_json::to_string(&scores).map_err(|e| AppError::internal("visit scores", e))?;
    let row = evaluation_visit::ActiveModel {
        class_id: Set(c.id),
        evaluator_id: Set(me.user_id),
        visited_on: Set(date),
        scores_json: Set(json.clone()),
        notes: Set(notes),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let target = format!("class:{}", c.id);
    audit(
        db,
        Some(me.user_id),
        "evaluation.visit",
        &target,
        &format!("{date} {json}"),
        None,
    )
    .await?;
    Ok(row.id)
}

pub async fn class_visits(
    db: &Db,
    me: &Me,
    class_id: i32,
    today: NaiveDate,
) -> Result<ClassVisits, AppError> {
    let r = readable_class(db, me, class_id).await?;
    let (c, p) = (r.class, r.project);
    let rows = evaluation_visit::Entity::find()
        .filter(evaluation_visit::Column::ClassId.eq(class_id))
        .order_by_desc(evaluation_visit::Column::VisitedOn)
        .order_by_desc(evaluation_visit::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(rows.iter().map(|r| r.evaluator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let visits = rows
        .into_iter()
        .map(|r| {
            let stored: BTreeMap<String, u8> =
                serde_json::from_str(&r.scores_json).unwrap_or_default();
            VisitRow {
                id: r.id,
                date: r.visited_on.to_string(),
                evaluator: names.get(&r.evaluator_id).cloned().unwrap_or_default(),
                scores: RUBRIC
                    .iter()
                    .filter_map(|(key, label)| stored.get(*key).map(|s| ((*label).to_owned(), *s)))
                    .collect(),
                notes: r.notes,
            }
        })
        .collect();
    Ok(ClassVisits {
        class_id,
        class_name: c.name,
        project: p.name,
        visits,
        can_record: me.role == Role::Evaluator,
        today: today.to_string(),
    })
}
