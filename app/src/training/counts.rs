//! The counts behind every evaluator's rate, kept per session and per class by the writes
//! themselves (issue 15), so the overview sums a few thousand rows instead of a million
//! check-ins and is as fresh as the last commit.
//!
//! Each write transaction that changes an enrolment, online hours, a survey participation or
//! a project's requirement calls `refresh` with the classes it touched, before it commits;
//! a check-in write moves them by difference instead (`checkin_counts`). `refresh` recounts those classes
//! from the raw rows with the definitions in `attendance` (one definition of "attended"), so
//! the maintained rows cannot drift from them; `recount_all` does the same for every class
//! (`peixun recount`, and a start after `DEFINITION` changes). `app/tests/counts.rs` compares
//! them with a recomputation from scratch after a random mix of writes on both databases.
use super::attendance::{
    sql_counted, SQL_CHECKED_OUT_IF_REQUIRED, SQL_COUNTED_HOURS, SQL_FLAGGED, SQL_VALID_IN,
};
use super::county_counts::{self, CountyCounts};
use crate::db::{id_list as list, lock_in, run, AdvisoryLock, Sql};
use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Raise it in the commit that changes what a count means (a new rule for "attended", say):
/// the next start recounts every class before it serves.
pub const DEFINITION: i32 = 2;

/// A trainee's county for counting: 0 when they have none.
pub(super) const COUNTY: &str = "COALESCE(t.county_id, 0)";

/// Recounts these classes' rows inside the caller's transaction. Call it last, just before
/// the commit: the class locks it takes (PostgreSQL) then come after any session lock and in
/// ascending order, so two transactions never wait on each other in a circle.
pub async fn refresh(txn: &impl ConnectionTrait, classes: &[i32]) -> Result<(), DbErr> {
    let mut classes = classes.to_vec();
    classes.sort_unstable();
    classes.dedup();
    for &class in &classes {
        lock_in(txn, AdvisoryLock::ClassCounts, class).await?;
    }
    let county = CountyCounts::before(txn, &classes).await?;
    for &class in &classes {
        refresh_class(txn, class).await?;
    }
    county.apply(txn).await
}

/// A session was added to the class in this transaction: its total's session count, and
/// with it the expected attendance of its county rows, move. Call it last, as `refresh`.
pub async fn session_added(txn: &impl ConnectionTrait, class: i32) -> Result<(), DbErr> {
    lock_in(txn, AdvisoryLock::ClassCounts, class).await?;
    let county = CountyCounts::before(txn, &[class]).await?;
    totals(txn, [class]).await?;
    county.apply(txn).await
}

/// The class lines summed over the trainees' counties (`class_total`), after a write moved
/// their `class_count` rows: the province reads one row per class, 1,220 rows instead of
/// ~60,000 (BENCHMARKS.md). With the class's sessions, which the county rows' expected
/// attendance was kept with (`county_counts`). Under the same class locks as the rows it sums.
pub(super) async fn totals(
    txn: &impl ConnectionTrait,
    classes: impl IntoIterator<Item = i32>,
) -> Result<(), DbErr> {
    let classes = list(classes);
    if classes.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    run(
        txn,
        Sql::new(backend).push(&format!(
            "DELETE FROM class_total WHERE class_id IN ({classes})"
        )),
    )
    .await?;
    run(
        txn,
        Sql::new(backend).push(&format!(
            "INSERT INTO class_total (class_id, sessions, enrolled, hours_enrolled, eligible, \
             hours_complete, responses, checkins, flagged, attended) SELECT class_id, \
             (SELECT COUNT(*) FROM session s WHERE s.class_id = class_count.class_id), \
             SUM(enrolled), SUM(hours_enrolled), SUM(eligible), SUM(hours_complete), \
             SUM(responses), SUM(checkins), SUM(flagged), SUM(attended) FROM class_count \
             WHERE class_id IN ({classes}) GROUP BY class_id"
        )),
    )
    .await
}

