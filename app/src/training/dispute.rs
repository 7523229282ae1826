//! The trainee as witness (issue 34): a trainee marks a record about them 有异议 with a note.
//! Disputes are counted per class for evaluators (the report, its export and `/api/v1`) and
//! reach the trainee's county and the province, who read the class report.
use super::enrolment::trainee_of;
use super::types::DisputeLine;
use crate::auth::service::audit;
use crate::db::{now, Db, Sql};
use crate::entities::{dispute, enrolment, online_hours, session, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::Disputed;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};
use std::collections::{HashMap, HashSet};

/// A note of at most this many characters.
const MAX_NOTE: usize = 500;

/// Files the caller's dispute of one record about them: their attendance at a session of a
/// class they are on, or one of their own hours records. Once per record.
pub async fn file(
    db: &Db,
    user_id: i32,
    (subject, subject_id): (Disputed, i32),
    note: &str,
) -> Result<(), AppError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid(t::ERR_DISPUTE_NOTE));
    }
    let me = trainee_of(db, user_id).await?.ok_or(AppError::Forbidden)?;
    let class_id = match subject {
        Disputed::Session => {
            let s = session::Entity::find_by_id(subject_id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let enrolled = enrolment::Entity::find()
                .filter(enrolment::Column::ClassId.eq(s.class_id))
                .filter(enrolment::Column::TraineeId.eq(me.id))
                .one(db)
                .await?;
            enrolled.ok_or(AppError::NotFound)?.class_id
        }
        Disputed::Hours => {
            online_hours::Entity::find_by_id(subject_id)
                .one(db)
                .await?
                .filter(|h| h.trainee_id == me.id)
                .ok_or(AppError::NotFound)?
                .class_id
        }
    };
    let row = dispute::ActiveModel {
        trainee_id: Set(me.id),
        class_id: Set(class_id),
        subject: Set(subject),
        subject_id: Set(subject_id),
        note: Set(note.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    if let Err(err) = row.insert(&txn).await {
        return match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                Err(AppError::invalid(t::ERR_DISPUTE_TWICE))
            }
            _ => Err(err.into()),
        };
    }
    let target = format!("{}:{subject_id}", subject.as_str());
    audit(
        &txn,
        Some(user_id),
        "dispute",
        &target,
        &format!("class:{class_id}"),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The records the trainee has disputed, as (subject, id).
pub async fn mine(db: &Db, trainee_id: i32) -> Result<HashSet<(Disputed, i32)>, AppError> {
    Ok(dispute::Entity::find()
        .filter(dispute::Column::TraineeId.eq(trainee_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.subject, d.subject_id))
        .collect())
}

/// How many disputes a class has, of the reader's county's trainees or all.
pub async fn count(db: &Db, class_id: i32, county: Option<i32>) -> Result<u64, AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "SELECT COUNT(*) FROM dispute d JOIN trainee t ON t.id = d.trainee_id \
         WHERE d.class_id = ?",
        class_id,
    );
    if let Some(county) = county {
        sql.bind(" AND t.county_id = ?", county);
    }
    let row = db.query_one_raw(sql.statement()).await?;
    Ok(row
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0) as u64)
}

/// A class's disputes for the report, newest first, of the reader's county or all.
pub async fn lines(
    db: &Db,
    class_id: i32,
    county: Option<i32>,
) -> Result<Vec<DisputeLine>, AppError> {
    let rows = dispute::Entity::find()
        .filter(dispute::Column::ClassId.eq(class_id))
        .order_by_desc(dispute::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    // The roster's view of each trainee: a row awaiting its county under the contractor's
    // file's name (the contractor reads its own class's report too).
    let people: HashMap<i32, trainee::Model> = super::enrolment::roster_entries(db, class_id)
        .await?
        .into_iter()
        .map(|(t, _)| (t.id, t))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|d| {
            let tr = people.get(&d.trainee_id)?;
            (county.is_none() || tr.county_id == county).then(|| DisputeLine {
                trainee: tr.name.clone(),
                on: match d.subject {
                    Disputed::Session => t::DISPUTE_ON_SESSION,
                    Disputed::Hours => t::DISPUTE_ON_HOURS,
                }
                .to_owned(),
                note: d.note,
                at: crate::time::cst(d.created_at),
            })
        })
        .collect())
}

/// Per class of these: (unconfirmed roster rows, disputes), of the reader's county or all;
/// two grouped reads for a whole project.
pub async fn per_class(
    db: &Db,
    classes: &[i32],
    county: Option<i32>,
) -> Result<HashMap<i32, (u64, u64)>, AppError> {
    let mut out: HashMap<i32, (u64, u64)> = HashMap::new();
    if classes.is_empty() {
        return Ok(out);
    }
    let list = crate::db::id_list(classes.iter().copied());
    let queries = [
        format!(
            "SELECT e.class_id, COUNT(*) FROM enrolment e JOIN trainee t ON t.id = e.trainee_id \
             WHERE e.class_id IN ({list}) AND NOT e.confirmed"
        ),
        format!(
            "SELECT d.class_id, COUNT(*) FROM dispute d JOIN trainee t ON t.id = d.trainee_id \
             WHERE d.class_id IN ({list})"
        ),
    ];
    for (i, text) in queries.into_iter().enumerate() {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(&text);
        if let Some(county) = county {
            sql.bind(" AND t.county_id = ?", county);
        }
        sql.push(if i == 0 {
            " GROUP BY e.class_id"
        } else {
            " GROUP BY d.class_id"
        });
        for row in db.query_all_raw(sql.statement()).await? {
            let class: i32 = row.try_get_by_index(0)?;
            let n = row.try_get_by_index::<i64>(1)? as u64;
            let entry = out.entry(class).or_default();
            if i == 0 {
                entry.0 = n;
            } else {
                entry.1 = n;
            }
        }
    }
    Ok(out)
}
