//! Read-API tokens (issue 16): made by an admin for one programme (and optionally one
//! county), shown once, kept as SHA-256 only, revocable, expiring, rate-limited, and every
//! use audited with the token's name.
//!
//! SHA-256 rather than argon2: a token is 32 random bytes, not a password a person chose,
//! so a fast hash cannot be searched backwards, and each API call can afford the lookup.
pub use super::limit::RATE;
use super::limit::{Admit, Limiter};
use super::types::{NewTokenForm, TokenRow};
use crate::auth::service::audit;
use crate::auth::throttle;
use crate::auth::{Me, Role};
use crate::db::{now, Db};
use crate::entities::{api_token, app_user, county, programme};
use crate::error::AppError;
use crate::i18n::t;
use chrono::{Duration, NaiveDate};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Tokens start with this, so a leaked one is recognisable in a log or a chat.
pub const PREFIX: &str = "pxa_";
const MAX_NAME: usize = 60;
/// A token lives at most a year: the programme it reads is a year's.
const MAX_DAYS: i64 = 366;

/// Proof that a request carries a live token; only `lookup` makes one.
#[derive(Debug, Clone)]
pub struct ApiScope {
    token_id: i32,
    pub name: String,
    pub programme_id: i32,
    pub county_id: Option<i32>,
    pub full_phones: bool,
    /// May send the online platform's log of hours (stored as 平台核验).
    pub writes_hours: bool,
    created_by: i32,
}

impl ApiScope {
    pub fn token_id(&self) -> i32 {
        self.token_id
    }

    /// The admin who made the token: a platform log it sends is stored in their name.
    pub fn maker(&self) -> i32 {
        self.created_by
    }

    /// The reader the token stands for: an evaluator of its county (or of the province),
    /// so every scope rule of the pages applies to it unchanged.
    pub fn reader(&self) -> Me {
        Me {
            user_id: self.created_by,
            role: Role::Evaluator,
            display_name: self.name.clone(),
            contractor_id: None,
            county_id: self.county_id,
        }
    }
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What the admin's form asked for, parsed.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub programme_id: i32,
    pub county_id: Option<i32>,
    pub expires_on: NaiveDate,
    pub full_phones: bool,
    pub writes_hours: bool,
}

impl NewToken {
    pub fn parse(form: &NewTokenForm, today: NaiveDate) -> Result<NewToken, AppError> {
        let name = form.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(AppError::invalid(t::ERR_TOKEN_NAME));
        }
        let programme_id = form
            .programme_id
            .trim()
            .parse()
            .map_err(|_| AppError::invalid(t::ERR_TOKEN_PROGRAMME))?;
        let county_id = match form.county_id.trim() {
            "" => None,
            id => Some(
                id.parse()
                    .map_err(|_| AppError::invalid(t::ERR_TOKEN_COUNTY))?,
            ),
        };
        let expires_on = NaiveDate::parse_from_str(form.expires_on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d > today && (*d - today).num_days() <= MAX_DAYS)
            .ok_or_else(|| AppError::invalid(t::ERR_TOKEN_EXPIRY))?;
        Ok(NewToken {
            name: name.to_owned(),
            programme_id,
            county_id,
            expires_on,
            full_phones: form.full_phones.is_some(),
            writes_hours: form.writes_hours.is_some(),
        })
    }
}

