//! Surveys on SQLite and PostgreSQL: only attendees answer, exactly once, with nothing that
//! leads back to them; results appear at five responses and add up as DESIGN defines them.
use crate::support::{self, contractor_me, fixture, user_of, Fixture};
use app::training::checkin_counts::CheckinCounts;

use app::auth::{Me, Role};
use app::db::Db;
use app::entities::{answer, checkin, class, participation, response, survey_template};
use app::error::AppError;
use app::i18n::t;
use app::survey::opening::{open_survey, SurveyForm};
use app::survey::results::{class_results, project_results};
use app::survey::submission::submit;
use app::survey::templates::{questions_of, save_template};
use app::survey::QuestionKind;
use app::training::classes::{self, NewClass};
use app::training::roster::import_roster;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryOrder, Statement,
};
use std::collections::HashMap;

pub(crate) const SEVEN: &str = "姓名,手机号,学校,县区,学科,学段\n\
    学员一,13800138001,遂川县泉江中学,遂川县,语文,初中\n\
    学员二,13800138002,永新县城关小学,永新县,数学,小学\n\
    学员三,13800138003,井冈山市厦坪中学,井冈山市,英语,初中\n\
    学员四,13800138004,遂川县泉江中学,遂川县,语文,初中\n\
    学员五,13800138005,永新县城关小学,永新县,数学,小学\n\
    学员六,13800138006,井冈山市厦坪中学,井冈山市,英语,初中\n\
    学员七,13800138007,遂川县泉江中学,遂川县,语文,初中\n";

pub(crate) fn phone(n: usize) -> String {
    format!("1380013800{n}")
}

/// 2022-11-`day` at `h`:00 China Standard Time.
pub(crate) fn cst(day: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, day, h, 0, 0).unwrap() - chrono::Duration::hours(8)
}

