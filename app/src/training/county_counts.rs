//! The province's figures per trainee county, one row per (programme, county) kept by the
//! same writes as the class rows (issue 15): summing ~60,000 `class_count` rows took 26-37 ms
//! of the province overview's 64 on SQLite (BENCHMARKS.md).
//!
//! A write notes its classes' share of these rows before it writes (`CountyCounts::before`,
//! under the class locks) and adds the difference after (`apply`), so the rows stay the sum
//! of the class rows without reading them all. A check-in write adds its class difference
//! directly (`add`), as it moves no other column. Expected attendance changes as sessions start,
//! so a row keeps enrolled × every session of the class (`class_total.sessions`), and the read
//! takes out the sessions still ahead (`dashboard::metrics`), as it does for attendance.
//! `recount_all` rebuilds them from the class rows and reports a difference;
//! `app/tests/counts.rs` compares the read with a recomputation after a random mix.
use crate::db::{id_list as list, run, Sql};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use std::collections::BTreeMap;

/// The columns after the key, in the order of `county_total`.
const COLUMNS: [&str; 9] = [
    "enrolled",
    "hours_enrolled",
    "eligible",
    "hours_complete",
    "responses",
    "checkins",
    "flagged",
    "attended",
    "expected",
];

/// (programme, county) → the columns.
pub(super) type Lines = BTreeMap<(i32, i32), [i64; 9]>;

/// Where a check-in write's columns go in a county line: eligible, check-ins, flagged and
/// attended, the only ones a tap moves (`checkin_counts`).
pub(super) const CHECKIN_COLUMNS: [usize; 4] = [5, 6, 7, 2];

/// Some classes' share of the county rows before a write.
pub struct CountyCounts {
    classes: Vec<i32>,
    before: Lines,
}

impl CountyCounts {
    /// Call under the classes' locks (`AdvisoryLock::ClassCounts`), before the write.
    pub async fn before(txn: &impl ConnectionTrait, classes: &[i32]) -> Result<Self, DbErr> {
        let mut classes = classes.to_vec();
        classes.sort_unstable();
        classes.dedup();
        let before = share(txn, &classes).await?;
        Ok(CountyCounts { classes, before })
    }

    /// Adds what the write changed to the county rows, after the class rows and their
    /// totals are written. One statement, in key order, as the last write of the
    /// transaction: two transactions lock the shared rows (PostgreSQL) in the same order.
    pub async fn apply(self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
        let mut change = share(txn, &self.classes).await?;
        for (key, old) in &self.before {
            let new = change.entry(*key).or_default();
            for (n, o) in new.iter_mut().zip(old) {
                *n -= o;
            }
        }
        change.retain(|_, d| d.iter().any(|&v| v != 0));
        add(txn, &change).await
    }
}

/// The classes' lines summed per (programme, county): the session count is the one their
/// totals were kept with, so a new session moves `expected` by difference too.
async fn share(txn: &impl ConnectionTrait, classes: &[i32]) -> Result<Lines, DbErr> {
    let mut out = Lines::new();
    if classes.is_empty() {
        return Ok(out);
    }
    let rows = Statement::from_string(
        txn.get_database_backend(),
        per_county(&format!(
            "WHERE cc.class_id IN ({})",
            list(classes.iter().copied())
        )),
    );
    for row in txn.query_all_raw(rows).await? {
        let key = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let line = out.entry(key).or_default();
        for (i, v) in line.iter_mut().enumerate() {
            *v = row.try_get_by_index(2 + i)?;
        }
    }
    Ok(out)
}

/// The class rows `cc` that `filter` keeps, summed per (programme, county) in the order of
/// `COLUMNS`: one definition for the rebuild and for a write's share.
fn per_county(filter: &str) -> String {
    let sums: Vec<String> = COLUMNS[..8]
        .iter()
        .map(|c| format!("CAST(SUM(cc.{c}) AS BIGINT)"))
        .collect();
    format!(
        "SELECT p.programme_id, cc.county_id, {}, \
         CAST(SUM(cc.enrolled * ct.sessions) AS BIGINT) FROM class_count cc \
         JOIN class_total ct ON ct.class_id = cc.class_id \
         JOIN class c ON c.id = cc.class_id JOIN project p ON p.id = c.project_id \
         {filter} GROUP BY p.programme_id, cc.county_id",
        sums.join(", ")
    )
}

/// Adds each line to its row (a new row when it gains), then removes rows left with
/// nothing, as a rebuild would leave none.
pub(super) async fn add(txn: &impl ConnectionTrait, change: &Lines) -> Result<(), DbErr> {
    if change.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let values: Vec<String> = change
        .iter()
        .map(|((programme, county), v)| {
            let v: Vec<String> = v.iter().map(i64::to_string).collect();
            format!("({programme}, {county}, {})", v.join(", "))
        })
        .collect();
    let sums: Vec<String> = COLUMNS
        .iter()
        .map(|c| format!("{c} = county_total.{c} + excluded.{c}"))
        .collect();
    run(
        txn,
        Sql::new(backend).push(&format!(
            "INSERT INTO county_total (programme_id, county_id, {}) VALUES {} \
             ON CONFLICT (programme_id, county_id) DO UPDATE SET {}",
            COLUMNS.join(", "),
            values.join(", "),
            sums.join(", ")
        )),
    )
    .await?;
    let zero: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = 0")).collect();
    run(
        txn,
        Sql::new(backend).push(&format!(
            "DELETE FROM county_total WHERE programme_id IN ({}) AND county_id IN ({}) AND {}",
            list(change.keys().map(|(p, _)| *p)),
            list(change.keys().map(|(_, c)| *c)),
            zero.join(" AND ")
        )),
    )
    .await
}

/// Rebuilds every row from the class rows in one transaction and tells whether any row
/// differed. On PostgreSQL the table lock waits for writes that already moved a row and holds
/// back those that have not, which then add their difference to the rebuilt row.
pub async fn rebuild(db: &crate::db::Db) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let backend = txn.get_database_backend();
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            backend,
            "LOCK TABLE county_total IN EXCLUSIVE MODE",
        ))
        .await?;
    }
    let before = snapshot(&txn).await?;
    run(&txn, Sql::new(backend).push("DELETE FROM county_total")).await?;
    run(
        &txn,
        Sql::new(backend).push(&format!(
            "INSERT INTO county_total (programme_id, county_id, {}) {}",
            COLUMNS.join(", "),
            per_county("")
        )),
    )
    .await?;
    let differed = snapshot(&txn).await? != before;
    txn.commit().await?;
    Ok(differed)
}

/// Every row, in key order.
pub async fn snapshot(txn: &impl ConnectionTrait) -> Result<Vec<Vec<i64>>, DbErr> {
    let columns: Vec<String> = COLUMNS
        .iter()
        .map(|c| format!("CAST({c} AS BIGINT)"))
        .collect();
    let rows = Statement::from_string(
        txn.get_database_backend(),
        format!(
            "SELECT CAST(programme_id AS BIGINT), CAST(county_id AS BIGINT), {} \
             FROM county_total ORDER BY programme_id, county_id",
            columns.join(", ")
        ),
    );
    txn.query_all_raw(rows)
        .await?
        .iter()
        .map(|row| (0..11).map(|i| row.try_get_by_index::<i64>(i)).collect())
        .collect()
}
