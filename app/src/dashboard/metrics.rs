//! The counts behind every rate, as a handful of GROUP BY queries over the whole selection,
//! never one query per class, summed from the rows the writes keep (`training::counts`,
//! issue 15): the overview covers ~1,200 classes and a million check-ins.
use super::metrics_types::Counts;
pub(super) use super::rows::{int, key, rows};
use super::rows::{packed, Ints};
use crate::db::{Db, Sql};
use crate::error::AppError;
use crate::survey::Tally;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// Which classes to count.
#[derive(Debug, Clone, Copy)]
pub enum Classes {
    Programme(i32),
    Contractor(i32),
    Project(i32),
    Class(i32),
}

/// What one line of the result stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Class,
    /// The trainee's county (0: none of the programme's counties). Satisfaction stays empty:
    /// a response carries no trainee, so it has no county.
    TraineeCounty,
}

#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub classes: Classes,
    /// A county evaluator counts only trainees of its county.
    pub county: Option<i32>,
    pub group: GroupBy,
}

impl Selection {
    pub(super) fn key(&self) -> &'static str {
        match self.group {
            GroupBy::Class => "c.id",
            GroupBy::TraineeCounty => "COALESCE(t.county_id, 0)",
        }
    }

    fn needs_trainee(&self) -> bool {
        self.county.is_some() || self.group == GroupBy::TraineeCounty
    }

    /// Joins the trainee through `trainee_col` when needed, then the WHERE clause.
    pub(super) fn join_and_filter(&self, sql: &mut Sql, trainee_col: &str) {
        if self.needs_trainee() {
            sql.push(&format!(" JOIN trainee t ON t.id = {trainee_col}"));
        }
        sql.push(" WHERE ");
        self.scope(sql);
        if let Some(county) = self.county {
            sql.bind(" AND t.county_id = ?", county);
        }
    }

    /// The selected classes as a condition on `c`, also inside subqueries, so a project page
    /// aggregates its own rows rather than the whole table.
    pub(super) fn scope(&self, sql: &mut Sql) {
        match self.classes {
            Classes::Programme(id) => sql.bind(
                "c.project_id IN (SELECT id FROM project WHERE programme_id = ?)",
                id,
            ),
            Classes::Contractor(id) => sql.bind(
                "c.project_id IN (SELECT id FROM project WHERE contractor_id = ?)",
                id,
            ),
            Classes::Project(id) => sql.bind("c.project_id = ?", id),
            Classes::Class(id) => sql.bind("c.id = ?", id),
        };
    }

    /// The selection over a kept-counts table `table` (joined to its class `c`).
    fn kept_filter(&self, sql: &mut Sql, table: &str) {
        self.scope(sql);
        if let Some(county) = self.county {
            sql.bind(&format!(" AND {table}.county_id = ?"), county);
        }
    }

    /// The sessions `s` within the selection, and the kept rows `table` of the evaluator's
    /// county when there is one.
    fn sessions_within(&self, sql: &mut Sql, table: &str) {
        sql.push("s.class_id IN (SELECT c.id FROM class c WHERE ");
        self.scope(sql);
        sql.push(")");
        if let Some(county) = self.county {
            sql.bind(&format!(" AND {table}.county_id = ?"), county);
        }
    }

    pub(super) fn group(&self, sql: &mut Sql) {
        sql.push(&format!(" GROUP BY {}", self.key()));
    }
}

/// A statement that starts with `ahead`, the sessions not yet started at `now`, materialised
/// first through the index on `starts_at`: the reads take them out of the kept counts.
fn with_ahead(db: &Db, now: DateTime<Utc>) -> Sql {
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "WITH ahead AS MATERIALIZED (SELECT id, class_id FROM session WHERE starts_at > ?) ",
        now,
    );
    sql
}

