//! Generates one province-year (the real 2022 Jiangxi programme, 60,000 trainees, ~1.2 M
//! check-ins, 3 M online-hours records, ~58,000 survey responses) on SQLite and on
//! PostgreSQL, recounts it (`peixun recount`), then times the evaluator's overview and a
//! 12,000-trainee project page through the same service functions the server fns call, and
//! then the whole pages over HTTP from the real binary while trainees check in (`http.rs`).
//! Run after `cargo leptos build --release`:
//!
//!     cargo run --release -p peixun --example bench_dashboard [sqlite|postgres]
mod http;

use app::admin::seed::import_2022;
use app::auth::{Me, Role};
use app::dashboard::metrics::{Classes, GroupBy, Selection};
use app::dashboard::recompute::recompute;
use app::dashboard::service::{narrow, programme_figures, programme_projects};
use app::dashboard::ProjectFilter;
use app::db::{connect, connect_reader, Db};
use app::entities::*;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter, QueryOrder,
};
use std::time::Instant;

const TRAINEES: usize = 60_000;
const BIG_PROJECT: usize = 12_000;
const CLASS_SIZE: usize = 50;
const DAYS: i64 = 7;
const RUNS: usize = 100;
const CHUNK: usize = 1_000;

/// xorshift64*: deterministic, so both backends hold the same province-year.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

