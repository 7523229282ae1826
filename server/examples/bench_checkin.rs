//! Load benchmark of the check-in POST: 1,000 distinct enrolled trainees, each with its own
//! session cookie and device, tap 签到 on ten sessions per level, at 50, 200 and 500
//! concurrent connections. Every request is a first tap, so every one writes a row. The same
//! driver then measures `GET /health` at the same concurrency for the ratio.
//!
//! oha (the Rust load tester) sends one fixed set of headers for every request, so it cannot present
//! 1,000 different session cookies; this driver can. Run after `cargo leptos build --release`:
//!
//!     cargo run --release -p peixun --example bench_checkin
use app::admin::seed::import_2022;
use app::auth::service::hash_token;
use app::checkin::service::issue_ticket;
use app::db::{begin_write, connect, now};
use app::entities::{app_user, auth_session, checkin, class, contractor, enrolment, project};
use app::entities::{session, trainee};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TRAINEES: usize = 1_000;
const SESSIONS_PER_LEVEL: usize = 10;
const LEVELS: [usize; 3] = [50, 200, 500];
const HEALTH_REQUESTS: usize = 20_000;
const SECRET: [u8; 32] = [9; 32];
const ADDR: &str = "127.0.0.1:3400";

struct Trainee {
    token: String,
    device: String,
}

