//! The trainee's side of check-in: the scan page, the tap, and their own attendance.
use super::code::{step_at, CheckinCode, CodeCheck, SessionKey, TypedCode, STEP_SECS};
use super::kept::{self, Kept};
pub use super::ticket::{issue_ticket, ticket_valid, TICKET_SECS};
use super::types::*;
use super::writer::{CheckinWriter, NewCheckin, Written};
use crate::auth::throttle::{self, Limit};
use crate::db::Db;
use crate::entities::{checkin, class, enrolment, session, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{CheckinState, Flag, Kind, Method};
use crate::time::{hm, span};
use crate::training::enrolment::{project_names, trainee_of};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{prelude::*, ActiveValue::Set};

/// Check-out stays open this long after the session's end.
const CHECKOUT_GRACE_MIN: i64 = 120;

pub struct Scan<'a> {
    pub session_id: i32,
    pub step: Option<i64>,
    pub code: Option<&'a str>,
    /// A ticket carried back from the login page.
    pub ticket: Option<&'a str>,
    pub device: &'a str,
    pub user_id: Option<i32>,
    pub now: DateTime<Utc>,
}

/// The page behind a QR code. It reads only: a fresh code earns a ticket, nothing is written.
pub async fn scan_view(db: &Db, secret: &[u8], scan: Scan<'_>) -> Result<ScanView, AppError> {
    let s = session::Entity::find_by_id(scan.session_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = class::Entity::find_by_id(s.class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let project = project_names(db, [c.project_id]).await?;
    let now = scan.now.timestamp();
    let code = match (scan.step, scan.code.map(CheckinCode::parse)) {
        (Some(step), Some(Ok(code))) => {
            match SessionKey::derive(secret, s.id).check_qr(step, &code, step_at(now)) {
                CodeCheck::Valid => ScanCode::Valid,
                CodeCheck::Expired => ScanCode::Expired,
                CodeCheck::Wrong => ScanCode::Wrong,
            }
        }
        (None, None) => ScanCode::Missing,
        _ => ScanCode::Wrong,
    };
    let carried = scan
        .ticket
        .filter(|t| ticket_valid(secret, s.id, scan.device, t, now));
    let (code, ticket) = match (code, carried) {
        (ScanCode::Valid, _) => (code, Some(issue_ticket(secret, s.id, scan.device, now))),
        (ScanCode::Missing, Some(t)) => (ScanCode::Valid, Some(t.to_owned())),
        (code, _) => (code, None),
    };
    let mine = match scan.user_id {
        Some(user_id) => my_status(db, user_id, &s).await?,
        None => None,
    };
    // Only a page that proved a fresh code may date a kept tap (issue 35): a note handed to
    // any page let a typed code relayed after it expired be dated back into its step.
    let shown = scan
        .user_id
        .filter(|_| ticket.is_some())
        .map(|_| kept::sign_shown(secret, s.id, scan.device, scan.now.timestamp()));
    Ok(ScanView {
        session_id: s.id,
        title: s.title.clone(),
        class_name: c.name,
        project: project.get(&c.project_id).cloned().unwrap_or_default(),
        when: span(s.date, s.starts_at, s.ends_at),
        venue: s.venue.clone().or(c.venue),
        code,
        ticket,
        logged_in: scan.user_id.is_some(),
        mine,
        checkout_required: s.checkout_required,
        has_geofence: s.geofence_radius_m.is_some(),
        now: scan.now.timestamp(),
        shown,
        user_id: scan.user_id,
    })
}

async fn my_status(
    db: &Db,
    user_id: i32,
    s: &session::Model,
) -> Result<Option<MyStatus>, AppError> {
    let Some(me) = trainee_of(db, user_id).await? else {
        return Ok(None);
    };
    let enrolled = is_enrolled(db, me.id, s.class_id).await?;
    let rows = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(s.id))
        .filter(checkin::Column::TraineeId.eq(me.id))
        .filter(checkin::Column::State.eq(CheckinState::Valid))
        .all(db)
        .await?;
    let at = |kind: Kind| rows.iter().find(|r| r.kind == kind).map(|r| hm(r.at));
    Ok(Some(MyStatus {
        enrolled,
        checked_in: at(Kind::In),
        checked_out: at(Kind::Out),
    }))
}

async fn is_enrolled(
    db: &impl ConnectionTrait,
    trainee_id: i32,
    class_id: i32,
) -> Result<bool, AppError> {
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(trainee_id))
        .filter(enrolment::Column::ClassId.eq(class_id))
        .one(db)
        .await?
        .is_some())
}

/// How the trainee proves they are in the room: the ticket from a fresh QR scan, or the
/// short code read off the projector.
pub enum Proof {
    Ticket(String),
    Typed(TypedCode),
}

