//! Survey anonymity against whoever can read the database, and results that move in steps
//! (issue 12; ARCHITECTURE.md, "Invariants").
//!
//! Participation (who answered) and response (what was answered) are written in one
//! transaction, so that nobody is counted without their answers. On PostgreSQL every row
//! carries the id of the transaction that wrote it (`xmin`) and sits where it was written
//! (`ctid`); on SQLite the tables are WITHOUT ROWID, but the same reasoning holds for any
//! storage order. Joining on `xmin` matched all 6 demo responses to their trainees. So each
//! submission, in its one transaction:
//!
//! - rewrites the survey's latest group of responses (those not yet published) in a random
//!   order: the newest response shares its transaction and its neighbourhood with up to 4
//!   others, never alone;
//! - rewrites every participation of the survey in trainee order: all of them then carry
//!   the same `xmin`, and their order says nothing about when anyone answered.
//!
//! After that, `xmin` links every participation to the whole latest group and `ctid` order
//! is trainee order, so neither picks out a response more often than chance
//! (`app/tests/anonymity.rs`). The group's responses get new ids at each rewrite, so two
//! copies of the database taken before and after one submission do not show which response
//! is new beyond the group of up to 5. Old row versions stay on disk until VACUUM, readable
//! only with superuser tools that also read the server's memory.
//!
//! Published figures move only in steps: while a survey is open, the latest group counts
//! once it holds `STEP` responses, so reading the results before and after one known
//! trainee submits shows nothing new. After the survey closes every response counts.
use super::results_types::MIN_RESPONSES;
use crate::db::Db;
use crate::entities::{answer, participation, response, survey};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    prelude::*, ActiveValue::Set, Condition, DatabaseTransaction, DbBackend, QueryOrder,
    QuerySelect,
};

/// Figures move every this many responses while the survey is open.
pub const STEP: usize = MIN_RESPONSES as usize;

/// A response about to be written, with its answers.
pub struct Pending {
    pub response: response::Model,
    pub answers: Vec<answer::Model>,
}

/// Serialises the submissions of one survey: each rewrites the survey's latest group and
/// participations, so two at once would both delete and reinsert the same rows. SQLite's
/// write transactions are already one at a time (BEGIN IMMEDIATE).
pub async fn lock_survey(txn: &DatabaseTransaction, survey_id: i32) -> Result<(), AppError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        survey::Entity::find_by_id(survey_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    Ok(())
}

/// Writes a new response so that neither its transaction nor its place links it to the
/// participation written beside it (see the module comment).
pub async fn write_unlinkable(
    txn: &DatabaseTransaction,
    s: &survey::Model,
    new: Pending,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let waiting = response::Entity::find()
        .filter(response::Column::SurveyId.eq(s.id))
        .filter(response::Column::Published.eq(false))
        .all(txn)
        .await?;
    let ids: Vec<String> = waiting.iter().map(|r| r.id.clone()).collect();
    let mut answers = answer::Entity::find()
        .filter(answer::Column::ResponseId.is_in(ids.clone()))
        .all(txn)
        .await?;
    answer::Entity::delete_many()
        .filter(answer::Column::ResponseId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    response::Entity::delete_many()
        .filter(response::Column::Id.is_in(ids))
        .exec(txn)
        .await?;
    let mut group: Vec<Pending> = waiting
        .into_iter()
        .map(|r| Pending {
            answers: answers.extract_if(.., |a| a.response_id == r.id).collect(),
            response: r,
        })
        .collect();
    group.push(new);
    group.shuffle(&mut rand::rng());
    // New ids each time: a reader comparing two copies of the database cannot follow a
    // response from one rewrite to the next and so pick out the one that is new.
    for p in &mut group {
        let id = format!("{:032x}", rand::random::<u128>());
        for a in &mut p.answers {
            a.response_id = id.clone();
        }
        p.response.id = id;
    }
    let publish = group.len() >= STEP;
    for p in group {
        response::ActiveModel {
            published: Set(publish),
            ..p.response.into()
        }
        .insert(txn)
        .await?;
        if !p.answers.is_empty() {
            answer::Entity::insert_many(p.answers.into_iter().map(answer::ActiveModel::from))
                .exec_without_returning(txn)
                .await?;
        }
    }
    let everyone = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(s.id))
        .order_by_asc(participation::Column::TraineeId)
        .all(txn)
        .await?;
    participation::Entity::delete_many()
        .filter(participation::Column::SurveyId.eq(s.id))
        .exec(txn)
        .await?;
    participation::Entity::insert_many(everyone.into_iter().map(participation::ActiveModel::from))
        .exec_without_returning(txn)
        .await?;
    if publish {
        // Only when: which participants the group held is written nowhere (issue 34).
        survey::ActiveModel {
            id: Set(s.id),
            published_at: Set(Some(at)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}

/// The one definition of a counted response: published, or its survey has closed.
pub fn counted(at: DateTime<Utc>) -> Condition {
    let closed = Query::select()
        .column(survey::Column::Id)
        .from(survey::Entity)
        .and_where(survey::Column::ClosesAt.lte(at))
        .to_owned();
    Condition::any()
        .add(response::Column::Published.eq(true))
        .add(response::Column::SurveyId.in_subquery(closed))
}

/// The same rule in SQL over `response r JOIN survey sv`, for the dashboard; the two binds
/// are `true` and the time. `app/tests/anonymity.rs` compares them.
pub const COUNTED_SQL: [&str; 2] = [" AND (r.published = ?", " OR sv.closes_at <= ?)"];

/// The ids of the counted responses of these surveys.
pub fn counted_ids(survey_ids: &[i32], at: DateTime<Utc>) -> SelectStatement {
    Query::select()
        .column(response::Column::Id)
        .from(response::Entity)
        .and_where(response::Column::SurveyId.is_in(survey_ids.iter().copied()))
        .cond_where(counted(at))
        .to_owned()
}

/// Counted responses per survey.
pub async fn counted_per_survey(
    db: &Db,
    survey_ids: &[i32],
    at: DateTime<Utc>,
) -> Result<std::collections::HashMap<i32, i64>, AppError> {
    Ok(response::Entity::find()
        .select_only()
        .column(response::Column::SurveyId)
        .column_as(response::Column::Id.count(), "n")
        .filter(response::Column::SurveyId.is_in(survey_ids.iter().copied()))
        .filter(counted(at))
        .group_by(response::Column::SurveyId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