#[tokio::main]
async fn main() {
    let dir = std::path::PathBuf::from("target/bench-checkin");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.key"), hex::encode(SECRET)).unwrap();
    let url = format!("sqlite://{}/peixun.db?mode=rwc", dir.display());
    let (trainees, sessions) = seed(&url).await;
    let mut server = std::process::Command::new("target/release/peixun")
        .env("PEIXUN_DATA_DIR", &dir)
        .env("PEIXUN_ADDR", ADDR)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("PEIXUN_SECRET")
        .spawn()
        .expect("target/release/peixun: run `cargo leptos build --release` first");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1_000)
        .build()
        .unwrap();
    wait_for_health(&client).await;
    println!(
        "check-in POST on SQLite (WAL, synchronous=FULL), {TRAINEES} trainees, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| connections | check-ins | check-ins/s | p50 ms | p99 ms | errors | GET /health/s | ratio |");
    println!("|---|---|---|---|---|---|---|---|");
    for (level, concurrency) in LEVELS.into_iter().enumerate() {
        let start = level * SESSIONS_PER_LEVEL;
        let taps = taps(&trainees, &sessions[start..start + SESSIONS_PER_LEVEL]);
        let tap = run(&client, concurrency, taps).await;
        let health = run(&client, concurrency, vec![None; HEALTH_REQUESTS]).await;
        println!(
            "| {concurrency} | {} | {:.0} | {:.1} | {:.1} | {} | {:.0} | {:.2} |",
            tap.count,
            tap.rate(),
            tap.percentile(0.50),
            tap.percentile(0.99),
            tap.errors,
            health.rate(),
            tap.rate() / health.rate()
        );
    }
    let db = connect(&url).await.unwrap();
    let rows = checkin::Entity::find().count(&db).await.unwrap();
    println!(
        "rows written: {rows} (expected {})",
        TRAINEES * SESSIONS_PER_LEVEL * LEVELS.len()
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// The 2022 programme, one class with 1,000 trainees, 30 sessions open now, and a live
/// login session per trainee (created directly: argon2 logins are not what is measured).
async fn seed(url: &str) -> (Vec<Trainee>, Vec<i32>) {
    let db = connect(url).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    import_2022(&db).await.unwrap();
    let txn = begin_write(&db).await.unwrap();
    let owner = contractor::ActiveModel {
        name: Set("基准测试承训单位".into()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let mut p: project::ActiveModel = project::Entity::find_by_id(1)
        .one(&txn)
        .await
        .unwrap()
        .unwrap()
        .into();
    p.contractor_id = Set(Some(owner.id));
    p.update(&txn).await.unwrap();
    let today = app::time::cst_today();
    let class = class::ActiveModel {
        project_id: Set(1),
        name: Set("基准测试班".into()),
        start_date: Set(today),
        end_date: Set(today),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    let mut sessions = Vec::new();
    for i in 0..SESSIONS_PER_LEVEL * LEVELS.len() {
        let s = session::ActiveModel {
            class_id: Set(class.id),
            title: Set(format!("场次 {i}")),
            date: Set(today),
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
        sessions.push(s.id);
    }
    let mut trainees = Vec::new();
    for i in 0..TRAINEES {
        let phone = format!("1390000{i:04}");
        let user = app_user::ActiveModel {
            role: Set("trainee".into()),
            login: Set(phone.clone()),
            display_name: Set(format!("学员{i}")),
            password_hash: Set("not-used".into()),
            active: Set(true),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        let t = trainee::ActiveModel {
            user_id: Set(user.id),
            name: Set(format!("学员{i}")),
            phone: Set(phone),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        enrolment::ActiveModel {
            class_id: Set(class.id),
            trainee_id: Set(t.id),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        let token = hex::encode(rand::random::<[u8; 32]>());
        auth_session::ActiveModel {
            token_hash: Set(hash_token(&token)),
            user_id: Set(user.id),
            created_at: Set(now()),
            expires_at: Set(now() + chrono::Duration::hours(3)),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .unwrap();
        trainees.push(Trainee {
            token,
            device: format!("bench-device-{i}"),
        });
    }
    txn.commit().await.unwrap();
    db.close().await.unwrap();
    (trainees, sessions)
}

/// One tap per trainee per session, interleaved so consecutive requests hit different
/// trainees; tickets are minted now, as a fresh scan would have issued them.
fn taps(trainees: &[Trainee], sessions: &[i32]) -> Vec<Option<(String, String)>> {
    let issued = now().timestamp();
    sessions
        .iter()
        .flat_map(|&s| {
            trainees.iter().map(move |t| {
                let ticket = issue_ticket(&SECRET, s, &t.device, issued);
                let cookie = format!("peixun_session={}; peixun_device={}", t.token, t.device);
                Some((cookie, format!("session={s}&kind=in&ticket={ticket}")))
            })
        })
        .collect()
}

struct Run {
    count: usize,
    errors: usize,
    elapsed: Duration,
    latencies_ms: Vec<f64>,
}

impl Run {
    fn rate(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> f64 {
        let i = ((self.latencies_ms.len() as f64 * p) as usize).min(self.latencies_ms.len() - 1);
        self.latencies_ms[i]
    }
}

/// Sends every request (a tap, or None for `GET /health`) over `concurrency` connections.
async fn run(
    client: &reqwest::Client,
    concurrency: usize,
    requests: Vec<Option<(String, String)>>,
) -> Run {
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, requests, next) = (client.clone(), requests.clone(), next.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else {
                        break;
                    };
                    let t = Instant::now();
                    let ok = match request {
                        // A first tap must be answered as a new check-in, not a repeat.
                        Some((cookie, body)) => match client
                            .post(format!("http://{ADDR}/api/checkin/tap"))
                            .header("content-type", "application/x-www-form-urlencoded")
                            .header("cookie", cookie)
                            .body(body.clone())
                            .send()
                            .await
                        {
                            Ok(r) if r.status().is_success() => r
                                .text()
                                .await
                                .is_ok_and(|t| t.contains(r#""already":false"#)),
                            _ => false,
                        },
                        None => client
                            .get(format!("http://{ADDR}/health"))
                            .send()
                            .await
                            .is_ok_and(|r| r.status().is_success()),
                    };
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    errors += usize::from(!ok);
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut run = Run {
        count: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_ms: Vec::new(),
    };
    for worker in workers {
        let (latencies, errors) = worker.await.unwrap();
        run.errors += errors;
        run.latencies_ms.extend(latencies);
    }
    run.elapsed = started.elapsed();
    run.count = run.latencies_ms.len();
    run.latencies_ms.sort_by(|a, b| a.total_cmp(b));
    run
}

async fn wait_for_health(client: &reqwest::Client) {
    for _ in 0..100 {
        if client
            .get(format!("http://{ADDR}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not answer /health");
}