async fn insert<A, I>(db: &Db, rows: I)
where
    A: sea_orm::ActiveModelTrait + Send,
    I: IntoIterator<Item = A>,
{
    let mut batch = Vec::with_capacity(CHUNK);
    for row in rows {
        batch.push(row);
        if batch.len() == CHUNK {
            A::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(db)
                .await
                .unwrap();
        }
    }
    if !batch.is_empty() {
        A::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
}

struct Generated {
    big_project: i32,
    rows: u64,
}

async fn generate(db: &Db) -> Generated {
    import_2022(db).await.unwrap();
    app::survey::templates::ensure_default_template(db)
        .await
        .unwrap();
    let projects = project::Entity::find()
        .order_by_asc(project::Column::Seq)
        .all(db)
        .await
        .unwrap();
    let counties = county::Entity::find().all(db).await.unwrap();
    let template = survey_template::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let questions: Vec<question::Model> = question::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|q| q.template_id == template.id && q.kind == "likert")
        .collect();
    // The largest project gets 12,000 trainees; the rest share 48,000 by headcount.
    let big = projects.iter().max_by_key(|p| p.headcount).unwrap().id;
    let others: i64 = projects
        .iter()
        .filter(|p| p.id != big)
        .map(|p| i64::from(p.headcount))
        .sum();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let created = Utc::now();
    let (mut user_id, mut class_id, mut session_id, mut rows) =
        (1_000_000, 1_000_000, 1_000_000, 0u64);
    let mut trainee_no = 0usize;
    let (mut users, mut trainees, mut enrolments, mut classes, mut sessions) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut checkins, mut hours, mut surveys, mut participations, mut responses, mut answers) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for (i, p) in projects.iter().enumerate() {
        let n = if p.id == big {
            BIG_PROJECT
        } else {
            ((TRAINEES - BIG_PROJECT) as i64 * i64::from(p.headcount) / others.max(1)) as usize
        };
        // Each project its own character, so the overview has red, amber and clean rows.
        let attend = 0.84 + (i % 7) as f64 * 0.02;
        let flag = 0.005 + (i % 5) as f64 * 0.006;
        let answer = 0.88 + (i % 4) as f64 * 0.04;
        let start =
            NaiveDate::from_ymd_opt(2022, 7, 4).unwrap() + Duration::days((i % 20) as i64 * 7);
        for members in (0..n).collect::<Vec<_>>().chunks(CLASS_SIZE) {
            class_id += 1;
            classes.push(class::ActiveModel {
                id: Set(class_id),
                project_id: Set(p.id),
                name: Set(format!("{}班", class_id - 1_000_000)),
                start_date: Set(start),
                end_date: Set(start + Duration::days(DAYS - 1)),
                venue: Set(None),
                head_teacher: Set(None),
                capacity: Set(Some(CLASS_SIZE as i32)),
            });
            let first_session = session_id + 1;
            for d in 0..DAYS * 2 {
                session_id += 1;
                let date = start + Duration::days(d / 2);
                let at = Utc.from_utc_datetime(
                    &date
                        .and_hms_opt(if d % 2 == 0 { 0 } else { 6 }, 30, 0)
                        .unwrap(),
                );
                sessions.push(session::ActiveModel {
                    id: Set(session_id),
                    class_id: Set(class_id),
                    title: Set(format!(
                        "第{}天{}",
                        d / 2 + 1,
                        if d % 2 == 0 { "上午" } else { "下午" }
                    )),
                    date: Set(date),
                    starts_at: Set(at),
                    ends_at: Set(at + Duration::hours(3)),
                    venue: Set(None),
                    geofence_lat: Set(None),
                    geofence_lon: Set(None),
                    geofence_radius_m: Set(None),
                    checkin_opens_min: Set(30),
                    late_after_min: Set(15),
                    checkout_required: Set(d % 2 == 1),
                });
            }
            let survey_id = class_id;
            surveys.push(survey::ActiveModel {
                id: Set(survey_id),
                class_id: Set(class_id),
                template_id: Set(template.id),
                opens_at: Set(created),
                closes_at: Set(created),
                created_by: Set(None),
                created_at: Set(created),
                published_at: Set(Some(created)),
            });
            for _ in members {
                trainee_no += 1;
                user_id += 1;
                let county = &counties[trainee_no % counties.len()];
                users.push(app_user::ActiveModel {
                    id: Set(user_id),
                    role: Set("trainee".into()),
                    login: Set(format!("t{trainee_no}")),
                    display_name: Set(format!("学员{trainee_no}")),
                    password_hash: Set(String::new()),
                    contractor_id: Set(None),
                    county_id: Set(None),
                    active: Set(true),
                    created_at: Set(created),
                    activation_hash: Set(None),
                    reset_at: Set(None),
                    reset_by: Set(None),
                });
                trainees.push(trainee::ActiveModel {
                    id: Set(user_id),
                    user_id: Set(user_id),
                    name: Set(format!("学员{trainee_no}")),
                    phone: Set(format!("139{trainee_no:08}")),
                    school: Set(None),
                    county_id: Set(Some(county.id)),
                    county_name: Set(Some(county.name.clone())),
                    subject: Set(None),
                    stage: Set(None),
                    issuer_contractor_id: Set(None),
                });
                enrolments.push(enrolment::ActiveModel {
                    class_id: Set(class_id),
                    trainee_id: Set(user_id),
                    created_at: Set(created),
                    ..Default::default()
                });
                let mut attended = false;
                for s in first_session..=session_id {
                    if !rng.chance(attend) {
                        continue;
                    }
                    attended = true;
                    let flags = if rng.chance(flag) { "late" } else { "" };
                    for kind in ["in", "out"] {
                        if kind == "out" && ((s - first_session) % 2 == 0 || !rng.chance(0.97)) {
                            continue;
                        }
                        checkins.push(checkin::ActiveModel {
                            session_id: Set(s),
                            trainee_id: Set(user_id),
                            kind: Set(kind.try_into().unwrap()),
                            at: Set(created),
                            method: Set("qr".try_into().unwrap()),
                            device_id: Set(None),
                            geofence_ok: Set(None),
                            geo_accuracy_m: Set(None),
                            flags: Set(flags.into()),
                            state: Set("valid".try_into().unwrap()),
                            correction_reason: Set(None),
                            corrected_by: Set(None),
                            ..Default::default()
                        });
                    }
                }
                for h in 0..50 {
                    let state = match rng.next() % 100 {
                        0..=84 => "approved",
                        85..=89 => "verified",
                        90..=96 => "pending",
                        _ => "rejected",
                    };
                    hours.push(online_hours::ActiveModel {
                        class_id: Set(class_id),
                        trainee_id: Set(user_id),
                        date: Set(start + Duration::days(h % DAYS)),
                        half_hours: Set(2),
                        activity: Set("课程学习".into()),
                        note: Set(None),
                        evidence: Set(None),
                        state: Set(state.try_into().unwrap()),
                        reject_reason: Set(None),
                        reviewed_by: Set(None),
                        created_at: Set(created),
                        import_key: Set(None),
                        ..Default::default()
                    });
                }
                if attended && rng.chance(answer) {
                    participations.push(participation::ActiveModel {
                        survey_id: Set(survey_id),
                        trainee_id: Set(user_id),
                        device_hash: Set(None),
                    });
                    let id = format!("{:016x}{:016x}", rng.next(), rng.next());
                    responses.push(response::ActiveModel {
                        id: Set(id.clone()),
                        survey_id: Set(survey_id),
                        submitted_on: Set(start),
                        published: Set(true),
                    });
                    for q in &questions {
                        let likert = match rng.next() % 100 {
                            0 => 0,
                            1 => 1,
                            2..=4 => 2,
                            5..=14 => 3,
                            15..=44 => 4,
                            _ => 5,
                        };
                        answers.push(answer::ActiveModel {
                            response_id: Set(id.clone()),
                            question_id: Set(q.id),
                            likert: Set(Some(likert)),
                            choice: Set(None),
                            text: Set(None),
                        });
                    }
                }
            }
        }
        // Flush per project so memory stays bounded.
        rows += (users.len()
            + trainees.len()
            + enrolments.len()
            + classes.len()
            + sessions.len()
            + checkins.len()
            + hours.len()
            + surveys.len()
            + participations.len()
            + responses.len()
            + answers.len()) as u64;
        insert(db, std::mem::take(&mut users)).await;
        insert(db, std::mem::take(&mut trainees)).await;
        insert(db, std::mem::take(&mut classes)).await;
        insert(db, std::mem::take(&mut enrolments)).await;
        insert(db, std::mem::take(&mut sessions)).await;
        insert(db, std::mem::take(&mut checkins)).await;
        insert(db, std::mem::take(&mut hours)).await;
        insert(db, std::mem::take(&mut surveys)).await;
        insert(db, std::mem::take(&mut participations)).await;
        insert(db, std::mem::take(&mut responses)).await;
        insert(db, std::mem::take(&mut answers)).await;
    }
    Generated {
        big_project: big,
        rows,
    }
}

