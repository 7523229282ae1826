pub use crate::states::{CheckinState, Flag, Kind, Method};
use serde::{Deserialize, Serialize};

/// What the scanned code turned out to be, judged by the server's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScanCode {
    /// Fresh: the page carries a ticket for the tap.
    Valid,
    Expired,
    Wrong,
    /// The page was opened without a code (typed-code entry).
    Missing,
}

/// The page a scan opens. Opening it changes nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanView {
    pub session_id: i32,
    pub title: String,
    pub class_name: String,
    pub project: String,
    /// e.g. "11月29日 08:30–11:30".
    pub when: String,
    pub venue: Option<String>,
    pub code: ScanCode,
    /// A short-lived signed ticket bound to this device, present when the code was fresh.
    pub ticket: Option<String>,
    pub logged_in: bool,
    /// Set when the caller is a trainee: whether they are on the roster and what they did.
    pub mine: Option<MyStatus>,
    pub checkout_required: bool,
    pub has_geofence: bool,
    /// The server's clock when the page was made (seconds since 1970): a tap the phone has
    /// to keep is timed from it, never from the phone's own clock (issue 14).
    pub now: i64,
    /// The server's signed note that this device was shown the tap form at `now`
    /// (`checkin::kept`); a kept tap is dated within five minutes after it.
    pub shown: Option<String>,
    /// The logged-in trainee's user id, carried in a kept tap so that it is never sent as
    /// someone else who logs in on the same phone later.
    pub user_id: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyStatus {
    pub enrolled: bool,
    /// "08:57" when checked in.
    pub checked_in: Option<String>,
    pub checked_out: Option<String>,
}

/// The answer to a tap: a repeat is an answer too, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinOutcome {
    pub kind: Kind,
    /// "08:57", China Standard Time.
    pub at: String,
    pub already: bool,
    pub late: bool,
}

/// A position reported by the phone; only the pass/fail and accuracy are ever stored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
}

/// One row of a trainee's own attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySessionRow {
    pub session_id: i32,
    /// Check-in is open now and not yet done: the row offers the typed-code page.
    pub open: bool,
    pub class_name: String,
    pub title: String,
    pub when: String,
    /// 已签到 / 缺勤 / 未开始 / 进行中 …
    pub status: String,
    pub checked_in: Option<String>,
    pub checked_out: Option<String>,
    pub flags: Vec<String>,
    /// A contractor's correction of this record: who, when, why (issue 34).
    pub correction: Option<String>,
    /// Held already: the trainee may dispute what it says.
    pub held: bool,
    /// The trainee has disputed it.
    pub disputed: bool,
}
