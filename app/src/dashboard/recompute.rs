//! The counts behind every rate from the raw rows, with the same definitions the kept rows
//! use (`training::counts`): the reference the random-mix test holds `metrics::counts` to,
//! and what the overview computed before the counts were kept (issue 15).
use super::metrics::{int, key, rows, GroupBy, Selection};
use super::metrics_types::Counts;
use crate::db::{Db, Sql};
use crate::error::AppError;
use crate::survey::Tally;
use crate::training::attendance::{
    sql_counted, SQL_CHECKED_OUT_IF_REQUIRED, SQL_COUNTED_HOURS, SQL_FLAGGED, SQL_VALID_IN,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Counts per class (or per county), for sessions that had started by `now`, from the raw
/// rows: what `metrics::counts` reads from the kept rows must equal this (app/tests/counts.rs).
pub async fn recompute(
    db: &Db,
    sel: Selection,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, Counts>, AppError> {
    let mut out: HashMap<i32, Counts> = HashMap::new();
    let k = sel.key();

    // Enrolled, those owing online hours, and enrolled × sessions held.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*), \
         CAST(SUM(CASE WHEN p.online_hours > 0 THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(COALESCE(h.n, 0)) AS BIGINT) \
         FROM enrolment e JOIN class c ON c.id = e.class_id JOIN project p ON p.id = c.project_id \
         LEFT JOIN (SELECT class_id, COUNT(*) AS n FROM session WHERE starts_at <= "
    ))
    .bind("? GROUP BY class_id) h ON h.class_id = c.id", now);
    sel.join_and_filter(&mut sql, "e.trainee_id");
    sql.push(" AND e.confirmed");
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        let c = out.entry(key(&r)?).or_default();
        c.enrolled = int(&r, 1)?;
        c.hours_enrolled = int(&r, 2)?;
        c.expected = int(&r, 3)?;
    }

    if sel.group == GroupBy::Class {
        super::metrics::sessions_held(db, sel, now, &mut out).await?;
    }

    // Valid check-ins, flagged ones, and those that count towards attendance.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*), CAST(SUM(CASE WHEN {SQL_FLAGGED} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN s.starts_at <= "
    ))
    .bind("? AND ", now)
    .push(&format!(
        "{SQL_CHECKED_OUT_IF_REQUIRED} THEN 1 ELSE 0 END) AS BIGINT) \
         FROM checkin i JOIN session s ON s.id = i.session_id JOIN class c ON c.id = s.class_id"
    ));
    sel.join_and_filter(&mut sql, "i.trainee_id");
    sql.push(&format!(
        " AND {SQL_VALID_IN} AND {}",
        sql_counted("c.id", "i.trainee_id")
    ));
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        let c = out.entry(key(&r)?).or_default();
        c.checkins = int(&r, 1)?;
        c.flagged = int(&r, 2)?;
        c.attended = int(&r, 3)?;
    }

    // Trainees who attended at least once: who may answer the survey.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*) FROM (SELECT DISTINCT s.class_id, i.trainee_id FROM checkin i \
         JOIN session s ON s.id = i.session_id JOIN class c ON c.id = s.class_id \
         WHERE {SQL_VALID_IN} AND "
    ));
    sel.scope(&mut sql);
    sql.push(") a JOIN class c ON c.id = a.class_id");
    sel.join_and_filter(&mut sql, "a.trainee_id");
    sql.push(&format!(
        " AND {}",
        sql_counted("a.class_id", "a.trainee_id")
    ));
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().eligible = int(&r, 1)?;
    }

    // Trainees whose approved and platform-verified hours reach the project's requirement.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*) FROM (SELECT class_id, trainee_id, SUM(half_hours) AS hh \
         FROM online_hours WHERE state IN {SQL_COUNTED_HOURS} \
         AND class_id IN (SELECT c.id FROM class c WHERE "
    ));
    sel.scope(&mut sql);
    sql.push(
        ") GROUP BY class_id, trainee_id) h \
         JOIN class c ON c.id = h.class_id JOIN project p ON p.id = c.project_id",
    );
    sel.join_and_filter(&mut sql, "h.trainee_id");
    sql.push(&format!(
        " AND p.online_hours > 0 AND h.hh >= p.online_hours * 2 AND {}",
        sql_counted("h.class_id", "h.trainee_id")
    ));
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().hours_complete = int(&r, 1)?;
    }

    // Who answered (participation has the trainee; the answers do not).
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*) FROM participation pa JOIN survey sv ON sv.id = pa.survey_id \
         JOIN class c ON c.id = sv.class_id"
    ));
    sel.join_and_filter(&mut sql, "pa.trainee_id");
    sql.push(&format!(" AND {}", sql_counted("c.id", "pa.trainee_id")));
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().responses = int(&r, 1)?;
    }

    if sel.group == GroupBy::Class {
        raw_overall(db, sel, &mut out).await?;
        for c in out.values_mut() {
            c.classes = 1;
        }
    }
    Ok(out)
}

/// Each class's overall item from the answers themselves, pooled only where the class has
/// enough responses to publish.
/// The threshold counts the whole class's responses even for a county evaluator: the
/// answers themselves carry no county.
pub(super) async fn raw_overall(
    db: &Db,
    sel: Selection,
    out: &mut HashMap<i32, Counts>,
) -> Result<(), AppError> {
    let whole = Selection {
        county: None,
        ..sel
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.id, COUNT(*) FROM response r JOIN survey sv ON sv.id = r.survey_id \
         JOIN class c ON c.id = sv.class_id",
    );
    whole.join_and_filter(&mut sql, "");
    super::metrics::counted(&mut sql);
    whole.group(&mut sql);
    let mut responses: HashMap<i32, u64> = HashMap::new();
    for r in rows(db, &sql).await? {
        responses.insert(key(&r)?, int(&r, 1)?);
    }

    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.id, a.likert, COUNT(*) FROM answer a \
         JOIN question q ON q.id = a.question_id \
         JOIN response r ON r.id = a.response_id JOIN survey sv ON sv.id = r.survey_id \
         JOIN class c ON c.id = sv.class_id",
    );
    whole.join_and_filter(&mut sql, "");
    super::metrics::counted(&mut sql);
    sql.bind(" AND q.is_overall = ?", true)
        .push(" AND a.likert IS NOT NULL GROUP BY c.id, a.likert");
    let mut tallies: HashMap<i32, Tally> = HashMap::new();
    for r in rows(db, &sql).await? {
        let t = tallies.entry(key(&r)?).or_default();
        let likert: Option<i32> = r.try_get_by_index(1)?;
        let n = int(&r, 2)? as u32;
        match likert {
            Some(v @ 1..=5) => t.counts[v as usize - 1] += n,
            _ => t.not_applicable += n,
        }
    }
    for (class, n) in responses {
        let tally = tallies.remove(&class).unwrap_or_default();
        out.entry(class).or_default().add_class_survey(n, &tally);
    }
    Ok(())
}
