//! Passwords, logins, sessions and throttling, with no HTTP in sight.
use super::throttle::{self, Limit};
use super::{Me, Role};
use crate::db::{now, Db};
use crate::entities::{app_user, audit_log, auth_session};
use crate::error::AppError;
use crate::i18n::t;
use crate::password::Hasher;
use chrono::Duration;
use sea_orm::{prelude::*, ActiveValue::Set, QueryFilter};
use sha2::{Digest, Sha256};

/// A hash of a random password nobody knows: verifying against it when the account does not
/// exist makes "no such user" take as long as "wrong password".
pub(super) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0jNLHsU2xIVbx5W2Wtr9vaJ1jkpnQ6pELq/+IDjmHqM";

/// Wrong tries an account takes in `THROTTLE_WINDOW_MIN` before each further try waits its
/// back-off (`throttle::reserve_backoff`).
pub const ACCOUNT_FAILURE_LIMIT: i32 = 5;
pub const IP_FAILURE_LIMIT: i32 = 30;
/// How long an account's wrong tries keep counting towards its back-off.
pub const BACKOFF_FADE_HOURS: i64 = 24;
pub const THROTTLE_WINDOW_MIN: i64 = 15;

pub struct Credentials<'a> {
    pub login: &'a str,
    pub secret: &'a str,
    pub ip: Option<&'a str>,
}

/// A fresh session: the token goes into the cookie, only its hash into the database.
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
    pub user_id: i32,
}

/// What a secret proved: the account's own password or PIN, or a trainee's one-time
/// activation code, which only lets them choose their PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proved {
    Password,
    ActivationCode,
}

pub async fn login_staff(
    db: &Db,
    hasher: &Hasher,
    creds: Credentials<'_>,
) -> Result<NewSession, AppError> {
    if creds.login.trim().is_empty() {
        return Err(AppError::invalid(t::ERR_LOGIN_EMPTY));
    }
    let roles = [Role::Admin, Role::Evaluator, Role::Contractor];
    let (user, _) = authenticate(db, hasher, &creds, &roles, t::ERR_BAD_STAFF_LOGIN).await?;
    let session = create_session(db, user.id, Duration::hours(12), false).await?;
    audit(
        db,
        Some(user.id),
        "login",
        &format!("user:{}", user.id),
        "",
        creds.ip,
    )
    .await?;
    Ok(session)
}

/// Checks a login and secret with one argon2 verification, throttled per account and per
/// address. The attempt is reserved before the work and given back on success.
pub async fn authenticate(
    db: &Db,
    hasher: &Hasher,
    creds: &Credentials<'_>,
    roles: &[Role],
    wrong: &str,
) -> Result<(app_user::Model, Proved), AppError> {
    let login = creds.login.trim();
    let window = Duration::minutes(THROTTLE_WINDOW_MIN);
    let account = throttle::key("acct", login);
    // The address first: an attempt its address may not make is refused before it reaches
    // the account, so a refused sender cannot slow anyone's account down (issue 34).
    let address = creds.ip.map(|ip| throttle::key("ip", ip));
    if let Some(key) = &address {
        let limit = Limit {
            attempts: IP_FAILURE_LIMIT,
            window,
        };
        throttle::reserve(db, &[(key.clone(), limit)]).await?;
    }
    // An account's failures fade over a day, not a quarter-hour: pausing does not buy a
    // fresh set of free tries (about 290 guesses a day at most, against 480 before).
    let fade = Duration::hours(BACKOFF_FADE_HOURS);
    if let Err(refused) = throttle::reserve_backoff(db, &account, ACCOUNT_FAILURE_LIMIT, fade).await
    {
        // Refused without checking: the address did not spend a try on it.
        if let Some(key) = &address {
            throttle::give_back(db, key).await?;
        }
        return Err(refused);
    }
    let user = app_user::Entity::find()
        .filter(app_user::Column::Login.eq(login))
        .one(db)
        .await?
        .filter(|u| u.active && Role::parse(&u.role).is_some_and(|r| roles.contains(&r)));
    // A trainee has either a PIN or an activation code, never both, so every attempt costs
    // one argon2 run whoever it is for.
    let (hash, proves) = match &user {
        Some(u) if !u.password_hash.is_empty() => (u.password_hash.as_str(), Proved::Password),
        Some(u) => (
            u.activation_hash.as_deref().unwrap_or(DUMMY_HASH),
            Proved::ActivationCode,
        ),
        None => (DUMMY_HASH, Proved::Password),
    };
    let ok = hasher.verify(hash, creds.secret).await?;
    let Some(user) = user.filter(|_| ok) else {
        return Err(AppError::invalid(wrong));
    };
    throttle::clear(db, &account).await?;
    if let Some(key) = &address {
        throttle::give_back(db, key).await?;
    }
    Ok((user, proves))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub async fn create_session(
    db: &impl ConnectionTrait,
    user_id: i32,
    ttl: Duration,
    pending_pin: bool,
) -> Result<NewSession, AppError> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let row = auth_session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now()),
        expires_at: Set(now() + ttl),
        pending_pin: Set(pending_pin),
        ..Default::default()
    };
    row.insert(db).await?;
    Ok(NewSession {
        token,
        max_age_secs: ttl.num_seconds(),
        user_id,
    })
}

