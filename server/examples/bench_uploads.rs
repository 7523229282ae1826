//! Taps and `/health` while 12 maximum-size roster uploads run (issue 35). Before, the
//! uploads' XLSX parses ran on the server's async workers: 12 parallel uploads of a 60 MB
//! (unzipped) sheet pushed `/health` to 4.3 s. Now they run on a bounded blocking pool
//! (`app::tabular::off_thread`). This driver seeds a class of 200 trainees with live login
//! sessions and a contractor, starts the release binary, and for 30 s keeps 12 uploads of the
//! largest sheet the reader takes in flight while 200 trainees tap 签到 paced at 20 a second
//! and `/health` is asked 20 times a second; it prints their p50/p99 and what the uploads got.
//!
//!     cargo build --release -p peixun --bin peixun --example bench_uploads
//!     ./target/release/examples/bench_uploads
use app::admin::seed::import_2022;
use app::auth::service::hash_token;
use app::checkin::service::issue_ticket;
use app::db::{begin_write, connect, now};
use app::entities::trainee;
use app::entities::{app_user, auth_session, class, contractor, enrolment, project, session};
use app::tabular::{xlsx, Cell, Table, MAX_COLUMNS, MAX_ROWS};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use std::time::{Duration, Instant};

const TRAINEES: usize = 200;
const UPLOADS: usize = 12;
const SECONDS: u64 = 30;
const PER_SECOND: u64 = 20;
const SECRET: [u8; 32] = [7; 32];
const ADDR: &str = "127.0.0.1:3401";

#[tokio::main]
async fn main() {
    let dir = std::path::PathBuf::from("target/bench-uploads");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.key"), hex::encode(SECRET)).unwrap();
    let url = format!("sqlite://{}/peixun.db?mode=rwc", dir.display());
    let seeded = seed(&url).await;
    let sheet = largest_sheet();
    println!(
        "sheet: {} KB, {} MB unpacked, {} lines",
        sheet.len() / 1024,
        unpacked(&sheet) / (1024 * 1024),
        MAX_ROWS,
    );
    let mut server = std::process::Command::new("target/release/peixun")
        .env("PEIXUN_DATA_DIR", &dir)
        .env("PEIXUN_ADDR", ADDR)
        .env("RUST_LOG", "error")
        .env_remove("DATABASE_URL")
        .env_remove("PEIXUN_SECRET")
        .spawn()
        .expect("target/release/peixun: build it first");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..100 {
        if client
            .get(format!("http://{ADDR}/health"))
            .send()
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let quiet_health = probe(&client, "/health", Duration::from_secs(5)).await;
    let until = Instant::now() + Duration::from_secs(SECONDS);
    let uploads: Vec<_> = (0..UPLOADS)
        .map(|_| {
            let (client, sheet, cookie) =
                (client.clone(), sheet.clone(), seeded.contractor.clone());
            let class = seeded.class;
            tokio::spawn(async move { upload_until(&client, class, &cookie, &sheet, until).await })
        })
        .collect();
    let taps = tokio::spawn(tap_paced(
        client.clone(),
        seeded.trainees,
        seeded.session,
        until,
    ));
    let health = probe(&client, "/health", Duration::from_secs(SECONDS)).await;
    let taps = taps.await.unwrap();
    let mut answered = std::collections::BTreeMap::new();
    for u in uploads {
        for (status, n) in u.await.unwrap() {
            *answered.entry(status).or_insert(0) += n;
        }
    }
    println!("| during {SECONDS} s | requests | p50 ms | p99 ms | max ms | failed |");
    println!("|---|---|---|---|---|---|");
    for (name, run) in [
        ("`GET /health`, no uploads (5 s)", &quiet_health),
        ("`GET /health`, 12 uploads in flight", &health),
        ("签到 taps, 12 uploads in flight", &taps),
    ] {
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {} |",
            run.latencies.len(),
            run.at(0.50),
            run.at(0.99),
            run.at(1.0),
            run.failed
        );
    }
    println!("uploads answered, by status: {answered:?}");
    let _ = server.kill();
    let _ = server.wait();
}

struct Seeded {
    class: i32,
    session: i32,
    contractor: String,
    trainees: Vec<(String, String)>,
}

/// The largest sheet an upload can carry: axum takes a multipart body of at most 2 MB, so
/// the most the reader is given is a sheet that packs into that, with as many cells as it
/// holds (MAX_ROWS lines, each line's cells alike so that it packs well).
fn largest_sheet() -> Vec<u8> {
    let mut best = Vec::new();
    for columns in [MAX_COLUMNS, 30, 20, 10] {
        let mut table = Table::new((0..columns).map(|c| format!("列{c}")));
        for r in 1..MAX_ROWS {
            let text = format!("江西省吉安市遂川县泉江中学{r}");
            table
                .rows
                .push((0..columns).map(|_| Cell::Text(text.clone())).collect());
        }
        best = xlsx(&table).unwrap();
        if best.len() < 1_900 * 1024 {
            break;
        }
    }
    best
}

