//! A trainee's credential is the trainee's alone (issue 12).
//!
//! Nobody but the trainee learns a working credential it could keep: a
//! new trainee gets a one-time activation code, stored only as an argon2 hash and shown once
//! on the printed slip; the first login with it may only choose a 6-digit PIN, which then
//! replaces it. A reset issues a new one-time code, clears the PIN, is audited with the class
//! it was done for (evaluators count them), and is told to the trainee at their next login.
use super::service::{
    audit, authenticate, create_session, hash_token, Credentials, NewSession, Proved,
};
use super::throttle::{self, Limit};
use super::{AccessCode, Phone, Pin, PinOwner, Role};
use crate::db::{begin_write, now, Db};
use crate::entities::{app_user, auth_session};
use crate::error::AppError;
use crate::i18n::t;
use crate::password::Hasher;
use chrono::Duration;
use sea_orm::{prelude::*, sea_query::Expr};

/// A trainee stays logged in for the whole class.
const TRAINEE_SESSION_DAYS: i64 = 30;
/// How long a session made by an activation code may take to choose the PIN.
const PENDING_PIN_MIN: i64 = 15;
/// PIN choices allowed per account in 15 minutes.
const PIN_TRIES: i32 = 10;
/// The audit action of a reset; evaluators count these per class.
pub const RESET_ACTION: &str = "reset_credential";

pub enum TraineeLogin {
    /// Logged in with their PIN.
    Done(NewSession),
    /// Logged in with a one-time code: the session may only choose the PIN.
    ChoosePin(NewSession),
}

pub async fn login_trainee(
    db: &Db,
    hasher: &Hasher,
    phone: &Phone,
    code: &AccessCode,
    ip: Option<&str>,
) -> Result<TraineeLogin, AppError> {
    let creds = Credentials {
        login: phone.as_str(),
        secret: code.expose(),
        ip,
    };
    let roles = [Role::Trainee];
    let (user, proved) = authenticate(db, hasher, &creds, &roles, t::ERR_BAD_TRAINEE_LOGIN).await?;
    let target = format!("user:{}", user.id);
    Ok(match proved {
        Proved::Password => {
            let ttl = Duration::days(TRAINEE_SESSION_DAYS);
            let session = create_session(db, user.id, ttl, false).await?;
            audit(db, Some(user.id), "login", &target, "", ip).await?;
            TraineeLogin::Done(session)
        }
        Proved::ActivationCode => {
            let ttl = Duration::minutes(PENDING_PIN_MIN);
            let session = create_session(db, user.id, ttl, true).await?;
            audit(db, Some(user.id), "activation_login", &target, "", ip).await?;
            TraineeLogin::ChoosePin(session)
        }
    })
}

