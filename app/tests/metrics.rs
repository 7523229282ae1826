//! DESIGN's metric definitions on a small class whose every figure is worked out by hand, on
//! SQLite and PostgreSQL: the overview, its exports and a county evaluator's scope.
use crate::support::{self, fixture, session_form, user_of};
use crate::survey::{cst, form, open, phone, SEVEN};
use app::training::checkin_counts::CheckinCounts;

use app::auth::{Me, Role};
use app::checkin::sheet;
use app::dashboard::export::projects_table;
use app::dashboard::report::class_report;
use app::dashboard::service::programme_projects;
use app::dashboard::{Level, Metric, ProjectFilter};
use app::db::Db;
use app::entities::{checkin, class, online_hours, project, trainee};
use app::error::AppError;
use app::survey::submission::submit;
use app::tabular::csv;
use app::training::classes;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

fn evaluator(county_id: Option<i32>) -> Me {
    Me {
        user_id: 0,
        role: Role::Evaluator,
        display_name: "评估专家".into(),
        contractor_id: None,
        county_id,
    }
}

/// Check-ins and hours point at the trainee row; survey submissions at the login.
async fn trainee_of(db: &Db, n: usize) -> i32 {
    trainee::Entity::find()
        .filter(trainee::Column::Phone.eq(phone(n)))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn row(db: &Db, session: i32, n: usize, kind: &str, flags: &str, state: &str) {
    // Written straight to the table, so counted here, as a write transaction would.
    let trainee = trainee_of(db, n).await;
    let counts = CheckinCounts::before(db, &[session], &[trainee])
        .await
        .unwrap();
    checkin::ActiveModel {
        session_id: Set(session),
        trainee_id: Set(trainee),
        kind: Set(kind.try_into().unwrap()),
        at: Set(cst(29, 9)),
        method: Set("qr".try_into().unwrap()),
        flags: Set(flags.into()),
        state: Set(state.try_into().unwrap()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    counts.apply(db).await.unwrap();
}

async fn hours(db: &Db, class_id: i32, n: usize, half_hours: i32, state: &str) {
    online_hours::ActiveModel {
        class_id: Set(class_id),
        trainee_id: Set(trainee_of(db, n).await),
        date: Set(chrono::NaiveDate::from_ymd_opt(2022, 11, 29).unwrap()),
        half_hours: Set(half_hours),
        activity: Set("课程学习".into()),
        state: Set(state.try_into().unwrap()),
        created_at: Set(cst(29, 20)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    app::training::counts::refresh(db, &[class_id])
        .await
        .unwrap();
}

/// Seven enrolled (1, 4, 7 from 遂川县), two sessions held:
/// - morning, check-out required: 1-5 in (4 flagged late), 1-3 out → 3 count;
/// - afternoon: 1-5 in, 6 in but revoked → 5 count.
///
/// Attendance 8 / 14; flags 1 of 10 valid check-ins; eligible 1-5.
/// Online hours, 10 required (20 halves): 1 approved 20, 2 verified 20, 3 pending 20,
/// 4 approved 19 → 2 of 7 complete.
/// Survey answers on the overall item: 5, 4, 3, 不适用, then 5 → 3 of 4 valid satisfied.
async fn class_of_seven(db: &Db) -> (support::Fixture, i32) {
    let f = fixture(db, SEVEN).await;
    let afternoon = classes::NewSession {
        title: "11月29日下午：工作坊".into(),
        starts: "14:00".into(),
        ends: "17:00".into(),
        checkout_required: false,
        geofence: String::new(),
        radius_m: String::new(),
        ..session_form()
    };
    let pm = classes::create_session(db, f.owner.0, f.owner.1, f.class_id, afternoon)
        .await
        .unwrap();
    for n in 1..=5 {
        row(
            db,
            f.session_id,
            n,
            "in",
            if n == 4 { "late" } else { "" },
            "valid",
        )
        .await;
        row(db, pm, n, "in", "", "valid").await;
    }
    for n in 1..=3 {
        row(db, f.session_id, n, "out", "", "valid").await;
    }
    row(db, pm, 6, "in", "", "revoked").await;
    let c = class::Entity::find_by_id(f.class_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut p: project::ActiveModel = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    p.online_hours = Set(Some(10));
    p.update(db).await.unwrap();
    app::training::counts::refresh(db, &[f.class_id])
        .await
        .unwrap();
    hours(db, f.class_id, 1, 20, "approved").await;
    hours(db, f.class_id, 2, 20, "verified").await;
    hours(db, f.class_id, 3, 20, "pending").await;
    hours(db, f.class_id, 4, 19, "approved").await;
    let survey = open(db, f.owner, f.class_id).await;
    for (n, overall) in [(1, "5"), (2, "4"), (3, "3"), (4, "0")] {
        let answers = form(
            db,
            move |_, is_overall| if is_overall { overall } else { "4" },
            "",
        )
        .await;
        submit(
            db,
            (user_of(db, &phone(n)).await, None),
            survey,
            answers,
            cst(30, 10),
        )
        .await
        .unwrap();
    }
    (f, survey)
}

async fn fifth_answer(db: &Db, survey: i32) {
    let answers = form(db, |_, _| "5", "").await;
    submit(
        db,
        (user_of(db, &phone(5)).await, None),
        survey,
        answers,
        cst(30, 11),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn every_rate_follows_its_published_definition() {
    on_each_database!(|db| {
        let (f, survey) = class_of_seven(db).await;
        let list = programme_projects(db, &evaluator(None), &ProjectFilter::default())
            .await
            .unwrap();
        let c = &list.total;
        assert_eq!((c.classes, c.enrolled, c.sessions_held), (1, 7, 2));
        assert_eq!(
            (c.attended, c.expected),
            (8, 14),
            "check-out required and revoked rows"
        );
        assert_eq!((c.checkins, c.flagged), (10, 1));
        assert_eq!((c.hours_complete, c.hours_enrolled), (2, 7));
        assert_eq!((c.responses, c.eligible), (4, 5));
        // Four responses: the class is withheld, so there is no satisfaction figure at all.
        assert_eq!((c.satisfaction(), c.withheld), (None, 1));
        assert_eq!(list.totals.sessions_held, 2);

        fifth_answer(db, survey).await;
        let list = programme_projects(db, &evaluator(None), &ProjectFilter::default())
            .await
            .unwrap();
        let c = &list.total;
        assert_eq!(c.withheld, 0);
        // 5, 4, 3, 5 valid; 不适用 is in neither part.
        assert_eq!(c.overall.valid(), 4);
        assert_eq!(c.satisfaction(), Some(0.75));
        assert_eq!(c.response_rate(), Some(1.0));
        let project = list
            .projects
            .iter()
            .find(|p| p.counts.classes == 1)
            .unwrap();
        assert_eq!(project.counts, *c);
        let level = |m| {
            project
                .warnings
                .iter()
                .find(|w| w.metric == m)
                .map(|w| w.level)
        };
        assert_eq!(level(Metric::Attendance), Some(Level::Red), "8/14 < 90%");
        assert_eq!(level(Metric::Integrity), Some(Level::Red), "10% > 2%");
        assert_eq!(level(Metric::Satisfaction), Some(Level::Red), "75% < 90%");
        assert_eq!(level(Metric::Response), None);
        let jia = list
            .by_contractor
            .iter()
            .find(|l| l.name == "甲师范大学")
            .unwrap();
        assert_eq!(jia.counts, *c);
        let _ = f;
    });
}

#[tokio::test]
async fn the_projects_export_prints_the_figures_the_overview_shows() {
    on_each_database!(|db| {
        let (_, survey) = class_of_seven(db).await;
        fifth_answer(db, survey).await;
        let list = programme_projects(db, &evaluator(None), &ProjectFilter::default())
            .await
            .unwrap();
        let sorted = programme_projects(
            db,
            &evaluator(None),
            &ProjectFilter {
                sort: "attendance".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        // Worst attendance first: the only project with a figure leads.
        assert_eq!(sorted.projects[0].counts.attended, 8);
        let text = String::from_utf8(csv(&projects_table(&list)).unwrap()).unwrap();
        let line = text.lines().find(|l| l.contains("甲师范大学")).unwrap();
        for figure in [
            "57.1%", "28.6%", "100.0%", "75.0%", ",8,14,", ",2,7,", ",5,5,", ",3,4,",
        ] {
            assert!(line.contains(figure), "{figure} missing from {line}");
        }
        assert_eq!(text.lines().count(), 1 + 78);
    });
}

#[tokio::test]
async fn a_county_evaluator_counts_only_its_own_trainees_and_is_refused_elsewhere() {
    on_each_database!(|db| {
        let (f, survey) = class_of_seven(db).await;
        fifth_answer(db, survey).await;
        let suichuan = evaluator(Some(support::county_id(db, "遂川县").await));
        let list = programme_projects(db, &suichuan, &ProjectFilter::default())
            .await
            .unwrap();
        let c = &list.total;
        // 1, 4 and 7: 1 in and out in the morning, 4 in without out; both in the afternoon.
        assert_eq!((c.enrolled, c.expected, c.attended), (3, 6, 3));
        assert_eq!((c.eligible, c.responses), (2, 2));
        assert_eq!(c.hours_complete, 1);
        let report = class_report(db, &suichuan, f.class_id).await.unwrap();
        assert_eq!(report.counts.attended, 3);
        assert_eq!(report.sessions[0].enrolled, 3);
        assert_eq!(report.county.as_deref(), Some("遂川县"));
        let sheet = sheet::sheet_for(db, &suichuan, f.session_id).await.unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert!(!sheet.can_correct);
        // The province's county table puts 遂川县's trainees on their own line.
        let all = programme_projects(db, &evaluator(None), &ProjectFilter::default())
            .await
            .unwrap();
        let line = all.by_county.iter().find(|l| l.name == "遂川县").unwrap();
        assert_eq!((line.counts.enrolled, line.counts.attended), (3, 3));

        // A class of a project that does not reach 遂川县 (a 示范县): neither the class, its
        // sheet nor the project's page.
        let (far_project, far_class, far_session) = class_elsewhere(db, &f).await;
        assert_eq!(
            class_report(db, &suichuan, far_class).await.unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            sheet::sheet_for(db, &suichuan, far_session)
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            app::dashboard::project::project_classes(db, &suichuan, far_project)
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        assert!(
            app::dashboard::project::project_classes(db, &suichuan, report.project_id)
                .await
                .is_ok()
        );
    });
}

/// The fixture's contractor also runs a class in a project for another county category.
async fn class_elsewhere(db: &Db, f: &support::Fixture) -> (i32, i32, i32) {
    let far = project::Entity::find()
        .filter(project::Column::ScopeKind.eq("category"))
        .filter(project::Column::ScopeCategory.ne("示范县"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    support::give_project(db, far.seq, f.owner.1).await;
    let class = classes::NewClass {
        name: "振兴帮扶县 1 班".into(),
        start_date: "2022-11-28".into(),
        end_date: "2022-12-02".into(),
        venue: String::new(),
        head_teacher: String::new(),
        capacity: String::new(),
    };
    let class_id = classes::create_class(db, f.owner.0, f.owner.1, far.id, class)
        .await
        .unwrap();
    let session = classes::create_session(db, f.owner.0, f.owner.1, class_id, session_form())
        .await
        .unwrap();
    (far.id, class_id, session)
}