/// Stores a new token and returns it: the only time it is ever seen.
pub async fn create(db: &Db, admin: &Me, new: NewToken) -> Result<String, AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    programme::Entity::find_by_id(new.programme_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid(t::ERR_TOKEN_PROGRAMME))?;
    if let Some(id) = new.county_id {
        county::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::invalid(t::ERR_TOKEN_COUNTY))?;
    }
    let token = format!("{PREFIX}{}", hex::encode(rand::random::<[u8; 32]>()));
    // The token is good through its last day, China Standard Time.
    let expires_at =
        crate::time::cst_instant(new.expires_on, chrono::NaiveTime::MIN) + Duration::days(1);
    let row = api_token::ActiveModel {
        name: Set(new.name.clone()),
        token_hash: Set(digest(&token)),
        programme_id: Set(new.programme_id),
        county_id: Set(new.county_id),
        full_phones: Set(new.full_phones),
        writes_hours: Set(new.writes_hours),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
        created_by: Set(admin.user_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let detail = format!(
        "name={} programme={} county={:?} full_phones={} writes_hours={} expires={}",
        new.name,
        new.programme_id,
        new.county_id,
        new.full_phones,
        new.writes_hours,
        new.expires_on
    );
    audit(
        db,
        Some(admin.user_id),
        "api_token_create",
        &format!("api_token:{}", row.id),
        &detail,
        None,
    )
    .await?;
    Ok(token)
}

pub async fn revoke(db: &Db, admin: &Me, id: i32) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let row = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.revoked_at.is_none() {
        let name = row.name.clone();
        let mut active: api_token::ActiveModel = row.into();
        active.revoked_at = Set(Some(now()));
        active.update(db).await?;
        audit(
            db,
            Some(admin.user_id),
            "api_token_revoke",
            &format!("api_token:{id}"),
            &format!("name={name}"),
            None,
        )
        .await?;
    }
    Ok(())
}

/// Every token, newest first, as the admin's list shows it (never the token itself).
pub async fn list(db: &Db) -> Result<Vec<TokenRow>, AppError> {
    let rows = api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let programmes: HashMap<i32, String> = programme::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let counties: HashMap<i32, String> = county::Entity::find()
        .filter(county::Column::Id.is_in(rows.iter().filter_map(|r| r.county_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let at = now();
    Ok(rows
        .into_iter()
        .map(|r| TokenRow {
            id: r.id,
            programme: programmes.get(&r.programme_id).cloned().unwrap_or_default(),
            county: r.county_id.and_then(|id| counties.get(&id).cloned()),
            full_phones: r.full_phones,
            writes_hours: r.writes_hours,
            expires: crate::time::cst(r.expires_at),
            last_used: r.last_used_at.map(crate::time::cst),
            live: r.revoked_at.is_none() && r.expires_at > at,
            revoked: r.revoked_at.is_some(),
            name: r.name,
        })
        .collect())
}

/// The token in an `Authorization` header: the scheme in any case (RFC 9110 §11.1), our
/// prefix, and no longer than a token can be, so nothing else is hashed and looked up.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let (scheme, rest) = header?.trim().split_once(' ')?;
    let token = rest.trim();
    (scheme.eq_ignore_ascii_case("bearer") && well_formed(token)).then_some(token)
}

pub fn well_formed(token: &str) -> bool {
    token.starts_with(PREFIX) && token.len() < 200
}

/// Which token a request named, for the audit: also a dead one, so its refusals are on
/// record under its name.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: i32,
    pub name: String,
    last_used_at: Option<DateTimeUtc>,
}

pub enum Lookup {
    /// No such token: nothing to audit it under (a guess at 256 bits is not worth a write).
    Unknown,
    /// A token that no longer reads, and why.
    Dead(Named, &'static str),
    Live(Named, ApiScope),
}

/// Finds the token and whether it still reads: not revoked, not expired, and made by
/// someone who is still an active admin (a token never outlives its maker's right).
pub async fn lookup(db: &Db, token: &str) -> Result<Lookup, AppError> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(digest(token)))
        .one(db)
        .await?
    else {
        return Ok(Lookup::Unknown);
    };
    let named = Named {
        id: row.id,
        name: row.name.clone(),
        last_used_at: row.last_used_at,
    };
    let maker = app_user::Entity::find_by_id(row.created_by).one(db).await?;
    let why = if row.revoked_at.is_some() {
        Some("revoked")
    } else if row.expires_at <= now() {
        Some("expired")
    } else if !maker.is_some_and(|u| u.active && Role::parse(&u.role) == Some(Role::Admin)) {
        Some("maker_not_admin")
    } else {
        None
    };
    Ok(match why {
        Some(why) => Lookup::Dead(named, why),
        None => Lookup::Live(
            named,
            ApiScope {
                token_id: row.id,
                name: row.name,
                programme_id: row.programme_id,
                county_id: row.county_id,
                full_phones: row.full_phones,
                writes_hours: row.writes_hours,
                created_by: row.created_by,
            },
        ),
    })
}

