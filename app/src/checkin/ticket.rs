//! The scan's ticket: a signed "this device saw a fresh code at `issued`" that lets the
//! trainee log in and tap within TICKET_SECS (DESIGN, "Check-in integrity").
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// How long a ticket from a fresh scan lets the trainee log in and tap: long enough to type
/// a phone number on a cheap phone, short enough that a forwarded page soon stops working.
pub const TICKET_SECS: i64 = 300;
/// A signed "this device saw a fresh code at `issued`" note: `issued.mac`.
pub fn issue_ticket(secret: &[u8], session_id: i32, device: &str, issued: i64) -> String {
    format!(
        "{issued}.{}",
        ticket_mac(secret, session_id, device, issued)
    )
}

fn ticket_mac(secret: &[u8], session_id: i32, device: &str, issued: i64) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(format!("peixun/ticket/{session_id}/{issued}/{device}").as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// Valid for this session and device, and younger than TICKET_SECS by the server's clock.
pub fn ticket_valid(secret: &[u8], session_id: i32, device: &str, ticket: &str, now: i64) -> bool {
    let Some((issued, mac)) = ticket.split_once('.') else {
        return false;
    };
    let Ok(issued) = issued.parse::<i64>() else {
        return false;
    };
    let expected = ticket_mac(secret, session_id, device, issued);
    // checked_sub: a forged time near i64::MIN must not overflow.
    now.checked_sub(issued)
        .is_some_and(|age| (0..=TICKET_SECS).contains(&age))
        && bool::from(expected.as_bytes().ct_eq(mac.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"secret";

    #[test]
    fn a_ticket_works_for_its_own_device_and_session_for_five_minutes() {
        let ticket = issue_ticket(SECRET, 3, "dev-a", 1_000);
        assert!(ticket_valid(
            SECRET,
            3,
            "dev-a",
            &ticket,
            1_000 + TICKET_SECS
        ));
        assert!(!ticket_valid(
            SECRET,
            3,
            "dev-a",
            &ticket,
            1_001 + TICKET_SECS
        ));
        assert!(!ticket_valid(SECRET, 3, "dev-b", &ticket, 1_010));
        assert!(!ticket_valid(SECRET, 4, "dev-a", &ticket, 1_010));
    }

    #[test]
    fn a_ticket_with_a_changed_time_is_refused() {
        let ticket = issue_ticket(SECRET, 3, "dev-a", 1_000);
        let forged = ticket.replacen("1000", "1200", 1);
        assert!(!ticket_valid(SECRET, 3, "dev-a", &forged, 1_250));
        assert!(!ticket_valid(SECRET, 3, "dev-a", "garbage", 1_000));
    }
}
