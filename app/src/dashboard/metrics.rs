//! The counts behind every rate, as a handful of GROUP BY queries over the whole selection,
//! never one query per class: the overview covers ~1,200 classes and a million check-ins.
use super::metrics_types::Counts;
use crate::db::Db;
use crate::error::AppError;
use crate::survey::Tally;
use crate::training::attendance::{SQL_CHECKED_OUT_IF_REQUIRED, SQL_VALID_IN};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
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

/// A statement and its values. Each `bind` writes the backend's own placeholder where its
/// text has a `?` (`?` on SQLite, `$n` on PostgreSQL), so no finished text is ever rewritten.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// `text` holds exactly one `?`: where the value goes.
    fn bind(&mut self, text: &str, value: impl Into<Value>) -> &mut Sql {
        let (before, after) = text.split_once('?').expect("a bound fragment has a `?`");
        debug_assert!(!after.contains('?'), "one value per fragment: {text}");
        self.values.push(value.into());
        let placeholder = match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        };
        self.text.push_str(before);
        self.text.push_str(&placeholder);
        self.text.push_str(after);
        self
    }

    fn statement(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }
}

impl Selection {
    fn key(&self) -> &'static str {
        match self.group {
            GroupBy::Class => "c.id",
            GroupBy::TraineeCounty => "COALESCE(t.county_id, 0)",
        }
    }

    fn needs_trainee(&self) -> bool {
        self.county.is_some() || self.group == GroupBy::TraineeCounty
    }

    /// Joins the trainee through `trainee_col` when needed, then the WHERE clause.
    fn join_and_filter(&self, sql: &mut Sql, trainee_col: &str) {
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
    fn scope(&self, sql: &mut Sql) {
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

    fn group(&self, sql: &mut Sql) {
        sql.push(&format!(" GROUP BY {}", self.key()));
    }
}

async fn rows(db: &Db, sql: &Sql) -> Result<Vec<QueryResult>, AppError> {
    let statement = sql.statement();
    db.query_all_raw(statement)
        .await
        .map_err(|e| AppError::internal("dashboard figures query", e))
}

fn int(row: &QueryResult, i: usize) -> Result<u64, AppError> {
    let v: Option<i64> = row
        .try_get_by_index(i)
        .map_err(|e| AppError::internal("dashboard figures column", e))?;
    Ok(v.unwrap_or(0).max(0) as u64)
}

fn key(row: &QueryResult) -> Result<i32, AppError> {
    Ok(row.try_get_by_index::<i32>(0)?)
}

/// Counts per class (or per county), for sessions that had started by `now`.
pub async fn counts(
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
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        let c = out.entry(key(&r)?).or_default();
        c.enrolled = int(&r, 1)?;
        c.hours_enrolled = int(&r, 2)?;
        c.expected = int(&r, 3)?;
    }

    if sel.group == GroupBy::Class {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT c.id, COUNT(*) FROM session s JOIN class c ON c.id = s.class_id");
        // No trainee in a session count: a county evaluator sees the same sessions held.
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
    }

    // Valid check-ins, flagged ones, and those that count towards attendance.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*), CAST(SUM(CASE WHEN i.flags <> '' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN s.starts_at <= "
    ))
    .bind("? AND ", now)
    .push(&format!(
        "{SQL_CHECKED_OUT_IF_REQUIRED} THEN 1 ELSE 0 END) AS BIGINT) \
         FROM checkin i JOIN session s ON s.id = i.session_id JOIN class c ON c.id = s.class_id"
    ));
    sel.join_and_filter(&mut sql, "i.trainee_id");
    sql.push(&format!(" AND {SQL_VALID_IN}"));
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
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().eligible = int(&r, 1)?;
    }

    // Trainees whose approved and platform-verified hours reach the project's requirement.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {k}, COUNT(*) FROM (SELECT class_id, trainee_id, SUM(half_hours) AS hh \
         FROM online_hours WHERE state IN ('approved', 'verified') \
         AND class_id IN (SELECT c.id FROM class c WHERE "
    ));
    sel.scope(&mut sql);
    sql.push(
        ") GROUP BY class_id, trainee_id) h \
         JOIN class c ON c.id = h.class_id JOIN project p ON p.id = c.project_id",
    );
    sel.join_and_filter(&mut sql, "h.trainee_id");
    sql.push(" AND p.online_hours > 0 AND h.hh >= p.online_hours * 2");
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
    sel.group(&mut sql);
    for r in rows(db, &sql).await? {
        out.entry(key(&r)?).or_default().responses = int(&r, 1)?;
    }

    if sel.group == GroupBy::Class {
        add_overall(db, sel, &mut out).await?;
        for c in out.values_mut() {
            c.classes = 1;
        }
    }
    Ok(out)
}

/// Each class's overall item, pooled only where the class has enough responses to publish.
/// The threshold counts the whole class's responses even for a county evaluator: the
/// answers themselves carry no county.
async fn add_overall(
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
    counted(&mut sql);
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
    counted(&mut sql);
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

/// Only the responses the survey has published (survey::publish, one definition).
fn counted(sql: &mut Sql) {
    let [published, closed] = crate::survey::publish::COUNTED_SQL;
    sql.bind(published, true).bind(closed, crate::db::now());
}

/// Valid check-ins to sessions held on `today` (CST), for the overview's "today" figure.
pub async fn checkins_on(db: &Db, sel: Selection, today: NaiveDate) -> Result<u64, AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT 0, COUNT(*) FROM checkin i JOIN session s ON s.id = i.session_id \
         JOIN class c ON c.id = s.class_id",
    );
    sel.join_and_filter(&mut sql, "i.trainee_id");
    sql.bind(" AND s.date = ?", today)
        .push(" AND i.kind = 'in' AND i.state = 'valid'");
    match rows(db, &sql).await?.first() {
        Some(r) => int(r, 1),
        None => Ok(0),
    }
}
