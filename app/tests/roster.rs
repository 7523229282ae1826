//! Rosters cannot overfill a class or a project (issue 13): a class holds its capacity, a
//! project's classes together hold the places the official table gives it, each plus the
//! margin the admin sets on the programme.
use crate::support::*;
use app::admin::rules::service::set_rules;
use app::entities::{enrolment, programme, project, trainee};
use app::training::classes::{self, NewClass};
use app::training::roster::import_roster;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

/// A roster of `n` new trainees, phones from 13900000000 on.
fn roster_of(n: usize, from: usize) -> String {
    let mut csv = "姓名,手机号\n".to_owned();
    for i in from..from + n {
        csv.push_str(&format!("学员{i},139{i:08}\n"));
    }
    csv
}

/// Imports a roster of `n` new trainees into the class as the fixture's contractor.
async fn import(
    db: &app::db::Db,
    f: &Fixture,
    class_id: i32,
    n: usize,
    from: usize,
) -> (i32, app::training::RosterReport) {
    let csv = roster_of(n, from);
    let project = crate::support::project_of(db, class_id).await;
    crate::support::nominate_roster(db, project, &csv).await;
    import_roster(db, f.owner, class_id, ("r.csv", csv.as_bytes()))
        .await
        .unwrap()
}

/// A second class of the fixture's project, with the given capacity.
async fn class_of(db: &app::db::Db, f: &Fixture, capacity: &str) -> i32 {
    let first = app::entities::class::Entity::find_by_id(f.class_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let class = NewClass {
        name: "初中语文 2 班".into(),
        start_date: "2022-11-28".into(),
        end_date: "2022-12-02".into(),
        venue: "江西师范大学".into(),
        head_teacher: "李老师".into(),
        capacity: capacity.into(),
    };
    classes::create_class(db, f.owner.0, f.owner.1, first.project_id, class)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_roster_past_the_class_capacity_and_its_margin_imports_nobody() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let class_id = class_of(db, &f, "10").await;
        let project = crate::support::project_of(db, class_id).await;
        crate::support::nominate_roster(db, project, &roster_of(12, 0)).await;
        let before = trainee::Entity::find().count(db).await.unwrap();
        // Capacity 10 with the default margin of 10 %: 11 fit, 12 do not.
        let (_, report) = import(db, &f, class_id, 12, 0).await;
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        let message = &report.errors[0].message;
        assert!(
            message.contains("本班容量 10 人") && message.contains("最多 11 人"),
            "{message}"
        );
        assert!(message.contains("导入后将有 12 人"), "{message}");
        assert_eq!(trainee::Entity::find().count(db).await.unwrap(), before);
        let (_, report) = import(db, &f, class_id, 11, 0).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.enrolled, 11);
        // Those already in the class do not count twice; one more does not fit.
        let (_, again) = import(db, &f, class_id, 11, 0).await;
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        let (_, more) = import(db, &f, class_id, 1, 50).await;
        assert_eq!(more.errors.len(), 1);
        // The admin widens the margin to 20 %: now 12 fit.
        let p = programme::Entity::find().one(db).await.unwrap().unwrap();
        set_rules(db, f.owner.0, p.id, ("6", "20", "7"), true)
            .await
            .unwrap();
        let (_, more) = import(db, &f, class_id, 1, 50).await;
        assert!(more.errors.is_empty(), "{:?}", more.errors);
        assert!(set_rules(db, f.owner.0, p.id, ("6", "51", "7"), true)
            .await
            .is_err());
    });
}

#[tokio::test]
async fn a_contractor_cannot_pass_the_projects_places_by_giving_its_classes_a_large_capacity() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let class_id = class_of(db, &f, "5000").await;
        // The official table's places for this project, shrunk to keep the test small.
        let c = app::entities::class::Entity::find_by_id(class_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let p = project::Entity::find_by_id(c.project_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut row: project::ActiveModel = p.into();
        row.headcount = Set(20);
        row.update(db).await.unwrap();
        // 3 already in the fixture's class; 20 places + 10 % = 22 in all.
        let (_, report) = import(db, &f, class_id, 20, 0).await;
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        let message = &report.errors[0].message;
        assert!(
            message.contains("本项目计划名额") && message.contains("最多 22 人"),
            "{message}"
        );
        assert!(message.contains("导入后将有 23 人"), "{message}");
        let in_class = enrolment::Entity::find().count(db).await.unwrap();
        assert_eq!(in_class, 3, "nothing was enrolled");
        // The places count people: the first class's 3, also on this roster, take none more.
        let csv = roster_of(19, 0) + "李晓梅,13800138001\n王芳,13800138002\n张伟,13800138003\n";
        let (_, report) = import_roster(db, f.owner, class_id, ("r.csv", csv.as_bytes()))
            .await
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            (report.enrolled, report.pending),
            (22, 0),
            "all nominated above"
        );
    });
}

#[tokio::test]
async fn two_imports_adding_the_same_new_trainees_at_once_never_fail_with_a_500() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (a, b) = (
            class_of(db, &f, "5000").await,
            class_of(db, &f, "5000").await,
        );
        let c = app::entities::class::Entity::find_by_id(a)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut row: project::ActiveModel = project::Entity::find_by_id(c.project_id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into();
        row.headcount = Set(1000);
        row.update(db).await.unwrap();
        let csv = roster_of(30, 500);
        let run = |class_id: i32| {
            let (db, csv, owner) = (db.clone(), csv.clone(), f.owner);
            tokio::spawn(async move {
                import_roster(&db, owner, class_id, ("r.csv", csv.as_bytes())).await
            })
        };
        let (first, second) = (run(a), run(b));
        for result in [first.await.unwrap(), second.await.unwrap()] {
            match result {
                Ok((_, report)) => assert!(report.errors.is_empty(), "{:?}", report.errors),
                Err(err) => assert_eq!(
                    err,
                    app::error::AppError::Invalid(app::i18n::t::ERR_ROSTER_RACED.into())
                ),
            }
        }
        // Each phone became one trainee, whichever import made it.
        let made = trainee::Entity::find().count(db).await.unwrap();
        assert_eq!(made, 3 + 30);
    });
}
