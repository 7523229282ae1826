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
