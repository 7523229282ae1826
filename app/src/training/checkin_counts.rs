//! The kept counts after a check-in write (issue 15), by difference: a tap changes its own
//! session's rows and, at most, whether its trainee has attended the class at all. So the
//! write notes those before it writes (`CheckinCounts::before`), recounts only its sessions
//! after, and adds the difference to the class rows and to their programme's county rows
//! (`apply`). Recounting the class's check-in columns instead read every session row and
//! check-in of the class per batch, ~10,000 rows for a province class, and held taps to
//! 527/s (BENCHMARKS.md); taking the classes' share of the county rows before and after, as
//! the other writes do, cost two more reads per batch.
//!
//! The definitions stay those of `attendance`, through `counts::insert_sessions`; the random
//! mix in `app/tests/counts.rs` compares the result with a recount from scratch.
use super::attendance::{sql_counted, SQL_VALID_IN};
use super::counts::{insert_sessions, totals, COUNTY};
use super::county_counts::{self, CHECKIN_COLUMNS};
use crate::db::{id_list as list, lock_in, run, AdvisoryLock, Sql};
use sea_orm::{ConnectionTrait, DbErr, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// (class, county) → check-ins, flagged, attended, eligible.
type Lines = BTreeMap<(i32, i32), [i64; 4]>;

/// What a check-in write's sessions counted before it, taken under the class locks.
pub struct CheckinCounts {
    /// (class, session), every session the write may touch.
    sessions: Vec<(i32, i32)>,
    /// The trainees whose check-ins it may add, revive or revoke.
    trainees: Vec<i32>,
    before: Lines,
    /// Each class's programme, whose county rows the class lines move.
    programmes: BTreeMap<i32, i32>,
}

impl CheckinCounts {
    /// Call after the write's session locks and before its first write: the class locks
    /// (PostgreSQL) come after the session locks and in ascending order, as in
    /// `counts::refresh`, and hold until the commit, so no other write moves these classes'
    /// counts between the two looks.
    pub async fn before(
        txn: &impl ConnectionTrait,
        sessions: &[i32],
        trainees: &[i32],
    ) -> Result<Self, DbErr> {
        let unique: BTreeSet<i32> = sessions.iter().copied().collect();
        let mut pairs = Vec::new();
        let mut programmes = BTreeMap::new();
        if !unique.is_empty() {
            let found = Statement::from_string(
                txn.get_database_backend(),
                format!(
                    "SELECT s.class_id, s.id, p.programme_id FROM session s \
                     JOIN class c ON c.id = s.class_id JOIN project p ON p.id = c.project_id \
                     WHERE s.id IN ({}) ORDER BY s.class_id, s.id",
                    list(unique.iter().copied())
                ),
            );
            for row in txn.query_all_raw(found).await? {
                pairs.push((row.try_get_by_index(0)?, row.try_get_by_index(1)?));
                programmes.insert(row.try_get_by_index(0)?, row.try_get_by_index(2)?);
            }
        }
        for &class in programmes.keys() {
            lock_in(txn, AdvisoryLock::ClassCounts, class).await?;
        }
        let mut trainees = trainees.to_vec();
        trainees.sort_unstable();
        trainees.dedup();
        let mut counts = CheckinCounts {
            sessions: pairs,
            trainees,
            before: Lines::new(),
            programmes,
        };
        counts.before = counts.lines(txn).await?;
        Ok(counts)
    }

    /// Recounts the sessions' rows and adds the difference to their classes' rows, in the
    /// caller's transaction, after its writes.
    pub async fn apply(self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
        let backend = txn.get_database_backend();
        for &(_, session) in &self.sessions {
            let mut sql = Sql::new(backend);
            sql.bind("DELETE FROM session_count WHERE session_id = ?", session);
            run(txn, &sql).await?;
            insert_sessions(txn, "s.id", session).await?;
        }
        let mut change = self.lines(txn).await?;
        for (key, old) in &self.before {
            let new = change.entry(*key).or_default();
            for (n, o) in new.iter_mut().zip(old) {
                *n -= o;
            }
        }
        change.retain(|_, d| d.iter().any(|&v| v != 0));
        if change.is_empty() {
            return Ok(());
        }
        // A line is new only when it gains (a first check-in of its county), so the values
        // inserted are never negative.
        let values: Vec<String> = change
            .iter()
            .map(|((class, county), [ci, fl, att, el])| {
                format!("({class}, {county}, 0, 0, {el}, 0, 0, {ci}, {fl}, {att})")
            })
            .collect();
        run(
            txn,
            Sql::new(backend).push(&format!(
                "INSERT INTO class_count (class_id, county_id, enrolled, hours_enrolled, \
                 eligible, hours_complete, responses, checkins, flagged, attended) VALUES {} \
                 ON CONFLICT (class_id, county_id) DO UPDATE SET \
                 eligible = class_count.eligible + excluded.eligible, \
                 checkins = class_count.checkins + excluded.checkins, \
                 flagged = class_count.flagged + excluded.flagged, \
                 attended = class_count.attended + excluded.attended",
                values.join(", ")
            )),
        )
        .await?;
        // Lines left with nothing at all are removed, as a full recount would leave them.
        let classes: BTreeSet<i32> = change.keys().map(|(c, _)| *c).collect();
        run(
            txn,
            Sql::new(backend).push(&format!(
                "DELETE FROM class_count WHERE class_id IN ({}) AND enrolled = 0 \
                 AND hours_enrolled = 0 AND eligible = 0 AND hours_complete = 0 \
                 AND responses = 0 AND checkins = 0 AND flagged = 0 AND attended = 0",
                list(classes.iter().copied())
            )),
        )
        .await?;
        totals(txn, classes).await?;
        // The county rows move by the same difference, summed per programme: a tap changes
        // no enrolment and no session count, so the other columns stay.
        let mut county = county_counts::Lines::new();
        for ((class, county_id), d) in &change {
            let programme = *self.programmes.get(class).ok_or_else(|| {
                DbErr::Custom(format!("class {class} counted without its programme"))
            })?;
            let line = county.entry((programme, *county_id)).or_default();
            for (&column, v) in CHECKIN_COLUMNS.iter().zip(d) {
                line[column] += v;
            }
        }
        county_counts::add(txn, &county).await
    }

    /// The sessions' rows summed per (class, county), and the trainees who have attended
    /// each class at least once, per county: all that a check-in write can move.
    async fn lines(&self, txn: &impl ConnectionTrait) -> Result<Lines, DbErr> {
        let mut out = Lines::new();
        if self.sessions.is_empty() {
            return Ok(out);
        }
        let backend = txn.get_database_backend();
        let rows = Statement::from_string(
            backend,
            format!(
                "SELECT class_id, county_id, CAST(SUM(checkins) AS BIGINT), \
                 CAST(SUM(flagged) AS BIGINT), CAST(SUM(attended) AS BIGINT) \
                 FROM session_count WHERE session_id IN ({}) GROUP BY class_id, county_id",
                list(self.sessions.iter().map(|(_, s)| *s))
            ),
        );
        for row in txn.query_all_raw(rows).await? {
            let line = out
                .entry((row.try_get_by_index(0)?, row.try_get_by_index(1)?))
                .or_default();
            for (i, v) in line.iter_mut().take(3).enumerate() {
                *v = row.try_get_by_index(2 + i)?;
            }
        }
        if self.trainees.is_empty() {
            return Ok(out);
        }
        let classes: BTreeSet<i32> = self.sessions.iter().map(|(c, _)| *c).collect();
        // Through the check-ins' trainee index: a trainee has a few dozen rows, a class
        // thousands.
        let attendees = Statement::from_string(
            backend,
            format!(
                "SELECT s.class_id, {COUNTY}, COUNT(DISTINCT i.trainee_id) FROM checkin i \
                 JOIN session s ON s.id = i.session_id JOIN trainee t ON t.id = i.trainee_id \
                 WHERE i.trainee_id IN ({}) AND s.class_id IN ({}) AND {SQL_VALID_IN} AND {} \
                 GROUP BY s.class_id, {COUNTY}",
                list(self.trainees.iter().copied()),
                list(classes),
                sql_counted("s.class_id", "i.trainee_id")
            ),
        );
        for row in txn.query_all_raw(attendees).await? {
            let line = out
                .entry((row.try_get_by_index(0)?, row.try_get_by_index(1)?))
                .or_default();
            line[3] = row.try_get_by_index(2)?;
        }
        Ok(out)
    }
}
