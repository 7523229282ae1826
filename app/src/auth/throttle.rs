//! Attempts counted per key in a window, for logins and for typed check-in codes.
//!
//! An attempt is reserved before the expensive work (argon2, a code check) by one atomic
//! upsert, and a success gives it back. Checking first and recording after let 80 parallel
//! wrong codes for one phone get 10 answers before the first 429, not 5 (issue 13).
use crate::db::{begin_write, now, Db};
use crate::entities::login_throttle::{self, Column, Entity};
use crate::error::AppError;
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{prelude::*, ActiveValue::Set};
use sha2::{Digest, Sha256};

/// At most `attempts` in `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub attempts: i32,
    pub window: Duration,
}

/// Keys longer than this are stored as their hash: logins are attacker-chosen strings
/// (issue 13 saw 2 MB), and no real login or phone is this long.
const MAX_KEY: usize = 80;

/// `kind:value`, bounded in size.
pub fn key(kind: &str, value: &str) -> String {
    let key = format!("{kind}:{value}");
    if key.len() <= MAX_KEY {
        key
    } else {
        format!("{kind}#{}", hex::encode(Sha256::digest(value.as_bytes())))
    }
}

/// Counts one attempt for every key, atomically, and refuses when any key is past its
/// limit: N parallel attempts let at most `attempts` through.
pub async fn reserve(db: &Db, keys: &[(String, Limit)]) -> Result<(), AppError> {
    let at = now();
    let txn = begin_write(db).await?;
    let mut wait = None;
    for (key, limit) in keys {
        let stale = Expr::col((Entity, Column::WindowStartedAt)).lte(at - limit.window);
        let on_conflict = OnConflict::column(Column::Key)
            .value(
                Column::Failures,
                Expr::case(stale.clone(), 1).finally(Expr::col((Entity, Column::Failures)).add(1)),
            )
            .value(
                Column::WindowStartedAt,
                Expr::case(stale, at).finally(Expr::col((Entity, Column::WindowStartedAt))),
            )
            .to_owned();
        Entity::insert(login_throttle::ActiveModel {
            key: Set(key.clone()),
            failures: Set(1),
            window_started_at: Set(at),
        })
        .on_conflict(on_conflict)
        .exec_without_returning(&txn)
        .await?;
        let row = Entity::find_by_id(key.clone())
            .one(&txn)
            .await?
            .ok_or(AppError::Internal)?;
        if row.failures > limit.attempts {
            let ends = row.window_started_at + limit.window;
            let minutes = ((ends - at).num_seconds() as f64 / 60.0).ceil().max(1.0) as u32;
            wait = Ord::max(wait, Some(minutes));
        }
    }
    txn.commit().await?;
    match wait {
        Some(minutes) => Err(AppError::Throttled { minutes }),
        None => Ok(()),
    }
}

/// A success: the reserved attempt no longer counts against the key.
pub async fn give_back(db: &Db, key: &str) -> Result<(), AppError> {
    Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// A success that forgives every earlier failure of the key (the account's own login).
pub async fn clear(db: &Db, key: &str) -> Result<(), AppError> {
    Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// Rows whose window ended more than `older_than` ago count for nothing; the purge keeps
/// the table as small as the last day's attempts.
pub async fn purge(db: &Db, older_than: Duration) -> Result<u64, AppError> {
    Ok(Entity::delete_many()
        .filter(Column::WindowStartedAt.lt(now() - older_than))
        .exec(db)
        .await?
        .rows_affected)
}