fn unpacked(bytes: &[u8]) -> u64 {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| zip.by_index_raw(i).unwrap().size())
        .sum()
}

#[derive(Default)]
struct Run {
    latencies: Vec<f64>,
    failed: usize,
}

impl Run {
    fn at(&self, p: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort_by(f64::total_cmp);
        let i = ((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1));
        sorted.get(i).copied().unwrap_or(0.0)
    }
}

/// GETs `path` PER_SECOND times a second for `lasting`.
async fn probe(client: &reqwest::Client, path: &str, lasting: Duration) -> Run {
    let mut run = Run::default();
    let mut tick = tokio::time::interval(Duration::from_millis(1000 / PER_SECOND));
    let end = Instant::now() + lasting;
    let mut pending = Vec::new();
    while Instant::now() < end {
        tick.tick().await;
        let (client, url) = (client.clone(), format!("http://{ADDR}{path}"));
        pending.push(tokio::spawn(async move {
            let t = Instant::now();
            let ok = client
                .get(url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            (t.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    for p in pending {
        let (ms, ok) = p.await.unwrap();
        run.latencies.push(ms);
        run.failed += usize::from(!ok);
    }
    run
}

/// Each trainee taps once, PER_SECOND a second, with a ticket minted as a fresh scan would.
async fn tap_paced(
    client: reqwest::Client,
    trainees: Vec<(String, String)>,
    session: i32,
    until: Instant,
) -> Run {
    let mut tick = tokio::time::interval(Duration::from_millis(1000 / PER_SECOND));
    let mut pending = Vec::new();
    for (token, device) in trainees {
        if Instant::now() >= until {
            break;
        }
        tick.tick().await;
        let client = client.clone();
        let ticket = issue_ticket(&SECRET, session, &device, now().timestamp());
        pending.push(tokio::spawn(async move {
            let t = Instant::now();
            let ok = client
                .post(format!("http://{ADDR}/api/checkin/tap"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header(
                    "cookie",
                    format!("peixun_session={token}; peixun_device={device}"),
                )
                .body(format!("session={session}&kind=in&ticket={ticket}"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            (t.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    let mut run = Run::default();
    for p in pending {
        let (ms, ok) = p.await.unwrap();
        run.latencies.push(ms);
        run.failed += usize::from(!ok);
    }
    run
}

/// Uploads the sheet again and again until `until`; counts the answers by status.
async fn upload_until(
    client: &reqwest::Client,
    class: i32,
    cookie: &str,
    sheet: &[u8],
    until: Instant,
) -> Vec<(u16, usize)> {
    let boundary = "peixunbenchboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"roster.xlsx\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(sheet);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut answered = std::collections::BTreeMap::new();
    while Instant::now() < until {
        let status = client
            .post(format!("http://{ADDR}/classes/{class}/roster"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("cookie", cookie)
            .body(body.clone())
            .send()
            .await
            .map_or(0, |r| r.status().as_u16());
        *answered.entry(status).or_insert(0) += 1;
    }
    answered.into_iter().collect()
}

/// The 2022 programme, a class of TRAINEES with live login sessions, one session open now,
/// and the class's contractor logged in.
async fn seed(url: &str) -> Seeded {
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
    let s = session::ActiveModel {
        class_id: Set(class.id),
        title: Set("场次".into()),
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
    let login = |role: &str, login: String, contractor_id: Option<i32>| app_user::ActiveModel {
        role: Set(role.into()),
        login: Set(login.clone()),
        display_name: Set(login),
        password_hash: Set("not-used".into()),
        contractor_id: Set(contractor_id),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    };
    let session_for = |user_id: i32, token: &str| auth_session::ActiveModel {
        token_hash: Set(hash_token(token)),
        user_id: Set(user_id),
        created_at: Set(now()),
        expires_at: Set(now() + chrono::Duration::hours(3)),
        ..Default::default()
    };
    let staff = login("contractor", "bench-contractor".into(), Some(owner.id))
        .insert(&txn)
        .await
        .unwrap();
    let token = hex::encode(rand::random::<[u8; 32]>());
    session_for(staff.id, &token).insert(&txn).await.unwrap();
    let contractor = format!("peixun_session={token}; peixun_device=bench-contractor");
    let mut trainees = Vec::new();
    for i in 0..TRAINEES {
        let phone = format!("1390000{i:04}");
        let user = login("trainee", phone.clone(), None)
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
        session_for(user.id, &token).insert(&txn).await.unwrap();
        trainees.push((token, format!("bench-device-{i}")));
    }
    txn.commit().await.unwrap();
    db.close().await.unwrap();
    Seeded {
        class: class.id,
        session: s.id,
        contractor,
        trainees,
    }
}
