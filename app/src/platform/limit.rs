//! Each token's rate, counted in this process before any database write: a client over its
//! 300 a minute (`RATE`) is answered after the token's lookup (two indexed reads) with no
//! write, so a runaway sync loop cannot fill the database. The shared table
//! (`auth::throttle`) still counts what gets through, so the rate also holds across app
//! servers.
use crate::auth::throttle::Limit;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Requests per token per minute: a platform paging through a province-year's 240 classes
/// and their four lists needs about 1,000 requests, four minutes at this rate.
pub const RATE: Limit = Limit {
    attempts: 300,
    window: chrono::Duration::minutes(1),
};

#[derive(Debug, PartialEq, Eq)]
pub enum Admit {
    Yes,
    /// Over the rate; `first` once per window, so one refusal a minute reaches the audit.
    Refused {
        first: bool,
    },
}

/// A fixed one-minute window per live token; keyed by token id, so it holds at most one
/// entry per token an admin made.
#[derive(Clone, Default)]
pub struct Limiter(Arc<Mutex<HashMap<i32, (Instant, i32)>>>);

impl Limiter {
    pub fn admit(&self, token_id: i32) -> Admit {
        self.admit_at(token_id, Instant::now())
    }

    /// Whether this is the first refusal of a dead (revoked, expired) token this minute:
    /// only that one is audited, so a leaked token's flood writes once a minute at most.
    pub fn first_dead(&self, token_id: i32) -> bool {
        // Dead tokens count apart from live ones: a token revoked mid-minute starts afresh.
        self.count_at(-token_id, Instant::now()) == 1
    }

    fn admit_at(&self, token_id: i32, at: Instant) -> Admit {
        let count = self.count_at(token_id, at);
        if count <= RATE.attempts {
            Admit::Yes
        } else {
            Admit::Refused {
                first: count == RATE.attempts + 1,
            }
        }
    }

    /// Counts one more request in the key's current window and returns its number.
    fn count_at(&self, key: i32, at: Instant) -> i32 {
        let window = Duration::from_secs(RATE.window.num_seconds().unsigned_abs());
        let mut map = self.0.lock().expect("api limiter lock");
        let (start, count) = map.entry(key).or_insert((at, 0));
        if at.duration_since(*start) >= window {
            (*start, *count) = (at, 0);
        }
        *count = count.saturating_add(1);
        *count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_over_its_rate_is_refused_until_the_minute_turns_and_others_are_not() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..RATE.attempts {
            assert_eq!(limiter.admit_at(1, t0), Admit::Yes);
        }
        assert_eq!(limiter.admit_at(1, t0), Admit::Refused { first: true });
        assert_eq!(limiter.admit_at(1, t0), Admit::Refused { first: false });
        assert_eq!(limiter.admit_at(2, t0), Admit::Yes);
        let later = t0 + Duration::from_secs(60);
        assert_eq!(limiter.admit_at(1, later), Admit::Yes);
    }

    #[test]
    fn a_dead_token_is_audited_once_a_minute_whatever_its_live_count() {
        let limiter = Limiter::default();
        assert_eq!(limiter.admit(7), Admit::Yes);
        assert!(limiter.first_dead(7));
        assert!(!limiter.first_dead(7));
        assert!(limiter.first_dead(8));
    }
}
