//! Issue 13: 50 writers at once, mixing check-ins, hours, survey submissions and sheet
//! corrections, on SQLite (one writer connection, BEGIN IMMEDIATE, a busy timeout) and on
//! PostgreSQL: every write succeeds, with no "database is locked" and no serialization
//! failure left to the caller.
use crate::support::{fixture, user_of};
use crate::survey::{attend, form, open};

use app::checkin::service::{check_in, issue_ticket, Proof, Tap};
use app::checkin::sheet::{self, Correction};
use app::checkin::writer::CheckinWriter;
use app::checkin::Kind;
use app::db::now;
use app::entities::{checkin, online_hours, participation, survey};
use app::error::AppError;
use app::hours::service::{record, HoursForm};
use app::survey::submission::submit;
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

const SECRET: &[u8] = b"concurrency-test-secret";
const N: usize = 13;

fn phone(i: usize) -> String {
    format!("137001370{i:02}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_mixed_writers_at_once_all_succeed() {
    on_each_database!(|db| {
        let mut csv = "姓名,手机号\n".to_owned();
        for i in 0..N {
            csv.push_str(&format!("学员{i},{}\n", phone(i)));
        }
        let f = fixture(db, &csv).await;
        let phones: Vec<String> = (0..N).map(phone).collect();
        attend(db, f.session_id, &phones).await;
        let survey_id = open(db, f.owner, f.class_id).await;
        survey::ActiveModel {
            id: Set(survey_id),
            closes_at: Set(now() + chrono::Duration::days(1)),
            ..Default::default()
        }
        .update(db)
        .await
        .unwrap();
        let mut users = vec![];
        for p in &phones {
            users.push(user_of(db, p).await);
        }
        let trainees: Vec<i32> = app::entities::trainee::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .collect();
        // A second session, the afternoon's, for the taps: everyone attended the morning. The
        // corrections hit it too, so a contractor's "present" races the trainee's own tap.
        let at = Utc.with_ymd_and_hms(2022, 11, 29, 5, 55, 0).unwrap();
        let session = app::entities::session::ActiveModel {
            class_id: Set(f.class_id),
            title: Set("11月29日下午：课例研讨".into()),
            date: Set(NaiveDate::from_ymd_opt(2022, 11, 29).unwrap()),
            starts_at: Set(at + chrono::Duration::minutes(5)),
            ends_at: Set(at + chrono::Duration::hours(3)),
            checkin_opens_min: Set(30),
            late_after_min: Set(10),
            checkout_required: Set(false),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        let txn = app::db::begin_write(db).await.unwrap();
        app::training::counts::session_added(&txn, f.class_id)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        let writer = CheckinWriter::start(db.clone());
        let today = NaiveDate::from_ymd_opt(2022, 12, 10).unwrap();
        let answers = form(db, |_, _| "4", "").await;

        let mut tasks = vec![];
        for k in 0..50 {
            let (db, writer, answers) = (db.clone(), writer.clone(), answers.clone());
            let (user, trainee) = (users[k % N], trainees[k % N]);
            let (session_id, owner, class_id) = (session.id, f.owner, f.class_id);
            tasks.push(tokio::spawn(async move {
                let done: Result<(), AppError> = match k % 4 {
                    0 => {
                        let device = format!("phone-{k}");
                        let tap = Tap {
                            session_id,
                            kind: Kind::In,
                            proof: Proof::Ticket(issue_ticket(
                                SECRET,
                                session_id,
                                &device,
                                at.timestamp(),
                            )),
                            device,
                            geo: None,
                            kept: None,
                            who: None,
                            now: at,
                        };
                        check_in((&db, &writer), SECRET, user, tap)
                            .await
                            .map(|_| ())
                    }
                    1 => {
                        let form = HoursForm {
                            class_id,
                            date: "2022-11-29".into(),
                            hours: "1".into(),
                            activity: "在线课程".into(),
                            note: String::new(),
                        };
                        record(&db, user, form, today).await.map(|_| ())
                    }
                    2 => submit(&db, (user, None), survey_id, answers, now())
                        .await
                        .or_else(|e| match e {
                            // A trainee drawn twice has answered already: a polite refusal.
                            AppError::Invalid(_) => Ok(()),
                            other => Err(other),
                        }),
                    _ => {
                        let fix = Correction {
                            session_id,
                            trainee_id: trainee,
                            present: k % 8 == 3,
                            reason: "核实".into(),
                        };
                        sheet::correct(&db, owner.0, owner.1, fix).await
                    }
                };
                (k % 4, done)
            }));
        }
        let mut failures = vec![];
        for t in tasks {
            if let (kind, Err(e)) = t.await.unwrap() {
                let e = format!("writer kind {kind}: {e:?}");
                failures.push(e);
            }
        }
        assert!(failures.is_empty(), "{failures:?}");
        let hours = online_hours::Entity::find().count(db).await.unwrap();
        assert_eq!(hours, 13, "one record per hours writer");
        let answered = participation::Entity::find()
            .filter(participation::Column::SurveyId.eq(survey_id))
            .count(db)
            .await
            .unwrap();
        // k % 4 == 2 for 12 values of k below 50, and k % N reaches 12 different trainees:
        // every one of them answers once (a wrongful refusal shows here).
        let writers: std::collections::HashSet<usize> =
            (0..50).filter(|k| k % 4 == 2).map(|k| k % N).collect();
        assert_eq!(writers.len(), 12);
        assert_eq!(answered, 12);
        let taps = checkin::Entity::find()
            .filter(checkin::Column::SessionId.eq(session.id))
            .count(db)
            .await
            .unwrap();
        assert_eq!(taps, 13, "one check-in per trainee who tapped");
    });
}

/// The pool of readers maps the file (BENCHMARKS.md, "The targets on a faster machine"), and
/// the one writer does not, so a write never goes through a mapped page.
#[tokio::test]
async fn readers_map_the_database_file_and_the_writer_does_not() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let dir = std::env::temp_dir().join(format!("peixun-mmap-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/peixun.db", dir.display());
    let writer = app::db::connect(&url).await.unwrap();
    let reader = app::db::connect_reader(&url, &writer).await.unwrap();
    let mmap = |db: sea_orm::DatabaseConnection| async move {
        db.query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA mmap_size",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
    };
    assert_eq!(mmap(reader).await, 1 << 30, "each reader maps up to 1 GiB");
    assert_eq!(mmap(writer).await, 0, "the writer copies its pages");
    let _ = std::fs::remove_dir_all(&dir);
}

fn rand_suffix() -> String {
    format!(
        "{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}