/// Counts a request against the token's rate: first in this process, so a flood is
/// refused without touching the database, then in the shared table, so the rate holds
/// across app servers. `Err(first)`: over the rate; `first` is true once per window.
pub async fn admit(db: &Db, limiter: &Limiter, id: i32) -> Result<(), (AppError, bool)> {
    let throttled = AppError::Throttled { minutes: 1 };
    match limiter.admit(id) {
        Admit::Yes => {}
        Admit::Refused { first } => return Err((throttled, first)),
    }
    match throttle::reserve(db, &[(throttle::key("api", &id.to_string()), RATE)]).await {
        Ok(()) => Ok(()),
        Err(AppError::Throttled { .. }) => Err((throttled, true)),
        Err(other) => Err((other, true)),
    }
}

/// The longest path the audit keeps: the API's own paths are far shorter, and a client's
/// made-up one must not fill the log.
const MAX_AUDITED_PATH: usize = 200;

/// Writes the use to the audit log once it is answered: the token, the path, the caller's
/// address and the status it got. The last use (an answer or a 304) is kept to the minute,
/// so a platform paging at full rate adds the audit row to its rate's upsert and nothing
/// more.
pub async fn record(
    db: &Db,
    who: &Named,
    path: &str,
    ip: Option<&str>,
    status: u16,
) -> Result<(), AppError> {
    let detail = format!("token={} id={} status={status}", who.name, who.id);
    let path: String = path.chars().take(MAX_AUDITED_PATH).collect();
    audit(db, None, "api_read", &path, &detail, ip).await?;
    let at = now();
    let stale = who
        .last_used_at
        .is_none_or(|t| at - t >= Duration::minutes(1));
    if ((200..300).contains(&status) || status == 304) && stale {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(at))
            .filter(api_token::Column::Id.eq(who.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, expires: &str) -> NewTokenForm {
        NewTokenForm {
            name: name.into(),
            programme_id: "1".into(),
            county_id: String::new(),
            expires_on: expires.into(),
            full_phones: None,
            writes_hours: None,
        }
    }

    #[test]
    fn a_token_needs_a_name_and_an_expiry_within_a_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let ok = NewToken::parse(&form(" 省平台 ", "2027-03-31"), today).unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.county_id, ok.full_phones),
            ("省平台", None, false)
        );
        let refused = |f: NewTokenForm| NewToken::parse(&f, today).unwrap_err();
        assert_eq!(
            refused(form("", "2027-03-31")),
            AppError::invalid(t::ERR_TOKEN_NAME)
        );
        for expires in ["2026-12-01", "2028-01-01", "明年"] {
            assert_eq!(
                refused(form("x", expires)),
                AppError::invalid(t::ERR_TOKEN_EXPIRY)
            );
        }
        let mut bad_county = form("x", "2027-01-01");
        bad_county.county_id = "遂川".into();
        assert_eq!(refused(bad_county), AppError::invalid(t::ERR_TOKEN_COUNTY));
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case_and_only_our_tokens_are_looked_up() {
        let ours = format!("{PREFIX}{}", "ab".repeat(32));
        for header in [
            format!("Bearer {ours}"),
            format!("bearer  {ours} "),
            format!("BEARER {ours}"),
        ] {
            assert_eq!(bearer(Some(&header)), Some(ours.as_str()), "{header}");
        }
        for header in [
            format!("Basic {ours}"),
            "Bearer abc".into(),
            format!("Bearer{ours}"),
            format!("Bearer {ours}{}", "0".repeat(200)),
        ] {
            assert_eq!(bearer(Some(&header)), None, "{header}");
        }
        assert_eq!(bearer(None), None);
    }
}
