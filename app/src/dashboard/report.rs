//! Gathers a class's evidence pack from the same services as the pages it summarises, so the
//! pack and the pages cannot disagree.
use super::metrics::{self, Classes, GroupBy, Selection};
use super::report_types::*;
use crate::auth::{Me, Role};
use crate::db::{now, Db, Sql};
use crate::entities::{contractor, county, enrolment, online_hours, session, trainee};
use crate::error::AppError;
use crate::states::HoursState;
use crate::time::span;
use crate::training::access::readable_class;
use crate::training::attendance::{sql_counted, SQL_VALID_IN};
use sea_orm::{prelude::*, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

pub async fn class_report(db: &Db, me: &Me, class_id: i32) -> Result<ClassReport, AppError> {
    let r = readable_class(db, me, class_id).await?;
    let (c, p) = (r.class, r.project);
    let county_id = me.county_id.filter(|_| me.role == Role::Evaluator);
    let at = now();
    let sel = Selection {
        classes: Classes::Class(c.id),
        county: county_id,
        group: GroupBy::Class,
    };
    let counts = metrics::counts(db, sel, at)
        .await?
        .remove(&c.id)
        .unwrap_or_default();
    let threshold = super::service::threshold_of(db, &p).await?;
    let trainees = roster_ids(db, c.id, county_id).await?;
    let contractor = match p.contractor_id {
        Some(id) => contractor::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|x| x.name),
        None => None,
    };
    let county = match county_id {
        Some(id) => county::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|x| x.name),
        None => None,
    };
    Ok(ClassReport {
        class_id: c.id,
        dates: format!("{} 至 {}", c.start_date, c.end_date),
        sessions: sessions(db, c.id, county_id, trainees.len() as u64, at).await?,
        hours: hours(db, c.id, p.online_hours, &trainees).await?,
        witness: witness(db, c.id, county_id).await?,
        survey: crate::survey::results::class_results(db, me, c.id).await?,
        visits: super::visits::class_visits(db, me, c.id, crate::time::cst_today()).await?,
        class_name: c.name,
        venue: c.venue,
        head_teacher: c.head_teacher,
        project_id: p.id,
        project: p.name,
        contractor,
        county,
        threshold,
        warnings: counts.flags(threshold),
        counts,
        generated_at: crate::time::cst(at),
    })
}

/// The class's trainees the reader counts: all, or those of the county evaluator's county.
pub async fn roster_ids(
    db: &Db,
    class_id: i32,
    county: Option<i32>,
) -> Result<HashSet<i32>, AppError> {
    // Confirmed only: a contractor's own row awaiting its county counts nowhere (issue 34).
    let mut q = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::TraineeId)
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::Confirmed.eq(true));
    if let Some(county) = county {
        q = q.filter(
            enrolment::Column::TraineeId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(trainee::Column::Id)
                    .from(trainee::Entity)
                    .and_where(trainee::Column::CountyId.eq(county))
                    .to_owned(),
            ),
        );
    }
    Ok(q.into_tuple::<i32>().all(db).await?.into_iter().collect())
}

/// Each session's attendance for the reader's county (or the whole class), from the rows the
/// writes keep (`training::counts`, counted with `attendance`'s fragments and held equal to a
/// recount by `app/tests/counts.rs`): a class of 400 sessions has ~25,000 check-ins, which
/// this page used to read whole (BENCHMARKS.md). Every check-in is an enrolled trainee's (a
/// tap and a sheet correction both refuse anyone else, and no enrolment is ever removed), so
/// these are the roster's `enrolled`.
pub async fn sessions(
    db: &Db,
    class_id: i32,
    county: Option<i32>,
    enrolled: u64,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<ReportSession>, AppError> {
    let list = session::Entity::find()
        .filter(session::Column::ClassId.eq(class_id))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "SELECT session_id, CAST(SUM(attended) AS BIGINT), CAST(SUM(flagged) AS BIGINT) \
         FROM session_count WHERE class_id = ?",
        class_id,
    );
    if let Some(county) = county {
        sql.bind(" AND county_id = ?", county);
    }
    sql.push(" GROUP BY session_id");
    let mut tally: HashMap<i32, (u64, u64)> = HashMap::new();
    for r in metrics::rows(db, &sql).await? {
        tally.insert(
            metrics::key(&r)?,
            (metrics::int(&r, 1)?, metrics::int(&r, 2)?),
        );
    }
    Ok(list
        .into_iter()
        .map(|s| {
            let (present, flagged) = tally.get(&s.id).copied().unwrap_or_default();
            ReportSession {
                id: s.id,
                when: span(s.date, s.starts_at, s.ends_at),
                held: s.starts_at <= at,
                title: s.title,
                present,
                flagged,
                enrolled,
            }
        })
        .collect())
}

