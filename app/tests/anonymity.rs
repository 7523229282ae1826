//! Issue 12, part 3: nothing the database keeps links a participation to its response, and
//! published figures move only in steps of five. On SQLite and PostgreSQL.
use crate::support::{fixture, user_of};
use crate::survey::{attend, evaluator, form, open};

use app::db::{now, Db};
use app::entities::survey;
use app::error::AppError;
use app::i18n::t;
use app::survey::opening::open_survey;
use app::survey::results::class_results;
use app::survey::submission::submit;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, Statement,
};
use std::collections::HashMap;

const N: usize = 20;

fn phone(i: usize) -> String {
    format!("139001390{i:02}")
}

fn roster() -> String {
    let mut csv = "姓名,手机号\n".to_owned();
    for i in 0..N {
        csv.push_str(&format!("学员{i},{}\n", phone(i)));
    }
    csv
}

/// A class of 20 who all attended, its survey open until 2099.
async fn class_of_twenty(db: &Db) -> (i32, i32) {
    let f = fixture(db, &roster()).await;
    let phones: Vec<String> = (0..N).map(phone).collect();
    attend(db, f.session_id, &phones).await;
    let survey_id = open(db, f.owner, f.class_id).await;
    survey::ActiveModel {
        id: Set(survey_id),
        closes_at: Set(now() + chrono::Duration::days(30_000)),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    (f.class_id, survey_id)
}

/// Trainee `i` answers, signing the comment so the test (and only the test) knows whose
/// response is whose.
async fn answer(db: &Db, survey_id: i32, i: usize) {
    let user = user_of(db, &phone(i)).await;
    let trainee = app::training::enrolment::trainee_of(db, user)
        .await
        .unwrap()
        .unwrap()
        .id;
    let device = format!("phone-{i}");
    let signed = form(db, |_, _| "4", &format!("sig-{trainee}")).await;
    submit(db, (user, Some(&device)), survey_id, signed, now())
        .await
        .unwrap();
}

async fn rows(db: &Db, sql: &str) -> Vec<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (0..)
                .map_while(|i| r.try_get_by_index::<String>(i).ok())
                .collect()
        })
        .collect()
}

/// How many participations a reader would pair with the right response, in expectation,
/// when pairing by equal `key`s (a random pick among equals). Chance is 1 of 20.
fn expected_by_key(parts: &[(String, String)], resps: &[(String, String)]) -> f64 {
    parts
        .iter()
        .map(|(user, key)| {
            let equal: Vec<&String> = resps
                .iter()
                .filter(|(_, k)| k == key)
                .map(|(u, _)| u)
                .collect();
            if equal.contains(&user) {
                1.0 / equal.len() as f64
            } else {
                0.0
            }
        })
        .sum()
}

/// Pairs the i-th participation with the i-th response in storage order.
fn right_by_order(parts: &[String], resps: &[String]) -> usize {
    parts.iter().zip(resps).filter(|(p, r)| p == r).count()
}

#[tokio::test]
async fn no_column_or_storage_order_pairs_a_participation_with_its_response() {
    on_each_database!(|db| {
        let (_, survey_id) = class_of_twenty(db).await;
        // A fixed shuffle of the 20: 0, 7, 14, 1, 8, …
        for k in 0..N {
            answer(db, survey_id, (k * 7) % N).await;
        }
        // PostgreSQL: the writing transaction and the physical place. SQLite has neither
        // (WITHOUT ROWID tables): a plain scan returns rows in key order.
        let (key, order) = match db.get_database_backend() {
            DbBackend::Postgres => ("xmin::text", "ORDER BY ctid"),
            _ => ("''", ""),
        };
        let parts = rows(
            db,
            &format!("SELECT CAST(trainee_id AS TEXT), {key} FROM participation {order}"),
        )
        .await;
        let resps = rows(db, &format!("SELECT id, {key} FROM response {order}")).await;
        let signed: HashMap<String, String> = rows(
            db,
            "SELECT response_id, SUBSTR(text, 5) FROM answer WHERE text LIKE 'sig-%'",
        )
        .await
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
        let whose = |id: &String| signed[id].clone();
        assert_eq!((parts.len(), resps.len()), (N, N));
        let parts: Vec<(String, String)> =
            parts.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
        let resps: Vec<(String, String)> =
            resps.iter().map(|r| (whose(&r[0]), r[1].clone())).collect();
        if db.get_database_backend() == DbBackend::Postgres {
            let by_xmin = expected_by_key(&parts, &resps);
            assert!(by_xmin <= 2.0, "xmin pairs {by_xmin} of {N} (chance: 1)");
        }
        let order_p: Vec<String> = parts.into_iter().map(|(t, _)| t).collect();
        let order_r: Vec<String> = resps.into_iter().map(|(t, _)| t).collect();
        let right = right_by_order(&order_p, &order_r);
        assert!(right <= 5, "storage order pairs {right} of {N} (chance: 1)");
    });
}

