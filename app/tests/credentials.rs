//! Issue 12, part 1: a trainee's credential is the trainee's alone. On SQLite and PostgreSQL.
use crate::support::{self, fixture, user_of, Fixture};

use app::auth::credential::{choose_pin, login_trainee, pin_prompt, TraineeLogin, RESET_ACTION};
use app::auth::{AccessCode, Phone, Pin};
use app::db::Db;
use app::entities::audit_log;
use app::error::AppError;
use app::i18n::t;
use app::password::Hasher;
use app::training::access::{nominator, owned_class};
use app::training::roster::import_roster;
use app::training::slips::{issue_slips, reset_pin, roster_access};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};

const ORIGIN: &str = "http://127.0.0.1:3000";

/// The slips the province prints for the nominees of the class's project (issue 34: the
/// sending side, never the contractor).
async fn slips(db: &Db, hasher: &Hasher, class_id: i32) -> Vec<(String, String)> {
    let n = nominator(&support::province(db).await).unwrap();
    let project = support::project_of(db, class_id).await;
    issue_slips(db, hasher, &n, project, ORIGIN.into())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.phone, r.code))
        .collect()
}

async fn login(
    db: &Db,
    hasher: &Hasher,
    phone: &str,
    code: &str,
) -> Result<TraineeLogin, AppError> {
    let phone = Phone::parse(phone).unwrap();
    login_trainee(db, hasher, &phone, &AccessCode::parse(code).unwrap(), None).await
}

/// Chooses a (strong) PIN from a pending session: a full session.
async fn set_pin(
    db: &Db,
    hasher: &Hasher,
    pending: &str,
    pin: &str,
) -> app::auth::service::NewSession {
    choose_pin(db, hasher, pending, &Pin::parse(pin).unwrap(), pin)
        .await
        .unwrap()
}

fn token(login: Result<TraineeLogin, AppError>) -> (bool, String) {
    match login {
        Ok(TraineeLogin::Done(s)) => (true, s.token),
        Ok(TraineeLogin::ChoosePin(s)) => (false, s.token),
        Err(e) => panic!("login refused: {e:?}"),
    }
}

/// Contractor B's own class, in B's project.
async fn class_of_b(db: &Db, f: &Fixture) -> i32 {
    use app::training::classes::{create_class, NewClass};
    let project_b = app::entities::project::Entity::find()
        .filter(app::entities::project::Column::ContractorId.eq(f.other.1))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let class = NewClass {
        name: "乙班".into(),
        start_date: "2022-11-28".into(),
        end_date: "2022-12-02".into(),
        venue: "乙教育学院".into(),
        head_teacher: "李老师".into(),
        capacity: "60".into(),
    };
    create_class(db, f.other.0, f.other.1, project_b, class)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_roster_naming_a_trainee_discloses_nothing_and_reaches_no_credential() {
    on_each_database!(|db| {
        let hasher = support::hasher();
        let f = fixture(db, support::ROSTER).await;
        let a_codes = slips(db, &hasher, f.class_id).await;
        let (_, code) = a_codes.iter().find(|(p, _)| p == "13800138001").unwrap();
        let (_, pending) = token(login(db, &hasher, "13800138001", code).await);
        set_pin(db, &hasher, &pending, "730419").await;

        // B imports a roster that names A's trainee (under another name) and one of its own:
        // neither was sent to B's project, so both wait for their county, and B's report and
        // roster say the same of the phone Peixun knows as of the one it does not.
        let b_class = class_of_b(db, &f).await;
        let csv = "姓名,手机号\n冒名者,13800138001\n乙学员,13900139001\n";
        let (_, report) = import_roster(db, f.other, b_class, ("b.csv", csv.as_bytes()))
            .await
            .unwrap();
        assert_eq!((report.enrolled, report.pending), (0, 2));

        let class = owned_class(db, f.other.1, b_class).await.unwrap();
        let access = roster_access(db, class).await.unwrap();
        let names: Vec<(&str, bool, bool)> = access
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.activated, r.confirmed))
            .collect();
        assert_eq!(
            names,
            vec![("冒名者", false, false), ("乙学员", false, false)],
            "B sees its own file's names, not 李晓梅, and not who has a PIN"
        );

        // B's own new trainee has no credential at all: nothing B could print or guess.
        let user = user_of(db, "13900139001").await;
        let account = app::entities::app_user::Entity::find_by_id(user)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (account.password_hash.as_str(), account.activation_hash),
            ("", None)
        );
        let (full, _) = token(login(db, &hasher, "13800138001", "730419").await);
        assert!(full, "the victim's own PIN still works");
    });
}