/// Bands of the requirement: none yet, under a quarter, …, reached. Without a requirement,
/// bands of hours instead would mislead, so the bands are left empty.
async fn hours(
    db: &Db,
    class_id: i32,
    required: Option<i32>,
    trainees: &HashSet<i32>,
) -> Result<HoursBands, AppError> {
    let rows: Vec<(i32, HoursState, i32)> = online_hours::Entity::find()
        .select_only()
        .column(online_hours::Column::TraineeId)
        .column(online_hours::Column::State)
        .column(online_hours::Column::HalfHours)
        .filter(online_hours::Column::ClassId.eq(class_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut done: HashMap<i32, i64> = trainees.iter().map(|t| (*t, 0)).collect();
    let mut pending_halves = 0;
    let sources = [
        HoursState::Approved,
        HoursState::Reported,
        HoursState::Verified,
    ];
    let mut by_source = [0i64; 3];
    for (trainee, state, halves) in rows.into_iter().filter(|r| trainees.contains(&r.0)) {
        if let Some(i) = sources.iter().position(|s| *s == state) {
            by_source[i] += i64::from(halves);
        }
        if state.credited() {
            *done.entry(trainee).or_default() += i64::from(halves);
        } else if state == HoursState::Pending {
            pending_halves += i64::from(halves);
        }
    }
    let bands = match required.filter(|r| *r > 0) {
        None => vec![],
        Some(r) => {
            let labels = [
                "未开始",
                "不足 25%",
                "25%–50%",
                "50%–75%",
                "75%–100%",
                "已达标",
            ];
            let mut counts = [0u64; 6];
            for halves in done.values() {
                let share = *halves as f64 / f64::from(r * 2);
                let band = match share {
                    s if s <= 0.0 => 0,
                    s if s >= 1.0 => 5,
                    s => 1 + (s * 4.0) as usize,
                };
                counts[band] += 1;
            }
            labels.iter().map(|l| (*l).to_owned()).zip(counts).collect()
        }
    };
    Ok(HoursBands {
        required,
        bands,
        pending_halves,
        by_source: sources
            .iter()
            .map(|s| s.label().to_owned())
            .zip(by_source)
            .collect(),
    })
}

/// The class's witness figures for the reader's county (or all).
async fn witness(db: &Db, class_id: i32, county: Option<i32>) -> Result<Witness, AppError> {
    let backend = db.get_database_backend();
    let scoped = |sql: &mut Sql| {
        if let Some(county) = county {
            sql.bind(" AND t.county_id = ?", county);
        }
    };
    let mut unconfirmed = Sql::new(backend);
    unconfirmed.bind(
        "SELECT COUNT(*) FROM enrolment e JOIN trainee t ON t.id = e.trainee_id \
         WHERE e.class_id = ? AND NOT e.confirmed",
        class_id,
    );
    scoped(&mut unconfirmed);
    let mut manual = Sql::new(backend);
    manual
        .bind(
            "SELECT COUNT(*) FROM checkin i JOIN session s ON s.id = i.session_id \
             JOIN trainee t ON t.id = i.trainee_id WHERE s.class_id = ?",
            class_id,
        )
        .push(&format!(
            " AND i.method = 'manual' AND {SQL_VALID_IN} AND {}",
            sql_counted("s.class_id", "i.trainee_id")
        ));
    scoped(&mut manual);
    let count = |sql: Sql| async move {
        let row = db.query_one_raw(sql.statement()).await?;
        Ok::<u64, AppError>(
            row.map(|r| r.try_get_by_index::<i64>(0))
                .transpose()?
                .unwrap_or(0) as u64,
        )
    };
    Ok(Witness {
        unconfirmed: count(unconfirmed).await?,
        manual_present: count(manual).await?,
        disputes: crate::training::dispute::lines(db, class_id, county).await?,
        shared_activations: shared_activations(db, class_id, county).await?,
    })
}

/// Of the class's counted trainees (the reader's county's, or all): those activated from a
/// device that also logged in as staff, or that activated another trainee (issue 34). One
/// read through the audit log's (action, target) index; a second only when there are any.
async fn shared_activations(db: &Db, class_id: i32, county: Option<i32>) -> Result<u64, AppError> {
    use crate::auth::service::{DEVICE_ACTIVATION, DEVICE_STAFF};
    use crate::entities::audit_log;
    let mut sql = Sql::new(db.get_database_backend());
    sql.bind(
        "SELECT a.target, a.detail FROM audit_log a WHERE a.action = ?",
        DEVICE_ACTIVATION,
    )
    .bind(
        " AND a.target IN (SELECT 'user:' || t.user_id FROM enrolment e \
         JOIN trainee t ON t.id = e.trainee_id WHERE e.class_id = ? AND e.confirmed",
        class_id,
    );
    if let Some(county) = county {
        sql.bind(" AND t.county_id = ?", county);
    }
    sql.push(")");
    let mut activations = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let target: String = row.try_get_by_index(0)?;
        let device: String = row.try_get_by_index(1)?;
        activations.push((target, device));
    }
    if activations.is_empty() {
        return Ok(0);
    }
    let devices: HashSet<&String> = activations.iter().map(|(_, d)| d).collect();
    let mut suspect = HashSet::new();
    for chunk in devices.into_iter().collect::<Vec<_>>().chunks(500) {
        let seen = audit_log::Entity::find()
            .filter(audit_log::Column::Detail.is_in(chunk.iter().map(|d| (*d).clone())))
            .filter(audit_log::Column::Action.is_in([DEVICE_ACTIVATION, DEVICE_STAFF]))
            .all(db)
            .await?;
        for (target, device) in &activations {
            let shared = seen
                .iter()
                .any(|b| &b.detail == device && (b.action == DEVICE_STAFF || &b.target != target));
            if shared {
                suspect.insert(target.clone());
            }
        }
    }
    Ok(suspect.len() as u64)
}
