//! Fresh databases for service tests: an in-memory SQLite and a new PostgreSQL database per
//! test, so every test runs on both backends and none sees another's rows.
#![allow(dead_code)]
use app::auth::service::{create_user, NewUser};
use app::auth::{Me, Role};
use app::db::{connect, Db};
use app::password::Hasher;
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

/// The URL a second server would connect with: the same database.
pub fn url_of(test_db: &TestDb) -> String {
    match &test_db.pg_database {
        Some(name) => format!("{}/{name}", pg_server()),
        None => "sqlite::memory:".into(),
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
    app::survey::templates::ensure_default_template(&db)
        .await
        .expect("default survey template");
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
        for test_db in [$crate::support::sqlite_db().await, $crate::support::postgres_db().await] {
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

// A class of contractor 甲 with three trainees from a roster, and contractor 乙 next door.
use app::admin::seed::import_2022;
use app::entities::{project, trainee};
use app::training::classes::{self, NewClass, NewSession};
use app::training::roster::import_roster;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

pub const ROSTER: &str = "姓名,手机号,学校,县区,学科,学段\n\
    李晓梅,13800138001,遂川县泉江中学,遂川县,语文,初中\n\
    王芳,13800138002,永新县城关小学,永新县,数学,小学\n\
    张伟,13800138003,井冈山市厦坪中学,井冈山市,英语,初中\n";

pub struct Fixture {
    /// (user id, contractor id) of the class's contractor.
    pub owner: (i32, i32),
    /// Another contractor with a project of its own.
    pub other: (i32, i32),
    pub class_id: i32,
    pub session_id: i32,
}

pub async fn give_project(db: &Db, seq: i32, contractor_id: i32) -> i32 {
    let p = project::Entity::find()
        .filter(project::Column::Seq.eq(seq))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut row: project::ActiveModel = p.clone().into();
    row.contractor_id = Set(Some(contractor_id));
    row.update(db).await.unwrap();
    p.id
}

pub async fn fixture(db: &Db, roster: &str) -> Fixture {
    import_2022(db).await.unwrap();
    let a = contractor(db, "甲师范大学").await;
    let b = contractor(db, "乙教育学院").await;
    let me_a = user(db, Role::Contractor, "jia", "jia-password-1", Some(a), None).await;
    let me_b = user(db, Role::Contractor, "yi", "yi-password-12", Some(b), None).await;
    let project_a = give_project(db, 1, a).await;
    give_project(db, 2, b).await;
    let class = NewClass {
        name: "初中语文 1 班".into(),
        start_date: "2022-11-28".into(),
        end_date: "2022-12-02".into(),
        venue: "江西师范大学".into(),
        head_teacher: "王老师".into(),
        capacity: "60".into(),
    };
    let class_id = classes::create_class(db, me_a.user_id, a, project_a, class)
        .await
        .unwrap();
    let session_id = classes::create_session(db, me_a.user_id, a, class_id, session_form())
        .await
        .unwrap();
    // The counties send the trainees (issue 34): the province nominates the roster first, so
    // the contractor's import matches every row.
    nominate_roster(db, project_a, roster).await;
    let (_, report) = import_roster(
        db,
        (me_a.user_id, a),
        class_id,
        ("roster.csv", roster.as_bytes()),
    )
    .await
    .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    Fixture {
        owner: (me_a.user_id, a),
        other: (me_b.user_id, b),
        class_id,
        session_id,
    }
}

/// The province evaluator `sheng`, made on first use.
pub async fn province(db: &Db) -> Me {
    use app::entities::app_user;
    match app_user::Entity::find()
        .filter(app_user::Column::Login.eq("sheng"))
        .one(db)
        .await
        .unwrap()
    {
        Some(u) => Me {
            user_id: u.id,
            role: Role::Evaluator,
            display_name: u.display_name,
            contractor_id: None,
            county_id: None,
        },
        None => user(db, Role::Evaluator, "sheng", "sheng-password-1", None, None).await,
    }
}

/// The province nominates every row of a roster for the project, in the county each row names.
pub async fn nominate_roster(db: &Db, project_id: i32, roster: &str) {
    use app::training::{access::nominator, nomination::nominate, roster::parse};
    let rows = parse(&app::tabular::cells(roster.as_bytes()).unwrap()).unwrap();
    let n = nominator(&province(db).await).unwrap();
    let report = nominate(db, &n, project_id, rows).await.unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

pub fn session_form() -> NewSession {
    NewSession {
        title: "11月29日上午：专家讲座".into(),
        date: "2022-11-29".into(),
        starts: "08:30".into(),
        ends: "11:30".into(),
        opens_min: "30".into(),
        late_min: "10".into(),
        checkout_required: true,
        geofence: "28.6837, 115.8900".into(),
        radius_m: "300".into(),
    }
}

pub async fn user_of(db: &Db, phone: &str) -> i32 {
    trainee::Entity::find()
        .filter(trainee::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .user_id
}

/// The contractor staff member `who` = (user id, contractor id), as a caller.
pub fn contractor_me(who: (i32, i32)) -> Me {
    Me {
        user_id: who.0,
        role: Role::Contractor,
        display_name: "承训单位".into(),
        contractor_id: Some(who.1),
        county_id: None,
    }
}

/// The id of a county of the 2022 table, by name.
pub async fn county_id(db: &Db, name: &str) -> i32 {
    use app::entities::county;
    county::Entity::find()
        .filter(county::Column::Name.eq(name))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The account behind a session token, if it is a full session.
pub async fn whoami(db: &Db, token: &str) -> Option<Me> {
    app::auth::service::user_for_token(db, token).await.unwrap()
}

/// (user id, contractor id) of a contractor login.
pub async fn login_of(db: &Db, login: &str) -> (i32, i32) {
    use app::entities::app_user;
    let u = app_user::Entity::find()
        .filter(app_user::Column::Login.eq(login))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (u.id, u.contractor_id.unwrap())
}

/// Every check-in row of a session, as stored.
pub async fn checkins_of(db: &Db, session_id: i32) -> Vec<app::entities::checkin::Model> {
    use app::entities::checkin;
    checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .all(db)
        .await
        .unwrap()
}

/// The project of a class.
pub async fn project_of(db: &Db, class_id: i32) -> i32 {
    app::entities::class::Entity::find_by_id(class_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .project_id
}

/// Lets every programme's classes run up to a year from today: tests whose classes run today
/// use the 2022 tables, as the demo does (`admin::rules::service::set_window`).
pub async fn programmes_reach_today(db: &Db, actor: i32) {
    let today = app::time::cst_today();
    let last = (today + chrono::Duration::days(366)).to_string();
    for p in app::entities::programme::Entity::find()
        .all(db)
        .await
        .unwrap()
    {
        app::admin::rules::service::set_window(db, actor, p.id, ("2022-01-01", &last))
            .await
            .unwrap();
    }
}
