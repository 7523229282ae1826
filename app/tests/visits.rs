//! Evaluation visits and the evaluator's scope on SQLite and PostgreSQL.
use crate::support::{self, contractor_me, fixture, give_project, ROSTER};

use app::auth::{Me, Role};
use app::dashboard::service::programme_projects;
use app::dashboard::visits::{class_visits, record_visit, VisitForm};
use app::dashboard::{ProjectFilter, RUBRIC};
use app::db::Db;
use app::entities::{county, evaluation_visit, project};
use app::error::AppError;
use app::i18n::t;
use app::survey::results::class_results;
use app::training::classes::{self, NewClass};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 11, 30).unwrap()
}

fn form(class_id: i32, date: &str, scores: &[&str]) -> VisitForm {
    VisitForm {
        class_id,
        date: date.into(),
        scores: RUBRIC
            .iter()
            .zip(scores)
            .map(|((key, _), s)| ((*key).to_owned(), (*s).to_owned()))
            .collect::<HashMap<_, _>>(),
        notes: "  签到表与现场人数一致。 ".into(),
    }
}

async fn evaluator(db: &Db, login: &str, county: Option<i32>) -> Me {
    support::user(db, Role::Evaluator, login, "evaluator-pass-1", None, county).await
}

#[tokio::test]
async fn an_evaluator_records_a_visit_and_the_classes_contractor_reads_it() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let me = evaluator(db, "pinggu", None).await;
        record_visit(
            db,
            &me,
            form(f.class_id, "2022-11-29", &["5", "4", "4", "3", "5"]),
            today(),
        )
        .await
        .unwrap();
        let seen = class_visits(db, &contractor_me(f.owner), f.class_id, today())
            .await
            .unwrap();
        assert!(
            !seen.can_record,
            "contractors read visits, they do not record them"
        );
        assert_eq!(seen.visits.len(), 1);
        let visit = &seen.visits[0];
        assert_eq!(visit.date, "2022-11-29");
        assert_eq!(visit.evaluator, "pinggu");
        assert_eq!(visit.scores[0], ("培训方案按时报送".to_owned(), 5));
        assert_eq!(visit.average(), 4.2);
        assert_eq!(visit.notes, "签到表与现场人数一致。");
        let other = class_visits(db, &contractor_me(f.other), f.class_id, today()).await;
        assert_eq!(other.unwrap_err(), AppError::Forbidden);
        let by_contractor = record_visit(
            db,
            &contractor_me(f.owner),
            form(f.class_id, "2022-11-29", &["5"; 5]),
            today(),
        )
        .await;
        assert_eq!(by_contractor.unwrap_err(), AppError::Forbidden);
    });
}

#[tokio::test]
async fn a_visit_needs_every_score_and_a_date_not_in_the_future() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let me = evaluator(db, "pinggu", None).await;
        let missing = record_visit(
            db,
            &me,
            form(f.class_id, "2022-11-29", &["5", "4"]),
            today(),
        )
        .await;
        assert_eq!(
            missing.unwrap_err().to_string(),
            "请为“现场考勤与签到记录一致”打分。"
        );
        let bad = record_visit(
            db,
            &me,
            form(f.class_id, "2022-11-29", &["5", "4", "9", "3", "5"]),
            today(),
        )
        .await;
        assert_eq!(bad.unwrap_err(), AppError::invalid(t::ERR_RUBRIC_SCORE));
        let future =
            record_visit(db, &me, form(f.class_id, "2022-12-01", &["5"; 5]), today()).await;
        assert_eq!(future.unwrap_err(), AppError::invalid(t::ERR_VISIT_FUTURE));
        assert_eq!(evaluation_visit::Entity::find().count(db).await.unwrap(), 0);
    });
}

#[tokio::test]
async fn a_county_evaluator_reaches_only_projects_that_reach_its_county() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let suichuan = county::Entity::find()
            .filter(county::Column::Name.eq("遂川县"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let me = evaluator(db, "suichuan", Some(suichuan.id)).await;
        let reach: Vec<i32> = programme_projects(db, &me, &ProjectFilter::default())
            .await
            .unwrap()
            .projects
            .into_iter()
            .map(|p| p.seq)
            .collect();
        let all = project::Entity::find().all(db).await.unwrap();
        let outside = all
            .iter()
            .find(|p| !reach.contains(&p.seq))
            .expect("a project outside 遂川县");
        let inside = all
            .iter()
            .find(|p| reach.contains(&p.seq) && p.seq > 2)
            .expect("a project reaching 遂川县");
        let mut classes = vec![];
        for p in [inside, outside] {
            let pid = give_project(db, p.seq, f.owner.1).await;
            let class = NewClass {
                name: format!("{} 一班", p.seq),
                start_date: "2022-11-28".into(),
                end_date: "2022-12-02".into(),
                venue: String::new(),
                head_teacher: String::new(),
                capacity: String::new(),
            };
            classes.push(
                classes::create_class(db, f.owner.0, f.owner.1, pid, class)
                    .await
                    .unwrap(),
            );
        }
        let (inside_class, outside_class) = (classes[0], classes[1]);
        assert!(class_visits(db, &me, inside_class, today()).await.is_ok());
        assert!(class_results(db, &me, inside_class).await.is_ok());
        let refused = record_visit(
            db,
            &me,
            form(outside_class, "2022-11-29", &["5"; 5]),
            today(),
        )
        .await;
        assert_eq!(refused.unwrap_err(), AppError::Forbidden);
        assert_eq!(
            class_visits(db, &me, outside_class, today())
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            class_results(db, &me, outside_class).await.unwrap_err(),
            AppError::Forbidden
        );
        let province = evaluator(db, "pinggu", None).await;
        assert!(class_visits(db, &province, outside_class, today())
            .await
            .is_ok());
    });
}
