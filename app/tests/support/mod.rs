//! Fresh databases for service tests: an in-memory SQLite and a new PostgreSQL database per
//! test, so every test runs on both backends and none sees another's rows.
#![allow(dead_code)]
use app::auth::service::{create_user, Hasher, NewUser};
use app::auth::{Me, Role};
use app::db::{connect, Db};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn pg_server() -> String {
    std::env::var("PEIXUN_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub struct TestDb {
    pub name: &'static str,
    pub db: Db,
    pg_database: Option<String>,
}

impl TestDb {
    /// Drops the PostgreSQL database; SQLite's goes with its connection.
    pub async fn finish(self) {
        let Some(name) = self.pg_database else { return };
        self.db.close().await.ok();
        pg_admin()
            .await
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .ok();
    }
}

/// PostgreSQL must be running (`.ci/run` starts it); a test that cannot reach it fails rather
/// than passing on SQLite alone.
async fn pg_admin() -> Db {
    Database::connect(format!("{}/postgres", pg_server()))
        .await
        .expect("PostgreSQL at 127.0.0.1:5432 is needed for service tests")
}

async fn migrated(url: &str) -> Db {
    let db = connect(url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e}"));
    Migrator::up(&db, None).await.expect("migrations apply");
    db
}

pub async fn sqlite_db() -> TestDb {
    TestDb {
        name: "sqlite",
        db: migrated("sqlite::memory:").await,
        pg_database: None,
    }
}

pub async fn postgres_db() -> TestDb {
    let name = format!(
        "peixun_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let admin = pg_admin().await;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let db = migrated(&format!("{}/{name}", pg_server())).await;
    TestDb {
        name: "postgres",
        db,
        pg_database: Some(name),
    }
}

/// Runs a test body once per backend; the log names the backend a failure happened on.
#[macro_export]
macro_rules! on_each_database {
    (|$db:ident| $body:block) => {
        for test_db in [support::sqlite_db().await, support::postgres_db().await] {
            eprintln!("running on {}", test_db.name);
            let $db = &test_db.db;
            $body
            test_db.finish().await;
        }
    };
}

pub fn hasher() -> Hasher {
    Hasher::new(2)
}

pub async fn user(
    db: &Db,
    role: Role,
    login: &str,
    secret: &str,
    contractor_id: Option<i32>,
    county_id: Option<i32>,
) -> Me {
    let new = NewUser {
        role,
        login: login.into(),
        display_name: login.into(),
        secret: secret.into(),
        contractor_id,
        county_id,
    };
    let user_id = create_user(db, &hasher(), new, None)
        .await
        .expect("create user");
    Me {
        user_id,
        role,
        display_name: login.into(),
        contractor_id,
        county_id,
    }
}

pub async fn contractor(db: &Db, name: &str) -> i32 {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let row = app::entities::contractor::ActiveModel {
        name: Set(name.into()),
        ..Default::default()
    };
    row.insert(db).await.expect("insert contractor").id
}