#[tokio::test]
async fn published_figures_move_only_every_fifth_response() {
    on_each_database!(|db| {
        let (class_id, survey_id) = class_of_twenty(db).await;
        let reader = evaluator();
        let seen = |db: Db| {
            let reader = reader.clone();
            async move {
                let r = class_results(&db, &reader, class_id).await.unwrap();
                (r.responses, r.figures)
            }
        };
        for i in 0..5 {
            answer(db, survey_id, i).await;
        }
        let (n, fifth) = seen(db.clone()).await;
        assert_eq!(n, 5);
        assert!(fifth.is_some());
        answer(db, survey_id, 5).await;
        assert_eq!(
            seen(db.clone()).await,
            (5, fifth.clone()),
            "the 6th changes nothing"
        );
        for i in 6..10 {
            answer(db, survey_id, i).await;
        }
        let (n, tenth) = seen(db.clone()).await;
        assert_eq!(n, 10);
        assert_ne!(
            tenth, fifth,
            "the 10th moves the figures (and the comments)"
        );
    });
}

#[tokio::test]
async fn evaluators_see_how_many_responses_a_shared_phone_or_a_reset_produced() {
    on_each_database!(|db| {
        let (class_id, survey_id) = class_of_twenty(db).await;
        let owner = crate::support::login_of(db, "jia").await;
        // One phone answers for trainees 0 and 1.
        for i in [0, 1] {
            let user = user_of(db, &phone(i)).await;
            let answers = form(db, |_, _| "5", "").await;
            submit(db, (user, Some("one-phone")), survey_id, answers, now())
                .await
                .unwrap();
        }
        // The province resets trainee 2's credential, then trainee 2 "answers".
        let t2 = app::training::enrolment::trainee_of(db, user_of(db, &phone(2)).await)
            .await
            .unwrap()
            .unwrap();
        let project = crate::support::project_of(db, class_id).await;
        let n = app::training::access::nominator(&crate::support::province(db).await).unwrap();
        app::training::slips::reset_pin(
            db,
            &crate::support::hasher(),
            &n,
            (project, t2.id),
            "http://x".into(),
        )
        .await
        .unwrap();
        answer(db, survey_id, 2).await;
        answer(db, survey_id, 3).await;
        let reader = evaluator();
        let s = class_results(db, &reader, class_id)
            .await
            .unwrap()
            .integrity
            .unwrap();
        assert_eq!(
            (
                s.answered,
                s.shared_device,
                s.reset,
                s.no_checkin,
                s.flagged,
                s.resets_in_class
            ),
            (4, 2, 1, 0, 3, 1)
        );
        assert!(s.red(), "3 of 4 is past 2 %");

        // The head teacher marks trainee 3 absent after they answered: their answer now
        // comes from someone with no on-site check-in, and they leave the eligible count.
        let t3 = app::training::enrolment::trainee_of(db, user_of(db, &phone(3)).await)
            .await
            .unwrap()
            .unwrap();
        let checkin = app::entities::checkin::Entity::find()
            .filter(app::entities::checkin::Column::TraineeId.eq(t3.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let absent = app::checkin::sheet::Correction {
            session_id: checkin.session_id,
            trainee_id: t3.id,
            present: false,
            reason: "代签，经核实本人未到".into(),
        };
        app::checkin::sheet::correct(db, owner.0, owner.1, absent)
            .await
            .unwrap();
        let r = class_results(db, &reader, class_id).await.unwrap();
        assert_eq!(r.eligible, N as u32 - 1);
        let s = r.integrity.unwrap();
        assert_eq!((s.no_checkin, s.flagged), (1, 4));
    });
}

#[tokio::test]
async fn a_classroom_submitting_at_once_is_recorded_whole() {
    on_each_database!(|db| {
        let (class_id, survey_id) = class_of_twenty(db).await;
        let mut tasks = vec![];
        for i in 0..10 {
            let db = db.clone();
            let user = user_of(&db, &phone(i)).await;
            let answers = form(&db, |_, _| "4", "").await;
            tasks.push(tokio::spawn(async move {
                submit(&db, (user, None), survey_id, answers, now()).await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let reader = evaluator();
        let r = class_results(db, &reader, class_id).await.unwrap();
        assert_eq!((r.responses, r.integrity.unwrap().answered), (10, 10));
    });
}

/// Issue 34: the window is the admin's rule. Opening the survey again never moves its close
/// earlier (closing early published the last group whatever its size, so a contractor could
/// read the last answer as a difference), and a closed survey with answers stays closed.
#[tokio::test]
async fn the_contractor_can_neither_close_a_survey_early_nor_reopen_a_closed_one() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    on_each_database!(|db| {
        let (class_id, survey_id) = class_of_twenty(db).await;
        answer(db, survey_id, 0).await;
        let owner = crate::support::login_of(db, "jia").await;
        let before = app::entities::survey::Entity::find_by_id(survey_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let form = app::survey::opening::SurveyForm {
            class_id,
            template_id: before.template_id,
        };
        open_survey(db, owner, form.clone()).await.unwrap();
        let after = app::entities::survey::Entity::find_by_id(survey_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.closes_at, before.closes_at, "no early close");
        // Its window has run (as time passing would): it stays closed.
        let mut row: app::entities::survey::ActiveModel = after.into();
        row.closes_at = Set(now() - chrono::Duration::minutes(1));
        row.update(db).await.unwrap();
        let reopen = open_survey(db, owner, form).await;
        assert_eq!(
            reopen.err(),
            Some(AppError::Invalid(t::SURVEY_CLOSED_FINAL.into()))
        );
    });
}