/// Counts per class (or per county), for sessions that had started by `now`, summed from the
/// rows the writes keep (`training::counts`): a few thousand rows for a province-year.
pub async fn counts(
    db: &Db,
    sel: Selection,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, Counts>, AppError> {
    if let (GroupBy::TraineeCounty, Classes::Programme(programme)) = (sel.group, sel.classes) {
        return programme_counties(db, programme, sel, now).await;
    }
    let mut out: HashMap<i32, Counts> = HashMap::new();
    let k = |table: &str| match sel.group {
        GroupBy::Class => "c.id".to_owned(),
        GroupBy::TraineeCounty => format!("{table}.county_id"),
    };
    // Whole classes read one row each (`class_total`); otherwise a row per class and county,
    // and the sessions ahead are taken out per county too. Those are grouped by the
    // session's class: grouped by `sc.class_id`, SQLite walked all 777,000 session rows in
    // that index's order instead of the few sessions ahead (42 ms against 7 ms).
    let (table, per_county, on_county, total) =
        if sel.group == GroupBy::Class && sel.county.is_none() {
            ("class_total", "", "", "")
        } else {
            (
                "class_count",
                ", sc.county_id",
                " AND u.county_id = cc.county_id",
                " JOIN class_total ct ON ct.class_id = cc.class_id",
            )
        };
    let sessions = if total.is_empty() { "cc" } else { "ct" };

    // Enrolled, those owing hours, enrolled × sessions held, eligible, complete, answered,
    // and the check-ins over all the class's sessions. Sessions held are the class's kept
    // count (`class_total.sessions`) less those ahead (`a`): counting the held ones walked
    // all 17,000 sessions of the province-year. Attendance counts only sessions that
    // have started: taps made in the half hour before a start are taken back out (`u`, the
    // few sessions still ahead), in the same statement so both sides read one snapshot.
    // `ahead` is materialised first, through the index on `starts_at`, and `u` keeps to the
    // selection: joined the other way round, SQLite walked all 17,000 sessions of the
    // province-year and their 780,000 kept rows (23 ms of the county overview's 45). The
    // CROSS JOIN keeps SQLite (3.51) from starting at the county's `session_count` rows
    // instead, all 780,000 skip-scanned (18 ms against 3 for a county evaluator).
    let mut sql = with_ahead(db, now);
    sql.push(&format!(
        "SELECT {} AS k0, CAST(SUM(cc.enrolled) AS BIGINT) AS k1, \
         CAST(SUM(cc.hours_enrolled) AS BIGINT) AS k2, \
         CAST(SUM(cc.enrolled * ({sessions}.sessions - COALESCE(a.n, 0))) AS BIGINT) AS k3, \
         CAST(SUM(cc.eligible) AS BIGINT) AS k4, CAST(SUM(cc.hours_complete) AS BIGINT) AS k5, \
         CAST(SUM(cc.responses) AS BIGINT) AS k6, CAST(SUM(cc.checkins) AS BIGINT) AS k7, \
         CAST(SUM(cc.flagged) AS BIGINT) AS k8, \
         CAST(SUM(cc.attended - COALESCE(u.n, 0)) AS BIGINT) AS k9 \
         FROM {table} cc JOIN class c ON c.id = cc.class_id{total} \
         LEFT JOIN (SELECT class_id, COUNT(*) AS n FROM ahead GROUP BY class_id) a \
         ON a.class_id = c.id ",
        k("cc")
    ));
    sql.push(&format!(
        "LEFT JOIN (SELECT s.class_id{per_county}, SUM(sc.attended) AS n \
         FROM ahead s CROSS JOIN session_count sc WHERE sc.session_id = s.id AND "
    ));
    sel.sessions_within(&mut sql, "sc");
    sql.push(&format!(
        " GROUP BY s.class_id{per_county}) u ON u.class_id = cc.class_id{on_county} WHERE "
    ));
    sel.kept_filter(&mut sql, "cc");
    sql.push(&format!(" GROUP BY {}", k("cc")));
    for r in packed(db, &sql, 10).await? {
        kept_line(out.entry(r.key()?).or_default(), &r);
    }

    if sel.group == GroupBy::Class {
        sessions_held_kept(db, sel, now, &mut out).await?;
        add_overall(db, sel, &mut out).await?;
        for c in out.values_mut() {
            c.classes = 1;
        }
    }
    Ok(out)
}

/// A programme's figures per trainee county, one kept row each (`training::county_counts`):
/// expected and attended count every session there, so the sessions still ahead are taken
/// out here, in the same statement so both sides read one snapshot. The CROSS JOINs start
/// from those few sessions, as in `counts` (0.1 ms against 21 for one county).
async fn programme_counties(
    db: &Db,
    programme: i32,
    sel: Selection,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, Counts>, AppError> {
    let mut sql = with_ahead(db, now);
    sql.push(
        "SELECT k.county_id AS k0, CAST(k.enrolled AS BIGINT) AS k1, \
         CAST(k.hours_enrolled AS BIGINT) AS k2, \
         CAST(k.expected - COALESCE(x.e, 0) AS BIGINT) AS k3, CAST(k.eligible AS BIGINT) AS k4, \
         CAST(k.hours_complete AS BIGINT) AS k5, CAST(k.responses AS BIGINT) AS k6, \
         CAST(k.checkins AS BIGINT) AS k7, CAST(k.flagged AS BIGINT) AS k8, \
         CAST(k.attended - COALESCE(x.a, 0) AS BIGINT) AS k9 FROM county_total k \
         LEFT JOIN (SELECT county_id, SUM(e) AS e, SUM(a) AS a FROM (\
         SELECT cc.county_id, cc.enrolled AS e, 0 AS a FROM ahead s \
         CROSS JOIN class_count cc WHERE cc.class_id = s.class_id AND ",
    );
    sel.sessions_within(&mut sql, "cc");
    sql.push(
        " UNION ALL SELECT sc.county_id, 0, sc.attended FROM ahead s \
         CROSS JOIN session_count sc WHERE sc.session_id = s.id AND ",
    );
    sel.sessions_within(&mut sql, "sc");
    sql.push(") y GROUP BY county_id) x ON x.county_id = k.county_id")
        .bind(" WHERE k.programme_id = ?", programme);
    if let Some(county) = sel.county {
        sql.bind(" AND k.county_id = ?", county);
    }
    let mut out: HashMap<i32, Counts> = HashMap::new();
    for r in packed(db, &sql, 10).await? {
        kept_line(out.entry(r.key()?).or_default(), &r);
    }
    Ok(out)
}

/// The kept columns in the order both reads select them.
fn kept_line(c: &mut Counts, r: &Ints) {
    c.enrolled = r.int(1);
    c.hours_enrolled = r.int(2);
    c.expected = r.int(3);
    c.eligible = r.int(4);
    c.hours_complete = r.int(5);
    c.responses = r.int(6);
    c.checkins = r.int(7);
    c.flagged = r.int(8);
    c.attended = r.int(9);
}

/// Sessions held per class, as `sessions_held` counts them, from each class's kept session
/// count less those ahead: counting the held ones walked all 17,000 sessions of the
/// province-year. A class with no kept total yet (no trainee) counts its own sessions.
async fn sessions_held_kept(
    db: &Db,
    sel: Selection,
    now: DateTime<Utc>,
    out: &mut HashMap<i32, Counts>,
) -> Result<(), AppError> {
    let mut sql = with_ahead(db, now);
    sql.push(
        "SELECT id AS k0, n AS k1 FROM (SELECT c.id, COALESCE(ct.sessions, \
         (SELECT COUNT(*) FROM session s WHERE s.class_id = c.id)) - COALESCE(a.n, 0) AS n \
         FROM class c LEFT JOIN class_total ct ON ct.class_id = c.id \
         LEFT JOIN (SELECT class_id, COUNT(*) AS n FROM ahead GROUP BY class_id) a \
         ON a.class_id = c.id WHERE ",
    );
    sel.scope(&mut sql);
    sql.push(") h WHERE n > 0");
    for r in packed(db, &sql, 2).await? {
        out.entry(r.key()?).or_default().sessions_held = r.int(1);
    }
    Ok(())
}

/// Sessions held per class, from the raw rows (`recompute`). No trainee in a session count: a county evaluator sees the same
/// sessions held.
pub(super) async fn sessions_held(
    db: &Db,
    sel: Selection,
    now: DateTime<Utc>,
    out: &mut HashMap<i32, Counts>,
) -> Result<(), AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT c.id, COUNT(*) FROM session s JOIN class c ON c.id = s.class_id");
    let whole = Selection {
        county: None,
        ..sel
    };
    whole.join_and_filter(&mut sql, "");
    sql.bind(" AND s.starts_at <= ?", now);
    whole.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().sessions_held = int(&r, 1)?;
    }
    Ok(())
}
/// Each class's overall item, pooled only where the class has enough responses to publish,
/// from the kept tallies (`survey_tally`, one row per survey and publication state). The
/// threshold counts the whole class's responses even for a county evaluator: the answers
/// themselves carry no county.
pub(super) async fn add_overall(
    db: &Db,
    sel: Selection,
    out: &mut HashMap<i32, Counts>,
) -> Result<(), AppError> {
    let whole = Selection {
        county: None,
        ..sel
    };
    // `r` is the tally, so the publication rule reads as it does over `response r`.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.id AS k0, CAST(SUM(r.responses) AS BIGINT) AS k1, \
         CAST(SUM(r.likert_1) AS BIGINT) AS k2, CAST(SUM(r.likert_2) AS BIGINT) AS k3, \
         CAST(SUM(r.likert_3) AS BIGINT) AS k4, CAST(SUM(r.likert_4) AS BIGINT) AS k5, \
         CAST(SUM(r.likert_5) AS BIGINT) AS k6, CAST(SUM(r.not_applicable) AS BIGINT) AS k7 \
         FROM survey_tally r \
         JOIN survey sv ON sv.id = r.survey_id JOIN class c ON c.id = r.class_id",
    );
    whole.join_and_filter(&mut sql, "");
    counted(&mut sql);
    whole.group(&mut sql);
    for r in packed(db, &sql, 8).await? {
        let n = r.int(1);
        if n == 0 {
            continue;
        }
        let mut tally = Tally::default();
        for (i, count) in tally.counts.iter_mut().enumerate() {
            *count = r.int(2 + i) as u32;
        }
        tally.not_applicable = r.int(7) as u32;
        out.entry(r.key()?).or_default().add_class_survey(n, &tally);
    }
    Ok(())
}