async fn pending_user(db: &Db, token: &str) -> Result<Option<app_user::Model>, AppError> {
    let Some(session) = auth_session::Entity::find()
        .filter(auth_session::Column::TokenHash.eq(hash_token(token)))
        .filter(auth_session::Column::PendingPin.eq(true))
        .filter(auth_session::Column::ExpiresAt.gt(now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(app_user::Entity::find_by_id(session.user_id)
        .one(db)
        .await?
        .filter(|u| u.active && u.activation_hash.is_some()))
}

pub async fn pin_prompt(db: &Db, token: &str) -> Result<Option<PinOwner>, AppError> {
    Ok(pending_user(db, token).await?.map(|u| PinOwner {
        reset: u.reset_at.map(|at| {
            let at = at
                .with_timezone(&crate::time::cst_offset())
                .format("%Y年%m月%d日 %H:%M")
                .to_string();
            t::pin_reset_notice(&at, u.reset_by.as_deref().unwrap_or_default())
        }),
        name: u.display_name,
    }))
}

/// Sets the trainee's own PIN from a session an activation code made. The code stops
/// working in the same transaction, and the pending session becomes a full one.
pub async fn choose_pin(
    db: &Db,
    hasher: &Hasher,
    token: &str,
    pin: &Pin,
    again: &str,
) -> Result<NewSession, AppError> {
    let user = pending_user(db, token)
        .await?
        .ok_or_else(|| AppError::invalid(t::ERR_PIN_EXPIRED))?;
    // Two argon2 runs per try: a code holder must not be able to load the CPU at will.
    let key = throttle::key("pin", &user.id.to_string());
    let limit = Limit {
        attempts: PIN_TRIES,
        window: Duration::minutes(15),
    };
    throttle::reserve(db, &[(key, limit)]).await?;
    if again.trim() != pin.expose() {
        return Err(AppError::invalid(t::ERR_PIN_MISMATCH));
    }
    let code_hash = user.activation_hash.clone().ok_or(AppError::Internal)?;
    // The code was printed, so whoever printed it knows it: it cannot become the PIN.
    if hasher.verify(&code_hash, pin.expose()).await? {
        return Err(AppError::invalid(t::ERR_PIN_IS_CODE));
    }
    let pin_hash = hasher.hash(pin.expose()).await?;
    let txn = begin_write(db).await?;
    let set = app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(pin_hash))
        .col_expr(
            app_user::Column::ActivationHash,
            Expr::value(Option::<String>::None),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .filter(app_user::Column::ActivationHash.eq(code_hash))
        .exec(&txn)
        .await?;
    if set.rows_affected != 1 {
        txn.rollback().await?;
        return Err(AppError::invalid(t::ERR_CODE_USED));
    }
    auth_session::Entity::delete_many()
        .filter(auth_session::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    let ttl = Duration::days(TRAINEE_SESSION_DAYS);
    let session = create_session(&txn, user.id, ttl, false).await?;
    audit(
        &txn,
        Some(user.id),
        "choose_pin",
        &format!("user:{}", user.id),
        "",
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(session)
}

/// A fresh 6-digit one-time code.
pub fn new_activation_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

/// Why a code is being issued: the first for an account that never activated, or a reset
/// of a trainee's own PIN, which evaluators count in every class the trainee attends at the
/// time (issue 34: a reset filed under one class used to hide from the class it served).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    First,
    Reset,
}

/// Issues one-time codes to these trainee accounts and returns them, the only time they
/// exist outside a hash. Hashing runs before the transaction, on the bulk gate, so a class
/// of slips does not hold the write lock or the login queue.
pub async fn issue_codes(
    db: &Db,
    hasher: &Hasher,
    actor: (i32, &str),
    users: &[(i32, Issue)],
) -> Result<Vec<(i32, String)>, AppError> {
    let mut tasks = tokio::task::JoinSet::new();
    for &(user_id, _) in users {
        let (hasher, code) = (hasher.clone(), new_activation_code());
        tasks.spawn(async move { hasher.hash_bulk(&code).await.map(|h| (user_id, code, h)) });
    }
    let mut hashed = std::collections::HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let (user_id, code, hash) = done.map_err(|e| AppError::internal("hash task", e))??;
        hashed.insert(user_id, (code, hash));
    }
    let txn = begin_write(db).await?;
    let mut codes = Vec::new();
    for &(user_id, issue) in users {
        let (code, hash) = hashed.remove(&user_id).ok_or(AppError::Internal)?;
        let mut update = app_user::Entity::update_many()
            .col_expr(app_user::Column::PasswordHash, Expr::value(String::new()))
            .col_expr(app_user::Column::ActivationHash, Expr::value(Some(hash)))
            .filter(app_user::Column::Id.eq(user_id));
        let (action, detail) = match issue {
            // Only while no PIN is set: a trainee who chose one while the slips were being
            // hashed keeps it, and gets no slip.
            Issue::First => {
                update = update.filter(app_user::Column::PasswordHash.eq(""));
                ("issue_activation", String::new())
            }
            Issue::Reset => {
                update = update
                    .col_expr(app_user::Column::ResetAt, Expr::value(Some(now())))
                    .col_expr(
                        app_user::Column::ResetBy,
                        Expr::value(Some(actor.1.to_owned())),
                    );
                (RESET_ACTION, String::new())
            }
        };
        if update.exec(&txn).await?.rows_affected != 1 {
            continue;
        }
        auth_session::Entity::delete_many()
            .filter(auth_session::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        audit(
            &txn,
            Some(actor.0),
            action,
            &format!("user:{user_id}"),
            &detail,
            None,
        )
        .await?;
        codes.push((user_id, code));
    }
    txn.commit().await?;
    Ok(codes)
}