async fn refresh_class(txn: &impl ConnectionTrait, class: i32) -> Result<(), DbErr> {
    lock_in(txn, AdvisoryLock::ClassCounts, class).await?;
    let backend = txn.get_database_backend();
    for table in ["session_count", "class_count", "survey_tally"] {
        let mut sql = Sql::new(backend);
        sql.bind(&format!("DELETE FROM {table} WHERE class_id = ?"), class);
        run(txn, &sql).await?;
    }

    insert_sessions(txn, "s.class_id", class).await?;

    // One line per (trainee's county, what they count for), summed per county.
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO class_count (class_id, county_id, enrolled, hours_enrolled, eligible, \
         hours_complete, responses, checkins, flagged, attended) SELECT ",
    )
    .bind(
        "?, k, SUM(en), SUM(he), SUM(el), SUM(hc), SUM(r), SUM(ci), SUM(fl), SUM(att) FROM (",
        class,
    )
    // Enrolled, and those who owe online hours.
    .push(&format!(
        "SELECT {COUNTY} AS k, 1 AS en, CASE WHEN p.online_hours > 0 THEN 1 ELSE 0 END AS he, \
         0 AS el, 0 AS hc, 0 AS r, 0 AS ci, 0 AS fl, 0 AS att FROM enrolment e \
         JOIN trainee t ON t.id = e.trainee_id \
         JOIN class c ON c.id = e.class_id JOIN project p ON p.id = c.project_id"
    ))
    .bind(" WHERE e.class_id = ? AND e.confirmed", class)
    // The session rows just counted, summed over the class's sessions: the read subtracts
    // the sessions not yet started.
    .bind(
        " UNION ALL SELECT county_id, 0, 0, 0, 0, 0, checkins, flagged, attended \
         FROM session_count WHERE class_id = ?",
        class,
    )
    // Trainees who attended at least once: who may answer the survey.
    .push(&format!(
        " UNION ALL SELECT {COUNTY}, 0, 0, 1, 0, 0, 0, 0, 0 FROM (SELECT DISTINCT i.trainee_id \
         FROM checkin i JOIN session s ON s.id = i.session_id WHERE {SQL_VALID_IN}"
    ))
    .bind(" AND s.class_id = ?", class)
    .push(&format!(
        " AND {}",
        sql_counted("s.class_id", "i.trainee_id")
    ))
    .push(") a JOIN trainee t ON t.id = a.trainee_id")
    // Trainees whose approved and platform-verified hours reach the requirement.
    .push(&format!(
        " UNION ALL SELECT {COUNTY}, 0, 0, 0, 1, 0, 0, 0, 0 FROM (SELECT trainee_id, \
         SUM(oh.half_hours) AS hh FROM online_hours oh WHERE oh.state IN {SQL_COUNTED_HOURS} \
         AND {}",
        sql_counted("oh.class_id", "oh.trainee_id")
    ))
    .bind(" AND oh.class_id = ?", class)
    .push(
        " GROUP BY oh.trainee_id) h JOIN trainee t ON t.id = h.trainee_id \
         JOIN class c ON c.id = ",
    )
    .bind("? JOIN project p ON p.id = c.project_id", class)
    .push(" WHERE p.online_hours > 0 AND h.hh >= p.online_hours * 2")
    // Who answered the survey (participation has the trainee; the answers do not).
    .push(&format!(
        " UNION ALL SELECT {COUNTY}, 0, 0, 0, 0, 1, 0, 0, 0 FROM participation pa \
         JOIN survey sv ON sv.id = pa.survey_id JOIN trainee t ON t.id = pa.trainee_id"
    ))
    .bind(" WHERE sv.class_id = ?", class)
    .push(&format!(
        " AND {}",
        sql_counted("sv.class_id", "pa.trainee_id")
    ))
    .push(") x GROUP BY k");
    run(txn, &sql).await?;
    totals(txn, [class]).await?;

    // Each survey's overall item, per publication state (survey::publish's one rule is
    // applied by the read).
    let likert = |v: i32| format!("SUM(CASE WHEN o.likert = {v} THEN 1 ELSE 0 END)");
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "INSERT INTO survey_tally (survey_id, published, class_id, responses, likert_1, \
         likert_2, likert_3, likert_4, likert_5, not_applicable) \
         SELECT r.survey_id, r.published, sv.class_id, COUNT(DISTINCT r.id), {}, {}, {}, {}, {}, \
         SUM(CASE WHEN o.likert IS NOT NULL AND (o.likert < 1 OR o.likert > 5) THEN 1 ELSE 0 END) \
         FROM response r JOIN survey sv ON sv.id = r.survey_id \
         LEFT JOIN answer o ON o.response_id = r.id AND o.likert IS NOT NULL \
         AND o.question_id IN (SELECT id FROM question WHERE is_overall = ",
        likert(1),
        likert(2),
        likert(3),
        likert(4),
        likert(5)
    ))
    // Joined through the answer's key (response, question): only this class's answers are
    // read, where a subquery over every overall answer read 900,000 rows per class.
    .bind("?)", true)
    .bind(" WHERE sv.class_id = ?", class)
    .push(" GROUP BY r.survey_id, r.published, sv.class_id");
    run(txn, &sql).await
}

/// Valid check-ins, flagged ones, and those that count towards attendance once the session
/// has started (the read applies the start), for the sessions where `column` is `id`.
pub(super) async fn insert_sessions(
    txn: &impl ConnectionTrait,
    column: &str,
    id: i32,
) -> Result<(), DbErr> {
    let mut sql = Sql::new(txn.get_database_backend());
    sql.push(&format!(
        "INSERT INTO session_count (session_id, county_id, class_id, checkins, flagged, attended) \
         SELECT s.id, {COUNTY}, s.class_id, COUNT(*), \
         SUM(CASE WHEN {SQL_FLAGGED} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN {SQL_CHECKED_OUT_IF_REQUIRED} THEN 1 ELSE 0 END) \
         FROM checkin i JOIN session s ON s.id = i.session_id JOIN trainee t ON t.id = i.trainee_id"
    ))
    .bind(&format!(" WHERE {column} = ?"), id)
    .push(&format!(
        " AND {SQL_VALID_IN} AND {} GROUP BY s.id, s.class_id, {COUNTY}",
        sql_counted("s.class_id", "i.trainee_id")
    ));
    run(txn, &sql).await
}