#[tokio::test]
async fn an_activation_code_works_once_and_a_reset_is_audited_and_told() {
    on_each_database!(|db| {
        let hasher = support::hasher();
        let f = fixture(db, support::ROSTER).await;
        let phone = "13800138002";
        let before = login(db, &hasher, phone, "135790").await;
        assert!(
            before.is_err(),
            "a fresh account has no credential before its slip"
        );
        let codes = slips(db, &hasher, f.class_id).await;
        assert_eq!(codes.len(), 3);
        let (_, code) = codes.iter().find(|(p, _)| p == phone).unwrap().clone();

        let (full, pending) = token(login(db, &hasher, phone, &code).await);
        assert!(!full, "a code only lets the trainee choose a PIN");
        assert_eq!(support::whoami(db, &pending).await, None);
        let owner = pin_prompt(db, &pending).await.unwrap().unwrap();
        assert_eq!((owner.name.as_str(), owner.reset), ("王芳", None));
        let same = choose_pin(
            db,
            &hasher,
            &pending,
            &Pin::parse(&code).unwrap_or_else(|_| Pin::parse("730419").unwrap()),
            "x",
        )
        .await;
        assert_eq!(
            same.err(),
            Some(AppError::Invalid(t::ERR_PIN_MISMATCH.into()))
        );
        if let Ok(pin) = Pin::parse(&code) {
            let same = choose_pin(db, &hasher, &pending, &pin, &code).await;
            assert_eq!(
                same.err(),
                Some(AppError::Invalid(t::ERR_PIN_IS_CODE.into()))
            );
        }
        let session = set_pin(db, &hasher, &pending, "582046").await;
        assert!(support::whoami(db, &session.token).await.is_some());

        assert!(
            login(db, &hasher, phone, &code).await.is_err(),
            "the code is spent"
        );
        assert!(token(login(db, &hasher, phone, "582046").await).0);
        assert_eq!(
            slips(db, &hasher, f.class_id).await.len(),
            2,
            "activated: no new slip"
        );

        // Forgotten PIN: the province (or the trainee's county) resets it.
        let trainee = app::entities::trainee::Entity::find()
            .filter(app::entities::trainee::Column::Phone.eq(phone))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let n = nominator(&support::province(db).await).unwrap();
        let project = support::project_of(db, f.class_id).await;
        let reset = reset_pin(db, &hasher, &n, (project, trainee.id), ORIGIN.into())
            .await
            .unwrap();
        let new_code = reset.rows[0].code.clone();
        assert!(
            login(db, &hasher, phone, "582046").await.is_err(),
            "the old PIN ends"
        );
        assert_eq!(
            support::whoami(db, &session.token).await,
            None,
            "and its sessions"
        );
        let resets = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(RESET_ACTION))
            .filter(audit_log::Column::Target.eq(format!("user:{}", user_of(db, phone).await)))
            .all(db)
            .await
            .unwrap();
        assert_eq!(resets.len(), 1);
        let (_, pending) = token(login(db, &hasher, phone, &new_code).await);
        let told = pin_prompt(db, &pending)
            .await
            .unwrap()
            .unwrap()
            .reset
            .unwrap();
        assert!(told.contains("重置") && told.contains("sheng"), "{told}");
    });
}

#[tokio::test]
async fn no_table_holds_a_plaintext_code_after_a_full_demo_load() {
    on_each_database!(|db| {
        let hasher = support::hasher();
        app::demo::seed(db, &hasher).await.unwrap();
        let class_id = app::entities::class::Entity::find()
            .all(db)
            .await
            .unwrap()
            .last()
            .unwrap()
            .id;
        let codes = slips(db, &hasher, class_id).await;
        assert!(
            !codes.is_empty(),
            "the demo roster has trainees who have not activated"
        );
        let mut secrets: Vec<String> = codes.into_iter().map(|(_, c)| c).collect();
        secrets.push(app::demo::DEMO_LOGINS[4].2.to_owned());
        for (table, column) in text_columns(db).await {
            for secret in &secrets {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM {table} WHERE CAST({column} AS TEXT) LIKE '%{secret}%'"
                );
                let row = db
                    .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap();
                let n: i64 = row.try_get("", "n").unwrap();
                assert_eq!(n, 0, "{table}.{column} holds a code");
            }
        }
    });
}

/// Every text column of every table, from the database's own catalogue.
async fn text_columns(db: &Db) -> Vec<(String, String)> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND (p.type LIKE '%CHAR%' OR p.type LIKE '%TEXT%' OR p.type = '')"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    let columns: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.try_get("", "t").unwrap(), r.try_get("", "c").unwrap()))
        .collect();
    assert!(
        columns.len() > 20,
        "the catalogue lists the schema: {columns:?}"
    );
    columns
}

#[tokio::test]
async fn printing_slips_never_replaces_a_pin_the_trainee_has_chosen() {
    on_each_database!(|db| {
        let hasher = support::hasher();
        let f = fixture(db, support::ROSTER).await;
        let phone = "13800138003";
        let codes = slips(db, &hasher, f.class_id).await;
        let (_, code) = codes.iter().find(|(p, _)| p == phone).unwrap().clone();
        let (_, pending) = token(login(db, &hasher, phone, &code).await);
        set_pin(db, &hasher, &pending, "582046").await;
        // As if the slips had been read before the PIN was chosen and written after.
        let user = user_of(db, phone).await;
        let issued = app::auth::credential::issue_codes(
            db,
            &hasher,
            (f.owner.0, "承训单位"),
            &[(user, app::auth::credential::Issue::First)],
        )
        .await
        .unwrap();
        assert!(issued.is_empty(), "no slip for a trainee with a PIN");
        assert!(token(login(db, &hasher, phone, "582046").await).0);
    });
}