pub(crate) async fn attend(db: &Db, session_id: i32, phones: &[String]) {
    for p in phones {
        let trainee = app::entities::trainee::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| &t.phone == p)
            .unwrap();
        // Written straight to the table, so counted here, as the check-in writer would.
        let counts = CheckinCounts::before(db, &[session_id], &[trainee.id])
            .await
            .unwrap();
        checkin::ActiveModel {
            session_id: Set(session_id),
            trainee_id: Set(trainee.id),
            kind: Set("in".try_into().unwrap()),
            at: Set(cst(29, 8)),
            method: Set("qr".try_into().unwrap()),
            flags: Set(String::new()),
            state: Set("valid".try_into().unwrap()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        counts.apply(db).await.unwrap();
    }
}

async fn default_template(db: &Db) -> i32 {
    survey_template::Entity::find()
        .order_by_asc(survey_template::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Opens the class's survey in the admin's rule's window: from the start of its last session
/// (the fixture's is 11-29 08:30) to 23:59 seven days after its last day (12-09).
pub(crate) async fn open(db: &Db, owner: (i32, i32), class_id: i32) -> i32 {
    let form = SurveyForm {
        class_id,
        template_id: default_template(db).await,
    };
    open_survey(db, owner, form).await.unwrap()
}

/// Every Likert item answered `likert(dimension, is_overall)`, and a comment.
pub(crate) async fn form(
    db: &Db,
    likert: impl Fn(&str, bool) -> &'static str,
    comment: &str,
) -> HashMap<String, String> {
    let questions = questions_of(db, &[default_template(db).await])
        .await
        .unwrap();
    questions
        .iter()
        .map(|q| {
            let value = match q.kind {
                QuestionKind::Likert => likert(&q.dimension, q.is_overall).to_owned(),
                QuestionKind::Text => comment.to_owned(),
                QuestionKind::Choice => "0".to_owned(),
            };
            (q.id.to_string(), value)
        })
        .collect()
}

/// A class of seven who all attended, with its survey open.
async fn seven(db: &Db) -> (Fixture, i32) {
    let f = fixture(db, SEVEN).await;
    let phones: Vec<String> = (1..=7).map(phone).collect();
    attend(db, f.session_id, &phones).await;
    let survey = open(db, f.owner, f.class_id).await;
    (f, survey)
}

pub(crate) fn evaluator() -> Me {
    Me {
        user_id: 0,
        role: Role::Evaluator,
        display_name: "省评估专家".into(),
        contractor_id: None,
        county_id: None,
    }
}

#[tokio::test]
async fn only_trainees_who_attended_may_answer_and_the_others_are_told_why() {
    on_each_database!(|db| {
        let f = fixture(db, SEVEN).await;
        attend(db, f.session_id, &[phone(1)]).await;
        let survey = open(db, f.owner, f.class_id).await;
        let answers = form(db, |_, _| "4", "").await;
        let absent = user_of(db, &phone(2)).await;
        let err = submit(db, (absent, None), survey, answers.clone(), cst(30, 10))
            .await
            .unwrap_err();
        assert_eq!(err, AppError::invalid(t::SURVEY_NOT_ATTENDED));
        let present = user_of(db, &phone(1)).await;
        let early = submit(db, (present, None), survey, answers.clone(), cst(27, 10))
            .await
            .unwrap_err();
        assert!(early.to_string().contains("尚未开放"), "{early}");
        let late = submit(
            db,
            (present, None),
            survey,
            answers.clone(),
            cst(30, 10) + chrono::Duration::days(10),
        )
        .await
        .unwrap_err();
        // The admin's rule: seven days after the class's last day (12-02).
        assert!(late.to_string().contains("12月09日 23:59 截止"), "{late}");
        assert_eq!(participation::Entity::find().count(db).await.unwrap(), 0);
        submit(db, (present, None), survey, answers, cst(30, 10))
            .await
            .unwrap();
        assert_eq!(response::Entity::find().count(db).await.unwrap(), 1);
    });
}

#[tokio::test]
async fn an_unanswered_item_is_named_and_nothing_is_stored() {
    on_each_database!(|db| {
        let (_, survey) = seven(db).await;
        let mut answers = form(db, |_, _| "5", "").await;
        let questions = questions_of(db, &[default_template(db).await])
            .await
            .unwrap();
        let second_of_course = questions
            .iter()
            .filter(|q| q.dimension == "课程内容")
            .nth(1)
            .unwrap();
        answers.remove(&second_of_course.id.to_string());
        let me = user_of(db, &phone(1)).await;
        let err = submit(db, (me, None), survey, answers.clone(), cst(30, 10))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "还有题目没有作答：第 2 组“课程内容”的第 2 题。"
        );
        answers.insert(second_of_course.id.to_string(), "9".into());
        let err = submit(db, (me, None), survey, answers, cst(30, 10))
            .await
            .unwrap_err();
        assert_eq!(err, AppError::invalid(t::ERR_LIKERT));
        assert_eq!(participation::Entity::find().count(db).await.unwrap(), 0);
        assert_eq!(response::Entity::find().count(db).await.unwrap(), 0);
    });
}

#[tokio::test]
async fn fifty_parallel_submissions_from_one_trainee_record_exactly_one_response() {
    on_each_database!(|db| {
        let (_, survey) = seven(db).await;
        let answers = form(db, |_, _| "4", "很好").await;
        let me = user_of(db, &phone(3)).await;
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (db, answers) = (db.clone(), answers.clone());
                tokio::spawn(
                    async move { submit(&db, (me, None), survey, answers, cst(30, 10)).await },
                )
            })
            .collect();
        let mut accepted = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => accepted += 1,
                Err(err) => assert_eq!(err, AppError::invalid(t::SURVEY_ANSWERED)),
            }
        }
        assert_eq!(accepted, 1);
        assert_eq!(participation::Entity::find().count(db).await.unwrap(), 1);
        assert_eq!(response::Entity::find().count(db).await.unwrap(), 1);
        assert_eq!(
            answer::Entity::find().count(db).await.unwrap(),
            answers.len() as u64
        );
    });
}

async fn columns(db: &Db, table: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY name"),
        _ => format!(
            "SELECT column_name AS name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY column_name"
        ),
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}

