//! A tap the phone kept while the signal was gone, sent later (issue 14). The server judges it
//! at the moment it was tapped, records it then and flags it 延迟提交 with the delay; it is
//! never refused for the delay alone, only when it arrives after the window closed plus 30
//! minutes.
//!
//! The claimed moment is bounded by what the server signed: the scan page carries `shown`, a
//! MAC over (session, device, the server's time when it rendered the tap form), and a kept tap
//! must fall within TICKET_SECS after it. So a kept tap is worth no more than a live tap from
//! that page at that moment: a typed code seen (or relayed) later cannot be dated back to a
//! page shown long before, and a ticket still has to have been fresh then.
use super::ticket::TICKET_SECS;
use crate::entities::session;
use crate::error::AppError;
use crate::i18n::t;
use crate::states::Kind;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// A kept tap is still taken this long after its window closed (the session's end for 签到,
/// the check-out grace for 签退).
pub const QUEUED_GRACE_MIN: i64 = 30;

/// What a kept tap carries besides the tap itself.
pub struct Kept {
    /// When the trainee tapped, counted by the page from `shown`'s time.
    pub tapped: DateTime<Utc>,
    /// The scan page's signed note of when it showed the form.
    pub shown: String,
}

impl Kept {
    /// Both fields or neither: a kept tap without the page's note cannot be dated.
    pub fn from_form(tapped: Option<i64>, shown: Option<String>) -> Result<Option<Kept>, AppError> {
        match (tapped, shown.filter(|s| !s.is_empty())) {
            (None, _) => Ok(None),
            (Some(secs), Some(shown)) => {
                let tapped = DateTime::from_timestamp(secs, 0)
                    .ok_or_else(|| AppError::invalid(t::ERR_BAD_REQUEST))?;
                Ok(Some(Kept { tapped, shown }))
            }
            (Some(_), None) => Err(AppError::invalid(t::ERR_QUEUED_UNPROVEN)),
        }
    }
}

/// `shown.mac`: this device was shown the session's tap form at `shown` (server seconds).
pub fn sign_shown(secret: &[u8], session_id: i32, device: &str, shown: i64) -> String {
    format!("{shown}.{}", shown_mac(secret, session_id, device, shown))
}

fn shown_mac(secret: &[u8], session_id: i32, device: &str, shown: i64) -> String {
    // Its own label, so a note is never a ticket (which alone proves presence).
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(format!("peixun/shown/{session_id}/{shown}/{device}").as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// The moment a kept tap is judged and recorded at: its claimed time, if the page that kept
/// it was shown on this device for this session at most TICKET_SECS before; never later than
/// its arrival.
pub fn judged_at(
    secret: &[u8],
    session_id: i32,
    device: &str,
    kept: &Kept,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let unproven = || AppError::invalid(t::ERR_QUEUED_UNPROVEN);
    let (shown, mac) = kept.shown.split_once('.').ok_or_else(unproven)?;
    let shown: i64 = shown.parse().map_err(|_| unproven())?;
    let expected = shown_mac(secret, session_id, device, shown);
    let tapped = kept.tapped.timestamp();
    if !bool::from(expected.as_bytes().ct_eq(mac.as_bytes()))
        || !tapped
            .checked_sub(shown)
            .is_some_and(|after| (0..=TICKET_SECS).contains(&after))
    {
        return Err(unproven());
    }
    Ok(kept.tapped.min(now))
}

/// Refuses a kept tap that arrives after its window closed plus QUEUED_GRACE_MIN.
pub fn in_time(
    s: &session::Model,
    kind: Kind,
    checkout_grace: Duration,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let closes = match kind {
        Kind::In => s.ends_at,
        Kind::Out => s.ends_at + checkout_grace,
    };
    if now > closes + Duration::minutes(QUEUED_GRACE_MIN) {
        return Err(AppError::invalid(t::err_queued_too_late(QUEUED_GRACE_MIN)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn a_kept_tap_is_dated_only_within_five_minutes_after_its_page_was_shown() {
        let shown = sign_shown(b"k", 7, "phone", 1_000);
        let kept = |tapped| Kept {
            tapped: at(tapped),
            shown: shown.clone(),
        };
        assert_eq!(
            judged_at(b"k", 7, "phone", &kept(1_000), at(5_000)).unwrap(),
            at(1_000)
        );
        assert_eq!(
            judged_at(b"k", 7, "phone", &kept(1_300), at(5_000)).unwrap(),
            at(1_300)
        );
        assert!(judged_at(b"k", 7, "phone", &kept(1_301), at(5_000)).is_err());
        assert!(judged_at(b"k", 7, "phone", &kept(999), at(5_000)).is_err());
        // Another session, another phone, another secret, or a changed time: refused.
        assert!(judged_at(b"k", 8, "phone", &kept(1_000), at(5_000)).is_err());
        assert!(judged_at(b"k", 7, "other", &kept(1_000), at(5_000)).is_err());
        assert!(judged_at(b"x", 7, "phone", &kept(1_000), at(5_000)).is_err());
        let moved = Kept {
            tapped: at(2_000),
            shown: shown.replacen("1000", "2000", 1),
        };
        assert!(judged_at(b"k", 7, "phone", &moved, at(5_000)).is_err());
        // A claimed moment after its arrival counts as the arrival.
        assert_eq!(
            judged_at(b"k", 7, "phone", &kept(1_200), at(1_100)).unwrap(),
            at(1_100)
        );
    }

    #[test]
    fn a_time_near_the_ends_of_i64_is_refused_not_a_panic() {
        let forged = Kept {
            tapped: at(1_000),
            shown: format!("{}.00", i64::MIN),
        };
        assert!(judged_at(b"k", 7, "phone", &forged, at(5_000)).is_err());
        let ticket = format!("{}.00", i64::MIN);
        assert!(!super::super::ticket::ticket_valid(
            b"k", 7, "phone", &ticket, 1_000
        ));
    }

    #[test]
    fn a_note_is_never_a_ticket() {
        let note = sign_shown(b"k", 7, "phone", 1_000);
        assert!(!super::super::ticket::ticket_valid(
            b"k", 7, "phone", &note, 1_000
        ));
    }
}
