//! Rotating check-in codes (DESIGN, "Check-in integrity"). Compiled for the server and for the
//! projector's WASM: both derive the same codes from the per-session key, so the projector
//! keeps showing valid codes when the venue's network drops, while only the server's clock
//! decides whether a code is still good.
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// Seconds per step: the QR rotates this often.
pub const STEP_SECS: i64 = 10;
/// Bytes of HMAC kept in a QR code: 80 bits, the floor DESIGN sets.
const QR_CODE_BYTES: usize = 10;
/// The typed fallback: 6 characters from an alphabet without 0/O, 1/I/L look-alikes.
const TYPED_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const TYPED_LEN: usize = 6;

/// The step a moment (seconds since the Unix epoch) falls in.
pub fn step_at(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// Seconds left in the step `unix_secs` falls in, 1..=STEP_SECS.
pub fn secs_left(unix_secs: i64) -> i64 {
    STEP_SECS - unix_secs.rem_euclid(STEP_SECS)
}

/// HMAC-SHA256(server secret, session id): one key per session, so a code never works for
/// another session and the projector can hold its key without holding the server secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionKey([u8; 32]);

impl SessionKey {
    pub fn derive(secret: &[u8], session_id: i32) -> Self {
        SessionKey(mac(
            secret,
            &[b"peixun/session/", &session_id.to_be_bytes()],
        ))
    }

    pub fn from_hex(hex_key: &str) -> Option<Self> {
        hex::decode(hex_key).ok()?.try_into().ok().map(SessionKey)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The code a QR shows during `step`: 80 bits of HMAC(key, step), as 20 hex digits.
    pub fn qr_code(&self, step: i64) -> CheckinCode {
        let full = mac(&self.0, &[b"qr/", &step.to_be_bytes()]);
        CheckinCode(hex::encode(&full[..QR_CODE_BYTES]))
    }

    /// The short code printed under the QR for those whose camera fails.
    pub fn typed_code(&self, step: i64) -> TypedCode {
        let full = mac(&self.0, &[b"typed/", &step.to_be_bytes()]);
        let n = TYPED_ALPHABET.len() as u64;
        let mut x = u64::from_be_bytes(full[..8].try_into().expect("8 bytes"));
        let code = (0..TYPED_LEN)
            .map(|_| {
                let c = TYPED_ALPHABET[(x % n) as usize] as char;
                x /= n;
                c
            })
            .collect();
        TypedCode(code)
    }

    /// Whether `code`, claimed for `claimed_step`, may check someone in at server step `now`.
    /// Only steps `now` and `now - 1` pass; the claimed step only tells an expired code from
    /// a wrong one, it never extends validity.
    pub fn check_qr(&self, claimed_step: i64, code: &CheckinCode, now: i64) -> CodeCheck {
        if !ct_eq(self.qr_code(claimed_step).0.as_bytes(), code.0.as_bytes()) {
            return CodeCheck::Wrong;
        }
        if claimed_step == now || claimed_step == now - 1 {
            CodeCheck::Valid
        } else if claimed_step < now {
            CodeCheck::Expired
        } else {
            // A code from the future means the claimed step was forged from a leaked key.
            CodeCheck::Wrong
        }
    }

    /// The typed code carries no step: it is valid if it matches step `now` or `now - 1`.
    pub fn check_typed(&self, code: &TypedCode, now: i64) -> CodeCheck {
        let matches = |step| ct_eq(self.typed_code(step).0.as_bytes(), code.0.as_bytes());
        if matches(now) || matches(now - 1) {
            CodeCheck::Valid
        } else if (2..=30).any(|back| matches(now - back)) {
            CodeCheck::Expired
        } else {
            CodeCheck::Wrong
        }
    }
}

/// The key never goes into logs.
impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Valid,
    Expired,
    Wrong,
}

/// The code inside a QR: 20 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinCode(String);

impl CheckinCode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim().to_ascii_lowercase();
        if s.len() == QR_CODE_BYTES * 2 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(CheckinCode(s))
        } else {
            Err(crate::i18n::t::ERR_CHECKIN_CODE_BAD.to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The typed fallback code; case and spaces are forgiven. Its alphabet has no 0/O or 1/I/L,
/// so nobody has to guess which of the two they are looking at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedCode(String);

impl TypedCode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if s.chars().count() == TYPED_LEN && s.bytes().all(|b| TYPED_ALPHABET.contains(&b)) {
            Ok(TypedCode(s))
        } else {
            Err(crate::i18n::t::err_typed_code_bad(TYPED_LEN))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The one shape of a scan URL: `/c/{session}`, with the QR's step and code (`n`, `k`) when
/// it comes off the projector, or the ticket (`t`) a fresh scan earned when it comes back from
/// the login page. Links are made with `path()` and read back by the scan page with `parse()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanLink {
    pub session: i32,
    pub step: Option<i64>,
    pub code: Option<String>,
    pub ticket: Option<String>,
}

impl ScanLink {
    /// What the QR holds at `step`: path and query only, so whoever shows it adds its origin.
    pub fn qr(session: i32, step: i64, code: &CheckinCode) -> ScanLink {
        ScanLink {
            session,
            step: Some(step),
            code: Some(code.as_str().to_owned()),
            ticket: None,
        }
    }

    /// The session's page with no code: the typed-code entry.
    pub fn typed(session: i32) -> ScanLink {
        ScanLink {
            session,
            ..ScanLink::default()
        }
    }

    pub fn path(&self) -> String {
        let mut query = Vec::new();
        if let Some(step) = self.step {
            query.push(format!("n={step}"));
        }
        if let Some(code) = &self.code {
            query.push(format!("k={code}"));
        }
        if let Some(ticket) = &self.ticket {
            query.push(format!("t={ticket}"));
        }
        match query.is_empty() {
            true => format!("/c/{}", self.session),
            false => format!("/c/{}?{}", self.session, query.join("&")),
        }
    }

    /// The route's `:id` and the query's values; `None` when the id is not a number.
    pub fn parse(id: Option<&str>, query: impl Fn(&str) -> Option<String>) -> Option<ScanLink> {
        Some(ScanLink {
            session: id?.parse().ok()?,
            step: query("n").and_then(|n| n.parse().ok()),
            code: query("k"),
            ticket: query("t"),
        })
    }
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        m.update(part);
    }
    m.finalize().into_bytes().into()
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_link_reads_back_as_it_was_written() {
        let link = ScanLink::qr(7, 170_000_001, &key().qr_code(170_000_001));
        let path = link.path();
        let (route, query) = path.split_once('?').unwrap();
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(route, "/c/7");
        assert_eq!(ScanLink::parse(route.strip_prefix("/c/"), get), Some(link));
        assert_eq!(ScanLink::typed(7).path(), "/c/7");
        assert_eq!(ScanLink::parse(Some("x"), |_| None), None);
    }
    use crate::ui::qr_svg;

    const SECRET: &[u8] = b"a test secret that is long enough";

    fn key() -> SessionKey {
        SessionKey::derive(SECRET, 7)
    }

    #[test]
    fn current_and_previous_steps_are_accepted() {
        let now = step_at(1_700_000_000);
        assert_eq!(
            key().check_qr(now, &key().qr_code(now), now),
            CodeCheck::Valid
        );
        assert_eq!(
            key().check_qr(now - 1, &key().qr_code(now - 1), now),
            CodeCheck::Valid
        );
    }

    #[test]
    fn a_code_two_steps_old_is_refused_as_expired() {
        let now = step_at(1_700_000_000);
        let old = key().qr_code(now - 2);
        assert_eq!(key().check_qr(now - 2, &old, now), CodeCheck::Expired);
    }

    #[test]
    fn another_sessions_code_is_refused() {
        let now = 170_000_000;
        let other = SessionKey::derive(SECRET, 8).qr_code(now);
        assert_eq!(key().check_qr(now, &other, now), CodeCheck::Wrong);
        let typed = SessionKey::derive(SECRET, 8).typed_code(now);
        assert_eq!(key().check_typed(&typed, now), CodeCheck::Wrong);
    }

    #[test]
    fn a_tampered_code_is_refused() {
        let now = 170_000_000;
        let mut digits = key().qr_code(now).0.into_bytes();
        digits[0] = if digits[0] == b'a' { b'b' } else { b'a' };
        let tampered = CheckinCode::parse(std::str::from_utf8(&digits).unwrap()).unwrap();
        assert_eq!(key().check_qr(now, &tampered, now), CodeCheck::Wrong);
    }

    #[test]
    fn a_client_claimed_step_never_extends_validity() {
        let now = 170_000_000;
        // An old code relabelled as current no longer matches its HMAC.
        let old = key().qr_code(now - 5);
        assert_eq!(key().check_qr(now, &old, now), CodeCheck::Wrong);
        // A code minted for a future step (as if the client clock ran fast) is not accepted.
        let future = key().qr_code(now + 3);
        assert_eq!(key().check_qr(now + 3, &future, now), CodeCheck::Wrong);
    }

    #[test]
    fn the_qr_code_carries_at_least_80_bits() {
        assert_eq!(key().qr_code(1).as_str().len() * 4, 80);
    }

    #[test]
    fn typed_codes_follow_the_same_window() {
        let now = 170_000_000;
        let k = key();
        assert_eq!(k.check_typed(&k.typed_code(now), now), CodeCheck::Valid);
        assert_eq!(k.check_typed(&k.typed_code(now - 1), now), CodeCheck::Valid);
        assert_eq!(
            k.check_typed(&k.typed_code(now - 2), now),
            CodeCheck::Expired
        );
    }

    #[test]
    fn typed_codes_forgive_case_and_spaces() {
        assert_eq!(TypedCode::parse("ab c2d3").unwrap().as_str(), "ABC2D3");
        assert!(TypedCode::parse("A0BI23").is_err());
        assert!(TypedCode::parse("ABC").is_err());
        assert!(TypedCode::parse("ABC$23").is_err());
    }

    #[test]
    fn qr_codes_parse_only_as_20_hex_digits() {
        assert!(CheckinCode::parse("0123456789abcdef0123").is_ok());
        assert!(CheckinCode::parse("0123456789ABCDEF0123").is_ok());
        assert!(CheckinCode::parse("0123").is_err());
        assert!(CheckinCode::parse("0123456789abcdef012z").is_err());
    }

    #[test]
    fn steps_and_countdown_follow_the_server_clock() {
        assert_eq!(step_at(1_000), 100);
        assert_eq!(step_at(1_009), 100);
        assert_eq!(secs_left(1_000), 10);
        assert_eq!(secs_left(1_009), 1);
    }

    #[test]
    fn the_session_key_round_trips_through_hex() {
        assert_eq!(SessionKey::from_hex(&key().to_hex()), Some(key()));
        assert_eq!(SessionKey::from_hex("abc"), None);
    }

    #[test]
    fn a_scan_url_is_a_qr_svg() {
        let svg = qr_svg(&ScanLink::qr(7, 1, &key().qr_code(1)).path());
        assert!(svg.contains("<svg"), "{svg}");
    }
}
