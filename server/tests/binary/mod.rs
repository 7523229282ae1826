//! The real binary (`env!("CARGO_BIN_EXE_peixun")`) on a file database: a `kill -9` in the
//! middle of a check-in burst loses no acknowledged tap, SIGTERM stops it cleanly, and a
//! backup taken during a burst restores into a fresh directory where the old codes still
//! work (issue 13).
mod answers;
mod instances;
mod restore;

use super::session_cookie;
use app::checkin::code::{step_at, SessionKey};
use migrations::{Migrator, MigratorTrait};
use reqwest::{header, redirect::Policy, Client};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const PIN: &str = "730419";
const SECRET: [u8; 32] = [9; 32];

struct Server {
    child: Child,
    base: String,
}

fn data_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("peixun-bin-{tag}-{}", super::rand_suffix()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn peixun(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peixun"));
    cmd.env("PEIXUN_DATA_DIR", dir)
        .env_remove("DATABASE_URL")
        .env_remove("PEIXUN_SECRET")
        .env_remove("PEIXUN_DEMO")
        .env_remove("LEPTOS_OUTPUT_NAME")
        .env("RUST_LOG", "warn");
    cmd
}

async fn start(dir: &Path) -> Server {
    start_with(peixun(dir)).await
}

/// Starts `cmd` (a `peixun` with its environment) on a free port and waits for /health.
async fn start_with(mut cmd: Command) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = cmd
        .env("PEIXUN_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{base}/health")).await {
            if r.status().is_success() {
                return Server { child, base };
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not come up");
}

/// The demo, with every roster trainee's PIN known, and the secret key written where the
/// server reads it. Returns the open session's id and the trainees' phones.
async fn seed(dir: &Path) -> (i32, Vec<String>) {
    std::fs::write(dir.join("secret.key"), hex::encode(SECRET)).unwrap();
    seed_db(&format!("sqlite://{}/peixun.db?mode=rwc", dir.display())).await
}

/// The demo in the database at `url`, every roster trainee's PIN set to `PIN`.
async fn seed_db(url: &str) -> (i32, Vec<String>) {
    use app::entities::{app_user, enrolment, session, trainee};
    let db = app::db::connect(url).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    let hasher = app::password::Hasher::new(2);
    app::demo::seed(&db, &hasher).await.unwrap();
    let hash = hasher.hash(PIN).await.unwrap();
    // The counties' trainees: the demo's one 承训单位自建 row has no credential and counts
    // nowhere until 遂川县 confirms it.
    let waiting: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::Confirmed.eq(false))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.trainee_id)
        .collect();
    let trainees: Vec<trainee::Model> = trainee::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| !waiting.contains(&t.id))
        .collect();
    for t in &trainees {
        app_user::ActiveModel {
            id: Set(t.user_id),
            password_hash: Set(hash.clone()),
            activation_hash: Set(None),
            ..Default::default()
        }
        .update(&db)
        .await
        .unwrap();
    }
    let open = session::Entity::find()
        .filter(session::Column::Title.contains("现场签到演示"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    db.close().await.unwrap();
    (open.id, trainees.into_iter().map(|t| t.phone).collect())
}

async fn login(client: &Client, base: &str, phone: &str) -> String {
    let r = client
        .post(format!("{base}/api/login_trainee"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("phone={phone}&code={PIN}"))
        .send()
        .await
        .unwrap();
    session_cookie(&r).unwrap_or_else(|| panic!("{phone} logs in: {}", r.status()))
}

async fn login_staff(client: &Client, base: &str, login: &str, password: &str) -> String {
    let r = client
        .post(format!("{base}/api/login_staff"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("login={login}&password={password}"))
        .send()
        .await
        .unwrap();
    session_cookie(&r).unwrap_or_else(|| panic!("{login} logs in: {}", r.status()))
}

/// 签到 with the code the projector shows now, as a trainee typing it would send it.
fn tap_request(
    client: &Client,
    base: &str,
    cookie: &str,
    secret: &[u8],
    session_id: i32,
) -> reqwest::RequestBuilder {
    let code =
        SessionKey::derive(secret, session_id).typed_code(step_at(chrono::Utc::now().timestamp()));
    client
        .post(format!("{base}/api/checkin/tap"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(format!(
            "session={session_id}&kind=in&typed={}",
            code.as_str()
        ))
}

/// Taps all at once; returns the indexes whose tap was acknowledged with a 2xx.
async fn burst(
    client: &Client,
    base: &str,
    session_id: i32,
    cookies: &[String],
    answered: Arc<AtomicUsize>,
) -> Vec<usize> {
    let taps: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, cookie)| {
            let request = tap_request(client, base, cookie, &SECRET, session_id);
            let answered = answered.clone();
            tokio::spawn(async move {
                let ok = request.send().await.is_ok_and(|r| r.status().is_success());
                answered.fetch_add(1, Ordering::SeqCst);
                ok.then_some(i)
            })
        })
        .collect();
    let mut acked = vec![];
    for t in taps {
        acked.extend(t.await.unwrap());
    }
    acked
}

async fn rows_of(dir: &Path, session_id: i32) -> Vec<i32> {
    use app::entities::checkin;
    let url = format!("sqlite://{}/peixun.db", dir.display());
    let db = app::db::connect(&url).await.unwrap();
    let rows = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.trainee_id)
        .collect();
    db.close().await.unwrap();
    rows
}

async fn trainee_ids(dir: &Path, phones: &[String]) -> Vec<i32> {
    use app::entities::trainee;
    let url = format!("sqlite://{}/peixun.db", dir.display());
    let db = app::db::connect(&url).await.unwrap();
    let mut ids = vec![];
    for p in phones {
        let t = trainee::Entity::find()
            .filter(trainee::Column::Phone.eq(p.as_str()))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        ids.push(t.id);
    }
    db.close().await.unwrap();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_dash_nine_loses_no_acknowledged_tap_and_a_backup_restores_whole() {
    // From the wrong directory a backup fails rather than save an empty database.
    let empty = data_dir("empty");
    let nothing = peixun(&empty)
        .arg("backup")
        .arg(empty.join("b.zip"))
        .output()
        .unwrap();
    assert!(!nothing.status.success(), "a backup of no database fails");
    let _ = std::fs::remove_dir_all(&empty);

    let dir = data_dir("crash");
    let (session_id, phones) = seed(&dir).await;
    let ids = trainee_ids(&dir, &phones).await;
    let client = Client::builder()
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();
    let mut server = start(&dir).await;
    let mut cookies = vec![];
    for p in &phones {
        cookies.push(login(&client, &server.base, p).await);
    }
    // The burst; the process is killed once a few taps have been answered.
    let answered = Arc::new(AtomicUsize::new(0));
    let half = cookies.len() / 2;
    let taps = burst(
        &client,
        &server.base,
        session_id,
        &cookies[..half],
        answered.clone(),
    );
    let killer = async {
        while answered.load(Ordering::SeqCst) < 3 {
            tokio::task::yield_now().await;
        }
        server.child.kill().unwrap();
    };
    let (acked, _) = tokio::join!(taps, killer);
    server.child.wait().unwrap();
    let rows = rows_of(&dir, session_id).await;
    for i in &acked {
        let n = rows.iter().filter(|t| **t == ids[*i]).count();
        assert_eq!(n, 1, "acknowledged tap of {} is stored once", phones[*i]);
    }
    println!(
        "kill -9: {} of {half} taps acknowledged, {} rows found after restart",
        acked.len(),
        rows.len()
    );

    // Restarted, it serves on; a backup taken during the next burst restores whole.
    let mut server = start(&dir).await;
    let before = rows_of(&dir, session_id).await;
    let archive = dir.with_extension("zip");
    let backup_dir = dir.clone();
    let archive_path = archive.clone();
    let backup = tokio::task::spawn_blocking(move || {
        peixun(&backup_dir)
            .arg("backup")
            .arg(&archive_path)
            .output()
            .unwrap()
    });
    let answered = Arc::new(AtomicUsize::new(0));
    burst(
        &client,
        &server.base,
        session_id,
        &cookies[half..],
        answered,
    )
    .await;
    let out = backup.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // SIGTERM: stops accepting, finishes what it has, exits 0.
    let term = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(server.child.wait().unwrap().success(), "SIGTERM exits 0");

    let fresh = data_dir("restored");
    let out = peixun(&fresh)
        .arg("restore")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = peixun(&fresh)
        .arg("restore")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "restore refuses to overwrite a database"
    );
    let restored = rows_of(&fresh, session_id).await;
    for t in &before {
        assert!(
            restored.contains(t),
            "a row stored before the backup is in it"
        );
    }
    let mut server = start(&fresh).await;
    let cookie = login(&client, &server.base, &phones[0]).await;
    let code =
        SessionKey::derive(&SECRET, session_id).typed_code(step_at(chrono::Utc::now().timestamp()));
    let tap = client
        .post(format!("{}/api/checkin/tap", server.base))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(format!(
            "session={session_id}&kind=in&typed={}",
            code.as_str()
        ))
        .send()
        .await
        .unwrap();
    assert!(
        tap.status().is_success(),
        "a code from the old secret is valid after restore: {}",
        tap.text().await.unwrap()
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&fresh);
    let _ = std::fs::remove_file(&archive);
}