/// Only the responses the survey has published (survey::publish, one definition).
pub(super) fn counted(sql: &mut Sql) {
    let [published, closed] = crate::survey::publish::COUNTED_SQL;
    sql.bind(published, true).bind(closed, crate::db::now());
}

/// (class, project, county) of the programme's county-level classes whose enrolled trainees
/// are all of one county, from the kept counts: where satisfaction has a county.
pub async fn one_county_classes(
    db: &Db,
    programme_id: i32,
) -> Result<Vec<(i32, i32, i32)>, AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT cc.class_id AS k0, c.project_id AS k1, MIN(cc.county_id) AS k2 \
         FROM class_count cc JOIN class c ON c.id = cc.class_id JOIN project p ON p.id = c.project_id \
         WHERE p.scope_kind = 'counties' AND cc.enrolled > 0",
    )
    .bind(" AND p.programme_id = ?", programme_id)
    .push(
        " GROUP BY cc.class_id, c.project_id \
         HAVING MIN(cc.county_id) = MAX(cc.county_id) AND MIN(cc.county_id) <> 0",
    );
    packed(db, &sql, 3)
        .await?
        .iter()
        .map(|r| Ok((r.id(0)?, r.id(1)?, r.id(2)?)))
        .collect()
}

/// Valid check-ins to sessions held on `today` (CST), for the overview's "today" figure.
/// From today's sessions in the selection to their kept rows: joined from the rows, SQLite
/// looked up the class of each of 28,000 (7.7 ms against 4.3 for the province-year).
pub async fn checkins_on(db: &Db, sel: Selection, today: NaiveDate) -> Result<u64, AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT 0, CAST(SUM(sc.checkins) AS BIGINT) FROM session s \
         CROSS JOIN session_count sc WHERE sc.session_id = s.id",
    )
    .bind(" AND s.date = ? AND ", today);
    sel.sessions_within(&mut sql, "sc");
    match rows(db, &sql).await?.first() {
        Some(r) => int(r, 1),
        None => Ok(0),
    }
}