#[tokio::test]
async fn response_and_answer_tables_hold_no_column_linking_to_a_trainee() {
    on_each_database!(|db| {
        // Exactly these columns: no trainee or user id, no exact time, no sequential id.
        // `published` is shared by the whole group of five a response arrived in.
        assert_eq!(
            columns(db, "response").await,
            ["id", "published", "submitted_on", "survey_id"]
        );
        assert_eq!(
            columns(db, "answer").await,
            ["choice", "likert", "question_id", "response_id", "text"]
        );
        assert_eq!(
            columns(db, "participation").await,
            ["device_hash", "survey_id", "trainee_id"]
        );
        if db.get_database_backend() == DbBackend::Sqlite {
            // WITHOUT ROWID: not even SQLite's hidden rowid records the order of arrival.
            for table in ["response", "answer", "participation"] {
                let sql = format!("SELECT rowid FROM {table}");
                let hidden = db
                    .query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
                    .await;
                assert!(hidden.is_err(), "{table} has a rowid");
            }
        }
        let (_, survey) = seven(db).await;
        for n in 1..=3 {
            let me = user_of(db, &phone(n)).await;
            submit(
                db,
                (me, None),
                survey,
                form(db, |_, _| "5", "").await,
                cst(30, 10),
            )
            .await
            .unwrap();
        }
        let ids: Vec<String> = response::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids.len(), 3);
        assert!(ids
            .iter()
            .all(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())));
    });
}

#[tokio::test]
async fn results_are_withheld_below_five_responses() {
    on_each_database!(|db| {
        let (f, survey) = seven(db).await;
        for n in 1..=4 {
            let me = user_of(db, &phone(n)).await;
            submit(
                db,
                (me, None),
                survey,
                form(db, |_, _| "5", "收获很大").await,
                cst(30, 10),
            )
            .await
            .unwrap();
        }
        let four = class_results(db, &evaluator(), f.class_id).await.unwrap();
        assert_eq!((four.eligible, four.responses), (7, 4));
        assert!(four.figures.is_none(), "four responses must be withheld");
        let me = user_of(db, &phone(5)).await;
        submit(
            db,
            (me, None),
            survey,
            form(db, |_, _| "5", "收获很大").await,
            cst(30, 10),
        )
        .await
        .unwrap();
        let five = class_results(db, &evaluator(), f.class_id).await.unwrap();
        let figures = five.figures.clone().expect("five responses are shown");
        assert_eq!(figures.overall.unwrap().tally.valid(), 5);
        assert_eq!(figures.comments[0].texts.len(), 5);
        assert_eq!(five.response_rate(), Some(5.0 / 7.0));
    });
}

#[tokio::test]
async fn metrics_follow_their_definitions_with_not_applicable_answers() {
    on_each_database!(|db| {
        let (f, survey) = seven(db).await;
        // Overall item: 5, 4, 3, 5, 2. 后勤保障: 不适用 twice, then 4, 5, 1. Others: 4.
        let overall = ["5", "4", "3", "5", "2"];
        let logistics = ["0", "0", "4", "5", "1"];
        for n in 0..5 {
            let answers = form(
                db,
                |dim, is_overall| match (dim, is_overall) {
                    (_, true) => overall[n],
                    ("后勤保障", _) => logistics[n],
                    _ => "4",
                },
                "",
            )
            .await;
            let me = user_of(db, &phone(n + 1)).await;
            submit(db, (me, None), survey, answers, cst(30, 10))
                .await
                .unwrap();
        }
        let r = class_results(db, &contractor_me(f.owner), f.class_id)
            .await
            .unwrap();
        let figures = r.figures.unwrap();
        let o = figures.overall.unwrap();
        assert_eq!(o.tally.satisfaction(), Some(3.0 / 5.0));
        assert_eq!(o.tally.mean(), Some(19.0 / 5.0));
        let l = figures
            .dimensions
            .iter()
            .find(|d| d.name == "后勤保障")
            .unwrap();
        assert_eq!((l.tally.valid(), l.tally.not_applicable), (3, 2));
        assert_eq!(l.tally.satisfaction(), Some(2.0 / 3.0));
        assert_eq!(l.tally.mean(), Some(10.0 / 3.0));
        let course = figures
            .dimensions
            .iter()
            .find(|d| d.name == "课程内容")
            .unwrap();
        assert_eq!(
            course.tally.valid(),
            10,
            "two items × five responses, pooled"
        );
        assert_eq!(course.tally.satisfaction(), Some(1.0));
        assert!(
            figures.comments.iter().all(|c| c.texts.is_empty()),
            "empty comments are not stored"
        );
    });
}

