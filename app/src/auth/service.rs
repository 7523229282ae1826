//! Passwords, logins, sessions and throttling, with no HTTP in sight.
use super::{AccessCode, Me, Phone, Role};
use crate::db::{begin_write, now, Db};
use crate::entities::{app_user, audit_log, auth_session, login_throttle};
use crate::error::AppError;
use crate::i18n::t;
use crate::password::Hasher;
use chrono::Duration;
use sea_orm::{prelude::*, ActiveValue::Set, QueryFilter};
use sha2::{Digest, Sha256};

/// A hash of a random password nobody knows: verifying against it when the account does not
/// exist makes "no such user" take as long as "wrong password".
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0jNLHsU2xIVbx5W2Wtr9vaJ1jkpnQ6pELq/+IDjmHqM";

pub const ACCOUNT_FAILURE_LIMIT: i32 = 5;
pub const IP_FAILURE_LIMIT: i32 = 30;
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
}

pub async fn login_trainee(
    db: &Db,
    hasher: &Hasher,
    phone: &Phone,
    code: &AccessCode,
    ip: Option<&str>,
) -> Result<NewSession, AppError> {
    let creds = Credentials {
        login: phone.as_str(),
        secret: code.expose(),
        ip,
    };
    login(
        db,
        hasher,
        creds,
        &[Role::Trainee],
        t::ERR_BAD_TRAINEE_LOGIN,
    )
    .await
}

pub async fn login_staff(
    db: &Db,
    hasher: &Hasher,
    creds: Credentials<'_>,
) -> Result<NewSession, AppError> {
    if creds.login.trim().is_empty() {
        return Err(AppError::invalid(t::ERR_LOGIN_EMPTY));
    }
    login(
        db,
        hasher,
        creds,
        &[Role::Admin, Role::Evaluator, Role::Contractor],
        t::ERR_BAD_STAFF_LOGIN,
    )
    .await
}

async fn login(
    db: &Db,
    hasher: &Hasher,
    creds: Credentials<'_>,
    roles: &[Role],
    wrong: &str,
) -> Result<NewSession, AppError> {
    let login = creds.login.trim();
    let keys = throttle_keys(login, creds.ip);
    check_throttle(db, &keys).await?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::Login.eq(login))
        .one(db)
        .await?;
    let user =
        user.filter(|u| u.active && Role::parse(&u.role).is_some_and(|r| roles.contains(&r)));
    let hash = user
        .as_ref()
        .map_or(DUMMY_HASH, |u| u.password_hash.as_str());
    let ok = hasher.verify(hash, creds.secret).await?;
    let Some(user) = user.filter(|_| ok) else {
        record_failure(db, &keys).await?;
        return Err(AppError::invalid(wrong));
    };
    clear_throttle(db, &keys[0]).await?;
    let ttl = if user.role == Role::Trainee.as_str() {
        Duration::days(30)
    } else {
        Duration::hours(12)
    };
    let session = create_session(db, user.id, ttl).await?;
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

fn throttle_keys(login: &str, ip: Option<&str>) -> Vec<String> {
    let mut keys = vec![format!("acct:{login}")];
    if let Some(ip) = ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

fn limit_for(key: &str) -> i32 {
    if key.starts_with("ip:") {
        IP_FAILURE_LIMIT
    } else {
        ACCOUNT_FAILURE_LIMIT
    }
}

async fn check_throttle(db: &Db, keys: &[String]) -> Result<(), AppError> {
    let rows = login_throttle::Entity::find()
        .filter(login_throttle::Column::Key.is_in(keys.iter().cloned()))
        .all(db)
        .await?;
    let window = Duration::minutes(THROTTLE_WINDOW_MIN);
    for row in rows {
        let ends = row.window_started_at + window;
        if row.failures >= limit_for(&row.key) && ends > now() {
            let minutes = ((ends - now()).num_seconds() as f64 / 60.0).ceil().max(1.0) as u32;
            return Err(AppError::Throttled { minutes });
        }
    }
    Ok(())
}

async fn record_failure(db: &Db, keys: &[String]) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    for key in keys {
        let existing = login_throttle::Entity::find_by_id(key.clone())
            .one(&txn)
            .await?;
        let fresh = existing
            .as_ref()
            .is_none_or(|r| r.window_started_at + Duration::minutes(THROTTLE_WINDOW_MIN) <= now());
        match existing {
            Some(row) => {
                let failures = if fresh { 1 } else { row.failures + 1 };
                let mut active: login_throttle::ActiveModel = row.into();
                active.failures = Set(failures);
                if fresh {
                    active.window_started_at = Set(now());
                }
                active.update(&txn).await?;
            }
            None => {
                let row = login_throttle::ActiveModel {
                    key: Set(key.clone()),
                    failures: Set(1),
                    window_started_at: Set(now()),
                };
                row.insert(&txn).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

async fn clear_throttle(db: &Db, key: &str) -> Result<(), AppError> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn create_session(db: &Db, user_id: i32, ttl: Duration) -> Result<NewSession, AppError> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let row = auth_session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now()),
        expires_at: Set(now() + ttl),
        ..Default::default()
    };
    row.insert(db).await?;
    Ok(NewSession {
        token,
        max_age_secs: ttl.num_seconds(),
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
    if session.expires_at <= now() {
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