impl Proof {
    /// A non-empty ticket wins; otherwise the typed code must parse.
    pub fn from_form(ticket: Option<String>, typed: Option<String>) -> Result<Proof, AppError> {
        match ticket.filter(|t| !t.is_empty()) {
            Some(ticket) => Ok(Proof::Ticket(ticket)),
            None => TypedCode::parse(&typed.unwrap_or_default())
                .map(Proof::Typed)
                .map_err(AppError::Invalid),
        }
    }
}

/// Wrong typed codes allowed per trainee and per device in a minute (issue 12).
pub const TYPED_CODE_TRIES: i32 = 5;

fn typed_code_keys(user_id: i32, device: &str) -> Vec<(String, Limit)> {
    let limit = Limit {
        attempts: TYPED_CODE_TRIES,
        window: Duration::minutes(1),
    };
    let mut keys = vec![(throttle::key("code-user", &user_id.to_string()), limit)];
    if !device.is_empty() {
        keys.push((throttle::key("code-device", device), limit));
    }
    keys
}

pub struct Tap {
    pub session_id: i32,
    pub kind: Kind,
    pub proof: Proof,
    pub device: String,
    pub geo: Option<Geo>,
    /// Set for a tap the phone kept while offline and sends now (`kept`).
    pub kept: Option<Kept>,
    /// Who the page that made the tap was for; a phone may be shared, and a kept tap must
    /// never go in as whoever is logged in when it is sent.
    pub who: Option<i32>,
    pub now: DateTime<Utc>,
}

/// One tap of 签到 or 签退. At most one row per trainee, session and kind, however many
/// taps arrive at once; a repeat answers with the time of the first.
///
/// `read` serves the checks before the write (the reader pool on a SQLite file, else the same
/// pool), so they do not queue behind other taps' commits; the write goes through the
/// group-commit writer.
pub async fn check_in(
    (read, writer): (&Db, &CheckinWriter),
    secret: &[u8],
    user_id: i32,
    tap: Tap,
) -> Result<CheckinOutcome, AppError> {
    let s = session::Entity::find_by_id(tap.session_id)
        .one(read)
        .await?
        .ok_or(AppError::NotFound)?;
    if tap.who.is_some_and(|who| who != user_id) {
        return Err(AppError::invalid(t::ERR_QUEUED_OTHER_TRAINEE));
    }
    // A kept tap is judged, and recorded, at the moment it was tapped (`kept`).
    let at = match &tap.kept {
        Some(k) => kept::judged_at(secret, s.id, &tap.device, k, tap.now)?,
        None => tap.now,
    };
    let now = at.timestamp();
    match &tap.proof {
        Proof::Ticket(ticket) => {
            if !ticket_valid(secret, s.id, &tap.device, ticket, now) {
                return Err(AppError::invalid(t::err_ticket_expired(TICKET_SECS)));
            }
        }
        Proof::Typed(code) => {
            // Issue 12: a 6-character code is guessable by volume, so wrong tries are
            // counted per trainee and per device before the check, and given back when right.
            let keys = typed_code_keys(user_id, &tap.device);
            throttle::reserve(writer.db(), &keys).await?;
            match SessionKey::derive(secret, s.id).check_typed(code, step_at(now)) {
                CodeCheck::Valid => {
                    for (key, _) in &keys {
                        throttle::give_back(writer.db(), key).await?;
                    }
                }
                CodeCheck::Expired => {
                    return Err(AppError::invalid(t::err_typed_code_expired(STEP_SECS)))
                }
                CodeCheck::Wrong => return Err(AppError::invalid(t::ERR_TYPED_CODE_WRONG)),
            }
        }
    }
    let trainee_id = enrolled_trainee(read, user_id, s.class_id)
        .await?
        .ok_or_else(|| AppError::invalid(t::ERR_NOT_ON_ROSTER))?;
    if tap.kept.is_some() {
        // Sent again after its answer was lost: the first one stands, however late this is.
        if let Some(done) = existing(read, s.id, trainee_id, tap.kind).await? {
            return repeat(done);
        }
        kept::in_time(&s, tap.kind, Duration::minutes(CHECKOUT_GRACE_MIN), tap.now)?;
    }
    check_window(&s, tap.kind, at)?;
    if let Some(done) = existing(read, s.id, trainee_id, tap.kind).await? {
        return repeat(done);
    }
    let mut flags = String::new();
    let late =
        tap.kind == Kind::In && at > s.starts_at + Duration::minutes(s.late_after_min as i64);
    if late {
        flags = Flag::add(&flags, Flag::Late);
    }
    let fence = geofence(&s, tap.geo);
    if fence == Some(false) {
        flags = Flag::add(&flags, Flag::OutsideGeofence);
    }
    // A relayed QR opened at home usually comes without a position. Never a refusal (a
    // phone may deny it), but the sheet and the evaluator see it.
    if s.geofence_radius_m.is_some() && tap.geo.is_none() {
        flags = Flag::add(&flags, Flag::NoPosition);
    }
    let delay_s = tap
        .kept
        .as_ref()
        .map(|_| (tap.now - at).num_seconds().min(i32::MAX as i64) as i32);
    if delay_s.is_some() {
        flags = Flag::add(&flags, Flag::Delayed);
    }
    let row = checkin::ActiveModel {
        session_id: Set(s.id),
        trainee_id: Set(trainee_id),
        kind: Set(tap.kind),
        at: Set(at),
        method: Set(match tap.proof {
            Proof::Ticket(_) => Method::Qr,
            Proof::Typed(_) => Method::Typed,
        }),
        device_id: Set(Some(tap.device.clone())),
        geofence_ok: Set(fence),
        geo_accuracy_m: Set(tap.geo.map(|g| g.accuracy_m.round() as i32)),
        flags: Set(flags),
        state: Set(CheckinState::Valid),
        delay_s: Set(delay_s),
        ..Default::default()
    };
    let item = NewCheckin {
        row,
        session_id: s.id,
        trainee_id,
        kind: tap.kind,
        device: tap.device,
    };
    if let Written::Existing(first) = writer.write(item).await? {
        // Another tap of the same trainee won the race: answer as a repeat.
        return repeat(first);
    }
    Ok(CheckinOutcome {
        kind: tap.kind,
        at: hm(at),
        already: false,
        late,
    })
}