/// Every class of these projects (a project's hours requirement changed).
pub async fn refresh_projects(txn: &impl ConnectionTrait, projects: &[i32]) -> Result<(), DbErr> {
    let mut classes = Vec::new();
    for project in projects {
        let mut sql = Sql::new(txn.get_database_backend());
        sql.bind("SELECT id FROM class WHERE project_id = ?", *project);
        classes.extend(ids(txn, sql.statement()).await?);
    }
    refresh(txn, &classes).await
}

async fn ids(txn: &impl ConnectionTrait, statement: Statement) -> Result<Vec<i32>, DbErr> {
    txn.query_all_raw(statement)
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i32>(0))
        .collect()
}

/// What `recount_all` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recount {
    pub classes: usize,
    /// Classes whose kept rows differed from the raw rows: a write that skipped `refresh`.
    pub differed: Vec<i32>,
    /// Whether the rows per programme and county differed from the sum of the class rows.
    pub counties_differed: bool,
}

/// Recounts every class, one transaction per class so a province-year's recount never holds
/// the writer for long, reports the classes whose rows were wrong and records `DEFINITION`.
pub async fn recount_all(db: &crate::db::Db) -> Result<Recount, DbErr> {
    let all = Statement::from_string(
        db.get_database_backend(),
        "SELECT id FROM class ORDER BY id",
    );
    let classes = ids(db, all).await?;
    let mut out = Recount {
        classes: classes.len(),
        ..Recount::default()
    };
    for class in classes {
        let txn = crate::db::begin_write(db).await?;
        // Locked before the first look, so a write committing meanwhile is not taken for a
        // difference (`refresh_class` takes the same lock again, which is a no-op). The
        // county rows are left to the rebuild below, so a wrong class row is not carried
        // into them by difference.
        lock_in(&txn, AdvisoryLock::ClassCounts, class).await?;
        let before = snapshot(&txn, class).await?;
        refresh_class(&txn, class).await?;
        if snapshot(&txn, class).await? != before {
            out.differed.push(class);
        }
        txn.commit().await?;
    }
    // The class rows are right now; the county rows are rebuilt from them.
    out.counties_differed = county_counts::rebuild(db).await?;
    let backend = db.get_database_backend();
    let txn = crate::db::begin_write(db).await?;
    txn.execute_raw(Statement::from_string(
        backend,
        "DELETE FROM counts_definition",
    ))
    .await?;
    let mut sql = Sql::new(backend);
    sql.bind(
        "INSERT INTO counts_definition (version) VALUES (?)",
        DEFINITION,
    );
    run(&txn, &sql).await?;
    txn.commit().await?;
    Ok(out)
}

/// A class's kept rows, in key order, for comparing before and after a recount.
pub async fn snapshot(txn: &impl ConnectionTrait, class: i32) -> Result<Vec<Vec<i32>>, DbErr> {
    let queries = [
        (
            "SELECT session_id, county_id, checkins, flagged, attended FROM session_count \
          WHERE class_id = ? ORDER BY session_id, county_id",
            5,
        ),
        (
            "SELECT county_id, enrolled, hours_enrolled, eligible, hours_complete, responses, \
             checkins, flagged, attended FROM class_count WHERE class_id = ? ORDER BY county_id",
            9,
        ),
        (
            "SELECT sessions, enrolled, hours_enrolled, eligible, hours_complete, responses, \
             checkins, flagged, attended FROM class_total WHERE class_id = ?",
            9,
        ),
        (
            "SELECT survey_id, CASE WHEN published THEN 1 ELSE 0 END, responses, likert_1, \
             likert_2, likert_3, likert_4, likert_5, not_applicable FROM survey_tally \
             WHERE class_id = ? ORDER BY survey_id, published",
            9,
        ),
    ];
    let mut out = Vec::new();
    for (text, width) in queries {
        let mut sql = Sql::new(txn.get_database_backend());
        sql.bind(text, class);
        for row in txn.query_all_raw(sql.statement()).await? {
            out.push(
                (0..width)
                    .map(|i| row.try_get_by_index::<i32>(i))
                    .collect::<Result<_, _>>()?,
            );
        }
        out.push(Vec::new());
    }
    Ok(out)
}

/// Whether the rows were counted with an older definition (or never: a new table).
pub async fn stale(db: &crate::db::Db) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT MAX(version) FROM counts_definition",
        ))
        .await?;
    let version: Option<i32> = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => None,
    };
    Ok(version != Some(DEFINITION))
}
