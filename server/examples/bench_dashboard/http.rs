//! The evaluator's pages over HTTP on the generated province-year (issue 15): the real binary
//! (`target/release/peixun`) on the database `main` generated, one province evaluator and 20
//! county evaluators of 20 counties reading whole pages (server fn and SSR HTML) while 200
//! trainees check in, against the same check-ins alone; one more connection reads
//! `GET /health` throughout, for the ratio. The trainees tap twice over: as fast as answered,
//! then paced at 100 taps/s in all.
//!
//! oha cannot present a different session cookie per connection (BENCHMARKS.md, check-in),
//! so this is a small driver: one task per connection. Each run adds its sessions and logins
//! to the database, and taps classes no run tapped before (`seed`), so `again` reads a class
//! report of the same size as the first run did.
use app::auth::service::hash_token;
use app::checkin::service::issue_ticket;
use app::db::{begin_write, now, Db};
use app::entities::{app_user, auth_session, class, county, enrolment, session, trainee};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sea_orm::{QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ADDR: &str = "127.0.0.1:3500";
const BIN: &str = "target/release/peixun";
const SECRET: [u8; 32] = [7; 32];
const COUNTY_EVALUATORS: usize = 20;
/// Four classes of 50 of the largest project.
const TAP_CLASSES: usize = 4;
/// Sessions per class and phase: each of the 200 trainees taps each once (a first tap).
const SESSIONS: usize = 40;
/// Phases: as fast as answered, alone then beside the readers; paced, alone then beside
/// readers as fast as answered, then beside paced readers.
const PHASES: usize = 5;
/// The paced phases: each trainee taps every `PACE` (200 trainees: 100 taps/s, some 15 times
/// a morning on which every class of the province opens its doors in the same five minutes)
/// for its first `PACED_SESSIONS` sessions.
const PACE: Duration = Duration::from_secs(2);
const PACED_SESSIONS: usize = 20;
/// Paced readers: each evaluator opens a page every second, ten to thirty times what a person
/// reading the figures does (BENCHMARKS.md, issue 15), so the figure is the page's latency
/// under load rather than how long 21 connections queue for 2 cores.
const READ_PACE: Duration = Duration::from_secs(1);

struct Setup {
    /// (cookie, device) of each trainee, and the sessions of their class per phase.
    trainees: Vec<(String, String, [Vec<i32>; PHASES])>,
    province: String,
    counties: Vec<String>,
    report_class: i32,
}

/// The title of the sessions a run adds.
const BENCH_SESSION: &str = "压测场次";

/// Evaluator accounts and logins, and today's sessions for 200 trainees, written straight to
/// the database (argon2 logins are not what is measured). Each run taps classes no earlier run
/// tapped, so the class report it reads is the same size in every run: a generated class and
/// this run's 200 sessions.
async fn seed(db: &Db, big_project: i32) -> Setup {
    let classes: Vec<i32> = class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .filter(class::Column::ProjectId.eq(big_project))
        .filter(
            class::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(session::Column::ClassId)
                    .from(session::Entity)
                    .and_where(session::Column::Title.like(format!("{BENCH_SESSION}%")))
                    .to_owned(),
            ),
        )
        .order_by_asc(class::Column::Id)
        .limit(TAP_CLASSES as u64)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    let counties: Vec<i32> = county::Entity::find()
        .select_only()
        .column(county::Column::Id)
        .order_by_asc(county::Column::Id)
        .limit(COUNTY_EVALUATORS as u64)
        .into_tuple()
        .all(db)
        .await
        .unwrap();
    let txn = begin_write(db).await.unwrap();
    let login = |user_id: i32| {
        let token = hex::encode(rand::random::<[u8; 32]>());
        let row = auth_session::ActiveModel {
            token_hash: Set(hash_token(&token)),
            user_id: Set(user_id),
            created_at: Set(now()),
            expires_at: Set(now() + chrono::Duration::hours(3)),
            ..Default::default()
        };
        (format!("peixun_session={token}"), row)
    };
    let mut evaluators = Vec::new();
    for (i, county) in std::iter::once(None)
        .chain(counties.iter().map(|&c| Some(c)))
        .enumerate()
    {
        let user = app_user::ActiveModel {
            role: Set("evaluator".into()),
            login: Set(format!("bench-evaluator-{i}-{}", rand::random::<u32>())),
            display_name: Set(format!("评估专家{i}")),
            password_hash: Set("not-used".into()),
            county_id: Set(county),
            active: Set(true),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        let (cookie, row) = login(user.id);
        row.insert(&txn).await.unwrap();
        evaluators.push(cookie);
    }
    let mut trainees = Vec::new();
    for &class_id in &classes {
        let mut phases: [Vec<i32>; PHASES] = Default::default();
        for (phase, ids) in phases.iter_mut().enumerate() {
            for i in 0..SESSIONS {
                let s = session::ActiveModel {
                    class_id: Set(class_id),
                    title: Set(format!("{BENCH_SESSION} {phase}-{i}")),
                    date: Set(app::time::cst_today()),
                    starts_at: Set(now() - chrono::Duration::minutes(5)),
                    ends_at: Set(now() + chrono::Duration::hours(3)),
                    checkin_opens_min: Set(30),
                    late_after_min: Set(10),
                    checkout_required: Set(false),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .unwrap();
                ids.push(s.id);
            }
        }
        app::training::counts::session_added(&txn, class_id)
            .await
            .unwrap();
        let enrolled: Vec<i32> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::TraineeId)
            .filter(enrolment::Column::ClassId.eq(class_id))
            .into_tuple()
            .all(&txn)
            .await
            .unwrap();
        let users: HashMap<i32, i32> = trainee::Entity::find()
            .filter(trainee::Column::Id.is_in(enrolled))
            .all(&txn)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.user_id))
            .collect();
        for (trainee_id, user_id) in users {
            let (cookie, row) = login(user_id);
            row.insert(&txn).await.unwrap();
            let device = format!("bench-phone-{trainee_id}");
            let cookie = format!("{cookie}; peixun_device={device}");
            trainees.push((cookie, device, phases.clone()));
        }
    }
    txn.commit().await.unwrap();
    let province = evaluators.remove(0);
    Setup {
        trainees,
        province,
        counties: evaluators,
        report_class: classes[0],
    }
}

