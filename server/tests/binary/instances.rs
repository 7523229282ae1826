//! Two servers, one PostgreSQL (issue 15): the real binary twice, on different ports and one
//! database. A session made on one is good on the other, one trainee's tap sent to both at
//! once is one row, taps through each are all kept, and both show the same figures at once.
use super::{login, login_staff, peixun, seed_db, start_with, tap_request};
use app::entities::{checkin, session};
use app::states::{CheckinState, Kind};
use reqwest::{header, redirect::Policy, Client};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter};

/// The secret both servers are given, as README asks of N servers.
const SHARED_SECRET: &str = "two-servers-one-database-secret!";

async fn tap(client: &Client, base: &str, cookie: &str, session_id: i32) -> bool {
    tap_request(client, base, cookie, SHARED_SECRET.as_bytes(), session_id)
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

/// The overview's "今日签到" figure as the page shows it.
async fn checkins_today(client: &Client, base: &str, cookie: &str) -> String {
    let html = client
        .get(format!("{base}/"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let after = html
        .split("今日签到")
        .nth(1)
        .expect("the overview shows 今日签到");
    let text: String = after
        .split('<')
        .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
        .collect();
    text.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_keep_one_row_per_tap_and_show_the_same_figures() {
    let server = std::env::var("PEIXUN_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!(
        "peixun_two_{}",
        super::super::rand_suffix().replace('-', "_")
    );
    let admin = Database::connect(format!("{server}/postgres"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let url = format!("{server}/{name}");
    let (session_id, phones) = seed_db(&url).await;

    let start_on = |tag: &str| {
        let mut cmd = peixun(&super::data_dir(tag));
        cmd.env("DATABASE_URL", &url)
            .env("PEIXUN_SECRET", SHARED_SECRET);
        cmd
    };
    let (mut a, mut b) = (
        start_with(start_on("one")).await,
        start_with(start_on("two")).await,
    );
    let client = Client::builder()
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();

    // An evaluator reads the overview from each server before anyone taps: a server that
    // kept its figures for a while would still show these afterwards.
    let evaluator = login_staff(&client, &b.base, "pinggu", "demo-pinggu-2022").await;
    let (before_a, before_b) = tokio::join!(
        checkins_today(&client, &a.base, &evaluator),
        checkins_today(&client, &b.base, &evaluator)
    );
    assert_eq!(before_a, before_b);

    // One trainee logs in on the first server; the session holds on the second, and the
    // same tap sent to both at once is stored once.
    let first = login(&client, &a.base, &phones[0]).await;
    let (to_a, to_b) = tokio::join!(
        tap(&client, &a.base, &first, session_id),
        tap(&client, &b.base, &first, session_id)
    );
    assert!(to_a && to_b, "both servers accept the tap");

    // The others tap through one server or the other, all at once.
    let mut cookies = vec![];
    for (i, phone) in phones.iter().enumerate().skip(1) {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        cookies.push((base.clone(), login(&client, base, phone).await));
    }
    let mut taps = tokio::task::JoinSet::new();
    for (base, cookie) in cookies {
        let client = client.clone();
        taps.spawn(async move { tap(&client, &base, &cookie, session_id).await });
    }
    while let Some(ok) = taps.join_next().await {
        assert!(ok.unwrap(), "every tap is acknowledged");
    }

    let db = app::db::connect(&url).await.unwrap();
    let rows = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .filter(checkin::Column::Kind.eq(Kind::In))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        rows.len(),
        phones.len(),
        "one row per trainee, whichever server"
    );
    let today: Vec<i32> = session::Entity::find()
        .filter(session::Column::Date.eq(app::time::cst_today()))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let stored = checkin::Entity::find()
        .filter(checkin::Column::SessionId.is_in(today))
        .filter(checkin::Column::Kind.eq(Kind::In))
        .filter(checkin::Column::State.eq(CheckinState::Valid))
        .all(&db)
        .await
        .unwrap()
        .len();
    db.close().await.unwrap();

    // The evaluator reads it again at once: the same figure on both, the stored one, with
    // every tap just made (the counts are kept by the writes, issue 15).
    let (on_a, on_b) = tokio::join!(
        checkins_today(&client, &a.base, &evaluator),
        checkins_today(&client, &b.base, &evaluator)
    );
    assert_eq!(on_a, on_b, "both servers show the same figure");
    assert_eq!(on_a.replace(',', ""), stored.to_string());
    let before: usize = before_a.replace(',', "").parse().unwrap();
    assert_eq!(before + phones.len(), stored, "the taps show at once");

    for server in [&mut a, &mut b] {
        let _ = server.child.kill();
        let _ = server.child.wait();
    }
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .ok();
}
