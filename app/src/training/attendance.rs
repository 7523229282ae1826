//! Who attended a session: one definition, used by the credits export and the attendance
//! sheet, with the SQL of the kept counts built from the fragments below, which the
//! dashboard and the class report read (app/tests/attendance.rs compares the two on a
//! random mix of records).
use crate::entities::{checkin, session};
use crate::states::{CheckinState, Kind};

/// A trainee attended a session when they have a valid check-in and, where the session
/// requires check-out, a valid check-out too. A check-in corrected to absent is revoked and
/// counts as none; a manual correction to present is a valid check-in.
pub fn attended(s: &session::Model, trainee_id: i32, checkins: &[checkin::Model]) -> bool {
    rule(s, |kind| {
        checkins.iter().any(|c| {
            c.session_id == s.id
                && c.trainee_id == trainee_id
                && c.kind == kind
                && c.state == CheckinState::Valid
        })
    })
}

/// The rule itself, given whether the trainee has a valid record of a kind.
fn rule(s: &session::Model, has: impl Fn(Kind) -> bool) -> bool {
    has(Kind::In) && (!s.checkout_required || has(Kind::Out))
}

/// `attended` over many records at once: the valid ones are indexed once, so a credits export
/// over thousands of check-ins is not quadratic (a class report of 400 sessions, which then
/// asked the same way, took 10 s under load, BENCHMARKS.md).
pub struct ValidRecords(std::collections::HashSet<(i32, i32, Kind)>);

impl ValidRecords {
    pub fn new(checkins: &[checkin::Model]) -> Self {
        ValidRecords(
            checkins
                .iter()
                .filter(|c| c.state == CheckinState::Valid)
                .map(|c| (c.session_id, c.trainee_id, c.kind))
                .collect(),
        )
    }

    pub fn attended(&self, s: &session::Model, trainee_id: i32) -> bool {
        rule(s, |kind| self.0.contains(&(s.id, trainee_id, kind)))
    }
}

/// `attended` in SQL, for a check-in row `i` of session `s`: a valid check-in ...
pub const SQL_VALID_IN: &str = "i.kind = 'in' AND i.state = 'valid'";

/// ... with its valid check-out where the session requires one.
pub const SQL_CHECKED_OUT_IF_REQUIRED: &str = "(NOT s.checkout_required OR EXISTS (SELECT 1 \
     FROM checkin o WHERE o.session_id = i.session_id AND o.trainee_id = i.trainee_id \
     AND o.kind = 'out' AND o.state = 'valid'))";

/// Whose records count (issue 34): a trainee's check-ins, hours and answers in a class count
/// only through a confirmed enrolment there. A contractor's own roster row (承训单位自建)
/// waits for its county's confirmation and counts in no rate, group or total until then.
/// `class` and `trainee` are the SQL of the record's class and trainee.
pub fn sql_counted(class: &str, trainee: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM enrolment ce WHERE ce.class_id = {class} \
         AND ce.trainee_id = {trainee} AND ce.confirmed)"
    )
}

/// The hours states that count towards completion, with their source: the contractor's
/// review of a trainee's own report, the contractor's upload (承训单位上报) and the
/// platform's verification (平台核验).
pub const SQL_COUNTED_HOURS: &str = "('approved', 'reported', 'verified')";

/// A check-in an evaluator should look at (integrity, DESIGN "Check-in integrity"): one with
/// a flag (late, shared device, outside the geofence, no position, delayed), or one the
/// contractor wrote by hand, 人工更正为出勤 (issue 34: a correction to present is the
/// contractor's word that someone was there). For a check-in row `i`.
pub const SQL_FLAGGED: &str = "(i.flags <> '' OR i.method = 'manual')";

/// `SQL_FLAGGED` for a loaded row.
pub fn flagged(c: &checkin::Model) -> bool {
    !c.flags.is_empty() || c.method == crate::states::Method::Manual
}