async fn time<F, Fut>(label: &str, runs: usize, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f().await; // warm the page cache and statement cache once
    let mut ms: Vec<f64> = (0..runs).map(|_| 0.0).collect();
    for slot in ms.iter_mut() {
        let t = Instant::now();
        f().await;
        *slot = t.elapsed().as_secs_f64() * 1e3;
    }
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    println!(
        "| {label} | {runs} | {:.1} | {:.1} | {:.1} |",
        pct(0.5),
        pct(0.95),
        ms[ms.len() - 1]
    );
}

async fn counts(db: &Db) -> String {
    let mut out = vec![];
    for table in [
        "trainee",
        "class",
        "session",
        "checkin",
        "online_hours",
        "response",
        "answer",
    ] {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        out.push(format!(
            "{table} {}",
            row.try_get_by_index::<i64>(0).unwrap()
        ));
    }
    out.join(", ")
}

#[tokio::main]
async fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "sqlite".into());
    // `bench_dashboard sqlite again`: only the HTTP part, on the database the last run left.
    if std::env::args().nth(2).as_deref() == Some("again") {
        return http::again(&which).await;
    }
    let (url, db) = if which == "postgres" {
        let server = std::env::var("PEIXUN_TEST_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .unwrap();
        admin
            .execute_unprepared("DROP DATABASE IF EXISTS peixun_bench WITH (FORCE)")
            .await
            .unwrap();
        admin
            .execute_unprepared("CREATE DATABASE peixun_bench")
            .await
            .unwrap();
        let url = format!("{server}/peixun_bench");
        (url.clone(), connect(&url).await.unwrap())
    } else {
        let dir = std::path::PathBuf::from("target/bench-dashboard");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/peixun.db?mode=rwc", dir.display());
        (url.clone(), connect(&url).await.unwrap())
    };
    Migrator::up(&db, None).await.unwrap();
    let t = Instant::now();
    let g = generate(&db).await;
    // The generator writes straight to the tables; `peixun recount` counts them (issue 15).
    let counted = Instant::now();
    let recount = app::training::counts::recount_all(&db).await.unwrap();
    println!(
        "{which}: recounted {} classes in {:.1} s",
        recount.classes,
        counted.elapsed().as_secs_f64()
    );
    if which == "postgres" {
        db.execute_unprepared("ANALYZE").await.unwrap();
    } else {
        db.execute_unprepared("PRAGMA optimize; ANALYZE")
            .await
            .unwrap();
    }
    println!(
        "{which}: generated {} rows in {:.0} s: {}",
        g.rows,
        t.elapsed().as_secs_f64(),
        counts(&db).await
    );
    let read = connect_reader(&url, &db).await.unwrap();
    let province = Me {
        user_id: 1,
        role: Role::Evaluator,
        display_name: "省评估".into(),
        contractor_id: None,
        county_id: None,
    };
    let county_id = county::Entity::find().one(&read).await.unwrap().unwrap().id;
    let county = Me {
        county_id: Some(county_id),
        ..province.clone()
    };
    println!("| {which} | runs | p50 ms | p95 ms | max ms |");
    println!("|---|---|---|---|---|");
    let filter = ProjectFilter::default();
    // What the overview cost before the counts were kept (issue 15), for comparison.
    let programme = programme::Entity::find().one(&read).await.unwrap().unwrap();
    let everything = Selection {
        classes: Classes::Programme(programme.id),
        county: None,
        group: GroupBy::Class,
    };
    time(
        "recomputed from the raw rows (before issue 15)",
        3,
        || async {
            recompute(&read, everything, app::db::now()).await.unwrap();
        },
    )
    .await;
    time(
        "overview from the kept counts, province evaluator",
        RUNS,
        || async {
            let list = programme_projects(&read, &province, &filter).await.unwrap();
            assert!(list.total.enrolled > 0);
        },
    )
    .await;
    time(
        "overview from the kept counts, county evaluator",
        RUNS,
        || async {
            programme_projects(&read, &county, &filter).await.unwrap();
        },
    )
    .await;
    // What the server fn does: the figures, then the page's filter and sort, and the JSON
    // the page is hydrated with.
    let sorted = ProjectFilter {
        sort: "attendance".into(),
        ..Default::default()
    };
    time("overview as served, sorted, as JSON", RUNS, || async {
        let all = programme_figures(&read, &province).await.unwrap();
        let list = narrow(all, &sorted);
        assert!(serde_json::to_vec(&list).unwrap().len() > 10_000);
    })
    .await;
    time(
        "12,000-trainee project page (240 classes), one grouped query",
        RUNS,
        || async {
            let p = app::dashboard::project::project_classes(&read, &province, g.big_project)
                .await
                .unwrap();
            assert!(p.classes.len() >= BIG_PROJECT / CLASS_SIZE);
            assert!(p.classes.iter().all(|c| c.counts.enrolled > 0));
        },
    )
    .await;
    time(
        "one class's report (evidence pack) in that project",
        RUNS,
        || async {
            let class = class::Entity::find()
                .filter(class::Column::ProjectId.eq(g.big_project))
                .one(&read)
                .await
                .unwrap()
                .unwrap();
            app::dashboard::report::class_report(&read, &province, class.id)
                .await
                .unwrap();
        },
    )
    .await;
    http::run(&db, &url, &which, g.big_project).await;
}
