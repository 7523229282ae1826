//! A tap the phone kept while the signal was gone (issue 14): judged at the moment it was
//! tapped, recorded then, flagged 延迟提交 with its delay, never a second row, and never sent
//! as someone else or after the session's end plus 30 minutes.
use crate::support;

use support::{fixture, user_of, ROSTER};

use app::checkin::code::{step_at, SessionKey};
use app::checkin::kept::{sign_shown, Kept};
use app::checkin::service::{check_in, issue_ticket, Proof, Tap};
use app::checkin::sheet;
use app::checkin::writer::CheckinWriter;
use app::checkin::Kind;
use app::entities::checkin;
use app::error::AppError;
use app::i18n::t;
use chrono::{DateTime, Duration, TimeZone, Utc};

const SECRET: &[u8] = b"test secret for kept taps";

/// 2022-11-29 at `h:m` China Standard Time; the fixture's session runs 08:30-11:30.
fn cst(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 29, h, m, 0).unwrap() - Duration::hours(8)
}

/// A tap whose ticket was issued (and form shown) at `scanned`, tapped at `tapped` and
/// arriving at `arrives`.
fn kept(
    session_id: i32,
    scanned: DateTime<Utc>,
    tapped: DateTime<Utc>,
    arrives: DateTime<Utc>,
) -> Tap {
    let at = scanned.timestamp();
    Tap {
        session_id,
        kind: Kind::In,
        proof: Proof::Ticket(issue_ticket(SECRET, session_id, "phone", at)),
        device: "phone".into(),
        geo: None,
        kept: Some(Kept {
            tapped,
            shown: sign_shown(SECRET, session_id, "phone", at),
        }),
        who: None,
        now: arrives,
    }
}

async fn rows(db: &app::db::Db, session_id: i32) -> Vec<checkin::Model> {
    support::checkins_of(db, session_id).await
}

#[tokio::test]
async fn a_kept_tap_is_recorded_when_it_was_tapped_and_flagged_with_its_delay() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let w = CheckinWriter::start(db.clone());
        // Scanned 08:27, tapped 08:28 with no signal, sent at 08:51 when it came back.
        let tap = || kept(f.session_id, cst(8, 27), cst(8, 28), cst(8, 51));
        let done = check_in((db, &w), SECRET, user, tap()).await.unwrap();
        assert_eq!(
            (done.at.as_str(), done.late, done.already),
            ("08:28", false, false)
        );
        // The phone sends it again (the answer was lost): still one row.
        let again = check_in((db, &w), SECRET, user, tap()).await.unwrap();
        assert_eq!((again.at.as_str(), again.already), ("08:28", true));
        let stored = rows(db, f.session_id).await;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].delay_s, Some(23 * 60));
        assert!(
            stored[0].flags.split(' ').any(|w| w == "delayed"),
            "{}",
            stored[0].flags
        );
        // The sheet says it in words, with the delay; the integrity count includes it.
        let me = support::contractor_me(f.owner);
        let s = sheet::sheet_for(db, &me, f.session_id).await.unwrap();
        let row = s.rows.iter().find(|r| r.checked_in.is_some()).unwrap();
        // (The fixture's session has a geofence and the tap came without a position.)
        assert_eq!(
            row.flags,
            vec![t::FLAG_NO_POSITION.to_owned(), t::flag_delayed_by(23 * 60)]
        );
        assert_eq!(t::flag_delayed_by(23 * 60), "延迟提交 23 分钟");
        assert_eq!(s.flagged, 1);
    });
}

#[tokio::test]
async fn a_kept_tap_needs_a_ticket_that_was_good_when_it_was_tapped() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let w = CheckinWriter::start(db.clone());
        // Scanned 08:20, "tapped" 08:40: the ticket had run out (5 minutes) by then, and the
        // page that kept it had been shown too long before.
        let stale = kept(f.session_id, cst(8, 20), cst(8, 40), cst(8, 45));
        let err = check_in((db, &w), SECRET, user, stale).await.unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
        // Claiming a tap before the page was shown does not work either.
        let early = kept(f.session_id, cst(8, 40), cst(8, 35), cst(8, 45));
        check_in((db, &w), SECRET, user, early).await.unwrap_err();
        assert!(rows(db, f.session_id).await.is_empty());
        // A typed code is checked against the step it was tapped in, within five minutes
        // after the page was shown: a code seen later cannot be dated back.
        let key = SessionKey::derive(SECRET, f.session_id);
        let typed = |tapped: DateTime<Utc>| Tap {
            proof: Proof::Typed(key.typed_code(step_at(cst(8, 29).timestamp()))),
            ..kept(f.session_id, cst(8, 29), tapped, cst(9, 10))
        };
        let err = check_in((db, &w), SECRET, user, typed(cst(8, 33)))
            .await
            .unwrap_err();
        assert_eq!(
            err,
            AppError::Invalid(t::err_typed_code_expired(app::checkin::code::STEP_SECS))
        );
        let late = Tap {
            proof: Proof::Typed(key.typed_code(step_at(cst(8, 50).timestamp()))),
            ..kept(f.session_id, cst(8, 29), cst(8, 50), cst(9, 10))
        };
        let err = check_in((db, &w), SECRET, user, late).await.unwrap_err();
        assert_eq!(err, AppError::Invalid(t::ERR_QUEUED_UNPROVEN.into()));
        let done = check_in((db, &w), SECRET, user, typed(cst(8, 29)))
            .await
            .unwrap();
        assert_eq!(done.at, "08:29");
    });
}

