//! Attempts counted per key in a window, for logins and for typed check-in codes.
//!
//! An attempt is reserved before the expensive work (argon2, a code check) by one atomic
//! upsert, and a success gives it back. An account's own key backs off instead
//! (`reserve_backoff`). Checking first and recording after let 80 parallel
//! wrong codes for one phone get 10 answers before the first 429, not 5 (issue 13).
use crate::db::{begin_write, now, Db};
use crate::entities::login_throttle::{self, Column, Entity};
use crate::error::AppError;
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{prelude::*, ActiveValue::Set, QuerySelect};
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
            last_at: Set(Some(at)),
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

/// The longest an account's back-off grows: a 6-digit PIN then takes ~12 tries an hour from
/// everywhere together, and the trainee who knows it waits at most this long.
pub const MAX_BACKOFF_SECS: i64 = 300;

/// How long after its last failure an account with `failures` in its window waits: nothing
/// for the first `free`, then 2 s, 4 s, 8 s … up to `MAX_BACKOFF_SECS`.
pub fn backoff(failures: i32, free: i32) -> Option<Duration> {
    let over = failures - free;
    (over >= 0).then(|| {
        let secs = 2i64.saturating_pow(over.clamp(0, 30) as u32 + 1);
        Duration::seconds(Ord::min(secs, MAX_BACKOFF_SECS))
    })
}

/// An account's attempt (issue 34): the first `free` failures in `window` cost nothing, then
/// each attempt must wait its back-off from the last failure, and an attempt refused for
/// waiting is not counted. Whoever sends wrong PINs slows the account down instead of
/// locking its owner out for a quarter of an hour, and the owner's right PIN works as soon as
/// the back-off has run. Reserved atomically before the work, as `reserve`.
pub async fn reserve_backoff(
    db: &Db,
    key: &str,
    free: i32,
    window: Duration,
) -> Result<(), AppError> {
    let at = now();
    let txn = begin_write(db).await?;
    Entity::insert(login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_started_at: Set(at),
        last_at: Set(None),
    })
    .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;
    let mut find = Entity::find_by_id(key.to_owned());
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let row = find.one(&txn).await?.ok_or(AppError::Internal)?;
    let last = row.last_at.unwrap_or(row.window_started_at);
    let fresh = at - last > window;
    let failures = if fresh { 0 } else { row.failures };
    if let Some(delay) = backoff(failures, free) {
        let wait = last + delay - at;
        if wait > Duration::zero() {
            txn.commit().await?;
            let minutes = (wait.num_seconds() as f64 / 60.0).ceil().max(1.0) as u32;
            return Err(AppError::Throttled { minutes });
        }
    }
    let mut update: login_throttle::ActiveModel = row.into();
    update.failures = Set(failures + 1);
    update.last_at = Set(Some(at));
    if fresh {
        update.window_started_at = Set(at);
    }
    update.update(&txn).await?;
    txn.commit().await?;
    Ok(())
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