/// The account behind a session cookie, if the session is live and the account active.
pub async fn user_for_token(db: &Db, token: &str) -> Result<Option<Me>, AppError> {
    let Some(session) = auth_session::Entity::find()
        .filter(auth_session::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if session.expires_at <= now() || session.pending_pin {
        return Ok(None);
    }
    let user = app_user::Entity::find_by_id(session.user_id)
        .one(db)
        .await?;
    Ok(user.filter(|u| u.active).and_then(|u| {
        Some(Me {
            user_id: u.id,
            role: Role::parse(&u.role)?,
            display_name: u.display_name,
            contractor_id: u.contractor_id,
            county_id: u.county_id,
        })
    }))
}

/// Removes sessions past their end and throttle rows whose window ended a day ago:
/// (sessions, throttle rows) removed.
pub async fn purge_expired(db: &Db) -> Result<(u64, u64), AppError> {
    let sessions = auth_session::Entity::delete_many()
        .filter(auth_session::Column::ExpiresAt.lt(now()))
        .exec(db)
        .await?
        .rows_affected;
    let throttles = throttle::purge(db, Duration::days(1)).await?;
    Ok((sessions, throttles))
}

pub async fn end_session(db: &Db, token: &str) -> Result<(), AppError> {
    auth_session::Entity::delete_many()
        .filter(auth_session::Column::TokenHash.eq(hash_token(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// A staff or trainee account. Trainee accounts log in with their phone as `login`.
pub struct NewUser {
    pub role: Role,
    pub login: String,
    pub display_name: String,
    pub secret: String,
    pub contractor_id: Option<i32>,
    pub county_id: Option<i32>,
}

pub const MIN_PASSWORD_LEN: usize = 10;

pub async fn create_user(
    db: &impl ConnectionTrait,
    hasher: &Hasher,
    user: NewUser,
    actor: Option<i32>,
) -> Result<i32, AppError> {
    let login = user.login.trim().to_owned();
    if login.is_empty() {
        return Err(AppError::invalid(t::ERR_LOGIN_EMPTY));
    }
    if user.display_name.trim().is_empty() {
        return Err(AppError::invalid(t::ERR_NAME_EMPTY));
    }
    if user.role != Role::Trainee && user.secret.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(t::ERR_PASSWORD_SHORT));
    }
    if user.role == Role::Contractor && user.contractor_id.is_none() {
        return Err(AppError::invalid(t::ERR_CONTRACTOR_REQUIRED));
    }
    let taken = app_user::Entity::find()
        .filter(app_user::Column::Login.eq(&login))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(AppError::invalid(t::ERR_LOGIN_TAKEN));
    }
    let row = app_user::ActiveModel {
        role: Set(user.role.as_str().to_owned()),
        login: Set(login.clone()),
        display_name: Set(user.display_name.trim().to_owned()),
        password_hash: Set(hasher.hash(&user.secret).await?),
        contractor_id: Set(user.contractor_id.filter(|_| user.role == Role::Contractor)),
        county_id: Set(user
            .county_id
            .filter(|_| matches!(user.role, Role::Evaluator | Role::Trainee))),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit(
        db,
        actor,
        "create_user",
        &format!("user:{}", row.id),
        &format!("role={} login={login}", user.role.as_str()),
        None,
    )
    .await?;
    Ok(row.id)
}

pub async fn audit(
    db: &impl ConnectionTrait,
    user_id: Option<i32>,
    action: &str,
    target: &str,
    detail: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    audit_log::ActiveModel {
        user_id: Set(user_id),
        action: Set(action.to_owned()),
        target: Set(target.to_owned()),
        detail: Set(detail.to_owned()),
        ip: Set(ip.map(str::to_owned)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A random password for accounts created from the command line, shown once.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The audit actions that note which (hashed) device an account was activated or a staff
/// member logged in from (issue 34): evaluators count the activations from a phone that also
/// logged in as staff or activated another trainee (`dashboard::report`).
pub const DEVICE_ACTIVATION: &str = "device_activation";
pub const DEVICE_STAFF: &str = "device_staff";

/// Notes the device of a login; the device id is the random cookie, kept as its SHA-256.
pub async fn note_device(
    db: &impl ConnectionTrait,
    user_id: i32,
    action: &'static str,
    device: &str,
) -> Result<(), AppError> {
    let hash = hex::encode(Sha256::digest(device.as_bytes()));
    audit(
        db,
        Some(user_id),
        action,
        &format!("user:{user_id}"),
        &hash,
        None,
    )
    .await
}