/// Latencies in ms, sorted, and how long the requests took.
struct Run {
    latencies_ms: Vec<f64>,
    errors: usize,
    elapsed: Duration,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        let n = self.latencies_ms.len();
        self.latencies_ms[((n as f64 * p) as usize).min(n - 1)]
    }

    fn rate(&self) -> f64 {
        self.latencies_ms.len() as f64 / self.elapsed.as_secs_f64()
    }
}

/// Every trainee taps each of their class's sessions of `phase`, one connection each: as
/// fast as answered, or paced, from a random moment of the first `PACE`.
async fn taps(client: &reqwest::Client, setup: &Setup, phase: usize) -> Run {
    let issued = now().timestamp();
    let started = Instant::now();
    let paced = phase >= 2;
    let mut workers = tokio::task::JoinSet::new();
    for (cookie, device, sessions) in &setup.trainees {
        let (client, cookie, device) = (client.clone(), cookie.clone(), device.clone());
        let mut sessions = sessions[phase].clone();
        if paced {
            sessions.truncate(PACED_SESSIONS);
        }
        workers.spawn(async move {
            let (mut ms, mut errors) = (vec![], 0);
            let first = PACE.mul_f64(rand::random::<f64>());
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + first, PACE);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            for s in sessions {
                if paced {
                    ticks.tick().await;
                }
                let ticket = issue_ticket(&SECRET, s, &device, issued);
                let t = Instant::now();
                let ok = match client
                    .post(format!("http://{ADDR}/api/checkin/tap"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", &cookie)
                    .body(format!("session={s}&kind=in&ticket={ticket}"))
                    .send()
                    .await
                {
                    // A first tap must be answered as a new check-in, not a repeat.
                    Ok(r) if r.status().is_success() => r
                        .text()
                        .await
                        .is_ok_and(|t| t.contains(r#""already":false"#)),
                    _ => false,
                };
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                errors += usize::from(!ok);
            }
            (ms, errors)
        });
    }
    collect(workers, started).await
}

async fn collect(mut workers: tokio::task::JoinSet<(Vec<f64>, usize)>, started: Instant) -> Run {
    let mut run = Run {
        latencies_ms: vec![],
        errors: 0,
        elapsed: Duration::ZERO,
    };
    while let Some(done) = workers.join_next().await {
        let (ms, errors) = done.unwrap();
        run.latencies_ms.extend(ms);
        run.errors += errors;
    }
    run.elapsed = started.elapsed();
    run.latencies_ms.sort_by(|a, b| a.total_cmp(b));
    run
}

/// One connection reading `paths` in turn until `stop`, as fast as answered or one every
/// `pace` from a random moment of the first; each answer must be a whole page.
fn reader(
    client: &reqwest::Client,
    cookie: Option<String>,
    paths: Vec<(usize, String)>,
    (stop, pace): (Arc<AtomicBool>, Option<Duration>),
    workers: &mut tokio::task::JoinSet<Vec<(usize, f64, bool)>>,
) {
    let client = client.clone();
    workers.spawn(async move {
        let mut out = vec![];
        let mut ticks = pace.map(|pace| {
            let first = pace.mul_f64(rand::random::<f64>());
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + first, pace);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks
        });
        for (kind, path) in paths.iter().cycle() {
            if let Some(ticks) = &mut ticks {
                ticks.tick().await;
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let mut request = client.get(format!("http://{ADDR}{path}"));
            if let Some(cookie) = &cookie {
                request = request.header("cookie", cookie);
            }
            let t = Instant::now();
            let ok = match request.send().await {
                Ok(r) if r.status().is_success() => r
                    .text()
                    .await
                    .is_ok_and(|t| *kind == 4 || t.contains("</html>")),
                _ => false,
            };
            out.push((*kind, t.elapsed().as_secs_f64() * 1000.0, ok));
            // /health is a probe of the server's own latency, not more load.
            if *kind == 4 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        out
    });
}

const KINDS: [&str; 5] = [
    "province overview (`/`, province evaluator)",
    "county overview (`/`, 20 county evaluators)",
    "12,000-trainee project page (`/projects/{id}`)",
    "one class report (`/classes/{id}/report`)",
    "`GET /health`",
];

/// The HTTP part again on the database the last full run left (`bench_dashboard sqlite again`),
/// its largest project being the one with the most classes.
pub async fn again(which: &str) {
    let url = match which {
        "postgres" => format!(
            "{}/peixun_bench",
            std::env::var("PEIXUN_TEST_PG")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        ),
        _ => "sqlite://target/bench-dashboard/peixun.db".into(),
    };
    let db = app::db::connect(&url).await.unwrap();
    let big: Vec<(i32, i64)> = class::Entity::find()
        .select_only()
        .column(class::Column::ProjectId)
        .column_as(class::Column::Id.count(), "n")
        .group_by(class::Column::ProjectId)
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    let (big_project, _) = big.into_iter().max_by_key(|(_, n)| *n).unwrap();
    run(&db, &url, which, big_project).await;
}

pub async fn run(db: &Db, url: &str, which: &str, big_project: i32) {
    let setup = seed(db, big_project).await;
    let dir = std::path::PathBuf::from(format!("target/bench-http-{which}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.key"), hex::encode(SECRET)).unwrap();
    let mut server = std::process::Command::new(BIN)
        .env("PEIXUN_DATA_DIR", &dir)
        .env("PEIXUN_ADDR", ADDR)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .env_remove("PEIXUN_SECRET")
        .spawn()
        .expect("target/release/peixun: run `cargo leptos build --release` first");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1_000)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    for _ in 0..600 {
        let up = client.get(format!("http://{ADDR}/health")).send().await;
        if up.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let project = format!("/projects/{big_project}");
    let report = format!("/classes/{}/report", setup.report_class);
    let pages = (project.as_str(), report.as_str());
    let closed = "as fast as the server answers (a closed loop)";
    let paced = "paced at 100 taps/s in all (each trainee every 2 s)";
    let alone = taps(&client, &setup, 0).await;
    let busy = beside_readers(&client, &setup, (1, None), pages).await;
    print(which, closed, &alone, &busy);
    let alone = taps(&client, &setup, 2).await;
    let busy = beside_readers(&client, &setup, (3, None), pages).await;
    print(which, paced, &alone, &busy);
    let busy = beside_readers(&client, &setup, (4, Some(READ_PACE)), pages).await;
    print(which, paced, &alone, &busy);
    let _ = server.kill();
    let _ = server.wait();
}

/// What the readers saw while the trainees tapped the sessions of `phase`.
struct Busy {
    pages: Vec<Vec<f64>>,
    page_errors: usize,
    taps: Run,
    readers: String,
}

/// One province evaluator and 20 county evaluators, each reading their overview, the large
/// project and a class report in turn (as fast as answered, or one page every `pace`), and one
/// connection probing `/health`, while the trainees tap the sessions of `phase`.
async fn beside_readers(
    client: &reqwest::Client,
    setup: &Setup,
    (phase, pace): (usize, Option<Duration>),
    (project, report): (&str, &str),
) -> Busy {
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = tokio::task::JoinSet::new();
    let paths = |overview: usize| {
        vec![
            (overview, "/".to_owned()),
            (2, project.to_owned()),
            (3, report.to_owned()),
        ]
    };
    let province = Some(setup.province.clone());
    reader(
        client,
        province,
        paths(0),
        (stop.clone(), pace),
        &mut readers,
    );
    for cookie in &setup.counties {
        let cookie = Some(cookie.clone());
        reader(client, cookie, paths(1), (stop.clone(), pace), &mut readers);
    }
    let health = vec![(4, "/health".into())];
    reader(client, None, health, (stop.clone(), None), &mut readers);
    let taps = taps(client, setup, phase).await;
    stop.store(true, Ordering::Relaxed);
    let mut pages: Vec<Vec<f64>> = vec![vec![]; KINDS.len()];
    let mut page_errors = 0;
    while let Some(done) = readers.join_next().await {
        for (kind, ms, ok) in done.unwrap() {
            pages[kind].push(ms);
            page_errors += usize::from(!ok);
        }
    }
    for list in &mut pages {
        list.sort_by(|a, b| a.total_cmp(b));
    }
    Busy {
        pages,
        page_errors,
        taps,
        readers: pace.map_or(
            "21 evaluator connections reading as fast as answered".into(),
            |p| {
                format!(
                    "21 evaluators each opening a page every {} s",
                    p.as_secs_f64()
                )
            },
        ),
    }
}

fn print(which: &str, title: &str, alone: &Run, busy: &Busy) {
    let p95 = |list: &[f64]| list[((list.len() as f64 * 0.95) as usize).min(list.len() - 1)];
    let health_p95 = p95(&busy.pages[4]);
    println!();
    println!(
        "{which}, over HTTP, 200 trainees tapping {title}; {}; 1 probing /health every 20 ms:",
        busy.readers
    );
    println!();
    println!("| {which} | requests | p50 ms | p95 ms | max ms | p95 ÷ /health p95 |");
    println!("|---|---|---|---|---|---|");
    for (kind, list) in busy.pages.iter().enumerate() {
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            KINDS[kind],
            list.len(),
            list[list.len() / 2],
            p95(list),
            list[list.len() - 1],
            p95(list) / health_p95
        );
    }
    println!();
    let line = |run: &Run| {
        format!(
            "{} in {:.2} s, {:.0}/s, p50 {:.1} ms, p95 {:.1} ms, {} errors",
            run.latencies_ms.len(),
            run.elapsed.as_secs_f64(),
            run.rate(),
            run.percentile(0.5),
            run.percentile(0.95),
            run.errors
        )
    };
    println!("check-ins alone: {}", line(alone));
    println!(
        "check-ins while evaluators read: {} ({:.0} % of the rate alone); page errors {}",
        line(&busy.taps),
        100.0 * busy.taps.rate() / alone.rate(),
        busy.page_errors
    );
}