#[tokio::test]
async fn a_project_pools_only_the_classes_whose_results_are_shown() {
    on_each_database!(|db| {
        let (f, survey) = seven(db).await;
        for n in 1..=5 {
            let me = user_of(db, &phone(n)).await;
            submit(
                db,
                (me, None),
                survey,
                form(db, |_, _| "5", "").await,
                cst(30, 10),
            )
            .await
            .unwrap();
        }
        // A second class of the same project with two responses: withheld and left out.
        let project_id = class::Entity::find_by_id(f.class_id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .project_id;
        let second = NewClass {
            name: "初中语文 2 班".into(),
            start_date: "2022-11-28".into(),
            end_date: "2022-12-02".into(),
            venue: String::new(),
            head_teacher: String::new(),
            capacity: String::new(),
        };
        let class_b = classes::create_class(db, f.owner.0, f.owner.1, project_id, second)
            .await
            .unwrap();
        let session_b =
            classes::create_session(db, f.owner.0, f.owner.1, class_b, support::session_form())
                .await
                .unwrap();
        let roster = "姓名,手机号\n学员八,13800138008\n学员九,13800138009\n";
        support::nominate_roster(db, project_id, roster).await;
        import_roster(db, f.owner, class_b, ("b.csv", roster.as_bytes()))
            .await
            .unwrap();
        attend(db, session_b, &[phone(8), phone(9)]).await;
        let survey_b = open(db, f.owner, class_b).await;
        for n in [8, 9] {
            let me = user_of(db, &phone(n)).await;
            submit(
                db,
                (me, None),
                survey_b,
                form(db, |_, _| "1", "").await,
                cst(30, 10),
            )
            .await
            .unwrap();
        }
        let r = project_results(db, &evaluator(), project_id).await.unwrap();
        assert_eq!((r.eligible, r.responses, r.left_out), (9, 7, 1));
        let overall = r.figures.unwrap().overall.unwrap();
        assert_eq!(
            overall.tally.valid(),
            5,
            "class B's two answers stay out of the pool"
        );
        assert_eq!(overall.tally.satisfaction(), Some(1.0));
        assert!(r
            .classes
            .iter()
            .any(|c| c.class_id == class_b && c.withheld && c.overall.is_none()));
    });
}

#[tokio::test]
async fn editing_a_used_template_makes_a_new_version_and_answers_keep_their_questions() {
    on_each_database!(|db| {
        let (_, survey) = seven(db).await;
        let old = default_template(db).await;
        let before = questions_of(db, &[old]).await.unwrap();
        let text = "[课程内容]\n内容实用\n[总体满意度]\n* 总体满意\n";
        let new = save_template(db, 1, Some(old), "精简版", text)
            .await
            .unwrap();
        assert_ne!(new, old, "a used template is versioned, not changed");
        assert_eq!(questions_of(db, &[old]).await.unwrap(), before);
        let row = survey_template::Entity::find_by_id(new)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.version, row.family_id), (2, Some(old)));
        // An unused version is edited in place.
        let same = save_template(db, 1, Some(new), "精简版", "[课程内容]\n内容实用\n")
            .await
            .unwrap();
        assert_eq!(same, new);
        assert_eq!(questions_of(db, &[new]).await.unwrap().len(), 1);
        let me = user_of(db, &phone(1)).await;
        submit(
            db,
            (me, None),
            survey,
            form(db, |_, _| "4", "").await,
            cst(30, 10),
        )
        .await
        .unwrap();
        let bad = save_template(db, 1, None, "空", "[问答]\n收获？\n")
            .await
            .unwrap_err();
        assert_eq!(bad, AppError::invalid(t::TEMPLATE_NO_LIKERT));
    });
}

#[tokio::test]
async fn a_contractor_reaches_only_its_own_classes_surveys() {
    on_each_database!(|db| {
        let (f, _) = seven(db).await;
        let form = SurveyForm {
            class_id: f.class_id,
            template_id: default_template(db).await,
        };
        assert_eq!(
            open_survey(db, f.other, form).await.unwrap_err(),
            AppError::Forbidden
        );
        let err = class_results(db, &contractor_me(f.other), f.class_id)
            .await
            .unwrap_err();
        assert_eq!(err, AppError::Forbidden);
        assert!(class_results(db, &contractor_me(f.owner), f.class_id)
            .await
            .is_ok());
        assert!(class_results(db, &evaluator(), f.class_id).await.is_ok());
    });
}