/// The caller's trainee id if they are on the class's roster, in one query.
async fn enrolled_trainee(read: &Db, user_id: i32, class_id: i32) -> Result<Option<i32>, AppError> {
    use sea_orm::sea_query::Query;
    let mine = Query::select()
        .column(trainee::Column::Id)
        .from(trainee::Entity)
        .and_where(trainee::Column::UserId.eq(user_id))
        .to_owned();
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::TraineeId.in_subquery(mine))
        .one(read)
        .await?
        .map(|e| e.trainee_id))
}

async fn existing(
    db: &Db,
    session_id: i32,
    trainee_id: i32,
    kind: Kind,
) -> Result<Option<checkin::Model>, AppError> {
    Ok(checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .filter(checkin::Column::TraineeId.eq(trainee_id))
        .filter(checkin::Column::Kind.eq(kind))
        .one(db)
        .await?)
}

fn repeat(done: checkin::Model) -> Result<CheckinOutcome, AppError> {
    if done.state != CheckinState::Valid {
        return Err(AppError::invalid(t::ERR_CHECKIN_REVOKED));
    }
    Ok(CheckinOutcome {
        kind: done.kind,
        at: hm(done.at),
        already: true,
        late: Flag::list(&done.flags).contains(&Flag::Late),
    })
}

fn check_window(s: &session::Model, kind: Kind, now: DateTime<Utc>) -> Result<(), AppError> {
    let opens = s.starts_at - Duration::minutes(s.checkin_opens_min as i64);
    match kind {
        Kind::In if now < opens => Err(AppError::invalid(t::err_checkin_not_open(&hm(opens)))),
        Kind::In if now > s.ends_at => Err(AppError::invalid(t::ERR_SESSION_OVER)),
        Kind::Out if !s.checkout_required => Err(AppError::invalid(t::ERR_NO_CHECKOUT)),
        Kind::Out if now < s.starts_at => Err(AppError::invalid(t::err_checkout_not_open(&hm(
            s.starts_at
        )))),
        Kind::Out if now > s.ends_at + Duration::minutes(CHECKOUT_GRACE_MIN) => {
            Err(AppError::invalid(t::ERR_SESSION_OVER))
        }
        _ => Ok(()),
    }
}

/// Inside the fence (with the phone's own accuracy as slack, capped so a vague fix cannot
/// pass from across town), outside, or unknown when either side has no position.
pub fn geofence(s: &session::Model, geo: Option<Geo>) -> Option<bool> {
    let (lat, lon, radius) = (s.geofence_lat?, s.geofence_lon?, s.geofence_radius_m?);
    let geo = geo?;
    let slack = geo.accuracy_m.clamp(0.0, 200.0);
    Some(distance_m(lat, lon, geo.lat, geo.lon) <= radius as f64 + slack)
}

/// Great-circle distance (haversine), plenty for a few hundred metres.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6_371_000.0 * 2.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_in_metres() {
        // Two points 0.001° of latitude apart are about 111 m apart.
        let d = distance_m(28.68, 115.89, 28.681, 115.89);
        assert!((d - 111.2).abs() < 1.0, "{d}");
    }
}