#[tokio::test]
async fn a_kept_tap_arriving_after_the_end_plus_thirty_minutes_is_refused() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let w = CheckinWriter::start(db.clone());
        // The session ends 11:30: 11:59 is in time, 12:01 is not.
        let late = kept(f.session_id, cst(8, 27), cst(8, 28), cst(12, 1));
        let err = check_in((db, &w), SECRET, user, late).await.unwrap_err();
        assert_eq!(err, AppError::Invalid(t::err_queued_too_late(30)));
        assert!(rows(db, f.session_id).await.is_empty());
        let in_time = kept(f.session_id, cst(8, 27), cst(8, 28), cst(11, 59));
        check_in((db, &w), SECRET, user, in_time).await.unwrap();
        assert_eq!(rows(db, f.session_id).await.len(), 1);
    });
}

#[tokio::test]
async fn a_kept_tap_is_never_sent_as_another_trainee_on_the_same_phone() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (a, b) = (
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
        );
        let w = CheckinWriter::start(db.clone());
        // A tapped and the phone kept it; B logged in on the phone before it was sent.
        let tap = Tap {
            who: Some(a),
            ..kept(f.session_id, cst(8, 27), cst(8, 28), cst(8, 40))
        };
        let err = check_in((db, &w), SECRET, b, tap).await.unwrap_err();
        assert_eq!(err, AppError::Invalid(t::ERR_QUEUED_OTHER_TRAINEE.into()));
        assert!(rows(db, f.session_id).await.is_empty());
    });
}

/// The finding of issue 35: the scan page handed its signed `shown` note to any logged-in
/// page, with or without a code, so a typed code relayed after it had expired could be sent
/// as a kept tap dated back into its step. Only a page that proved a fresh code (or carries a
/// ticket that did) may now date a kept tap.
#[tokio::test]
async fn only_a_page_that_proved_a_fresh_code_can_date_a_kept_tap() {
    use app::checkin::service::{scan_view, Scan};
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let key = SessionKey::derive(SECRET, f.session_id);
        let now = cst(8, 29);
        let step = step_at(now.timestamp());
        let code = key.qr_code(step);
        let page = |step: Option<i64>, code: Option<&'static str>, now| Scan {
            session_id: f.session_id,
            step,
            code,
            ticket: None,
            device: "phone",
            user_id: Some(user),
            now,
        };
        let code: &'static str = Box::leak(code.as_str().to_owned().into_boxed_str());
        let opened = scan_view(db, SECRET, page(None, None, now)).await.unwrap();
        assert_eq!(opened.shown, None, "the typed-code page proves nothing");
        let stale = scan_view(
            db,
            SECRET,
            page(Some(step), Some(code), now + Duration::seconds(40)),
        )
        .await
        .unwrap();
        assert_eq!(stale.shown, None, "an expired code proves nothing");
        let fresh = scan_view(db, SECRET, page(Some(step), Some(code), now))
            .await
            .unwrap();
        assert!(fresh.shown.is_some() && fresh.ticket.is_some());
        // Without a note, a typed code sent later cannot be dated back: refused; sent live,
        // it has expired.
        let kept = Kept::from_form(Some(now.timestamp()), opened.shown);
        assert_eq!(
            kept.err(),
            Some(AppError::Invalid(t::ERR_QUEUED_UNPROVEN.into()))
        );
        let w = CheckinWriter::start(db.clone());
        let relayed = Tap {
            session_id: f.session_id,
            kind: Kind::In,
            proof: Proof::Typed(key.typed_code(step)),
            device: "phone".into(),
            geo: None,
            kept: None,
            who: None,
            now: now + Duration::minutes(3),
        };
        assert!(check_in((db, &w), SECRET, user, relayed).await.is_err());
        assert!(rows(db, f.session_id).await.is_empty());
    });
}
