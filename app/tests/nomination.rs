//! Issue 34: the contractor no longer makes its own trainees. Counties (or the province) send
//! them; a contractor's own roster row counts in nothing until its county confirms it. On
//! SQLite and PostgreSQL.
use crate::support::{self, fixture, user_of, Fixture, ROSTER};
use crate::survey::{form, open};
use app::auth::{Me, Role};
use app::checkin::sheet::{correct, Correction};
use app::dashboard::metrics::{self, Classes, GroupBy, Selection};
use app::dashboard::recompute::recompute;
use app::db::{now, Db};
use app::entities::{app_user, class, enrolment, trainee};
use app::error::AppError;
use app::i18n::t;
use app::survey::submission::submit;
use app::training::access::nominator;
use app::training::classes::{create_class, NewClass};
use app::training::nomination::{allocate, confirm, nominate};
use app::training::nominees::nominations;
use app::training::roster::{import_roster, parse};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const SIX_UNKNOWN: &str = "姓名,手机号,县区\n\
    甲,13900139101,遂川县\n乙,13900139102,遂川县\n丙,13900139103,遂川县\n\
    丁,13900139104,遂川县\n戊,13900139105,遂川县\n己,13900139106,遂川县\n";

async fn trainee_id(db: &Db, phone: &str) -> i32 {
    trainee::Entity::find()
        .filter(trainee::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The class's kept figures, held equal to a recount from the raw rows.
async fn figures(db: &Db, class_id: i32) -> app::dashboard::Counts {
    let sel = Selection {
        classes: Classes::Class(class_id),
        county: None,
        group: GroupBy::Class,
    };
    let kept = metrics::counts(db, sel, now()).await.unwrap();
    assert_eq!(kept, recompute(db, sel, now()).await.unwrap());
    kept.get(&class_id).cloned().unwrap_or_default()
}

/// 遂川县's evaluator, made on first use.
async fn suichuan(db: &Db) -> Me {
    let county = support::county_id(db, "遂川县").await;
    support::user(
        db,
        Role::Evaluator,
        "suichuan",
        "suichuan-pass-1",
        None,
        Some(county),
    )
    .await
}

#[tokio::test]
async fn a_contractors_six_unknown_phones_get_no_credential_and_count_nowhere_until_confirmed() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let before = figures(db, f.class_id).await;
        let (_, report) =
            import_roster(db, f.owner, f.class_id, ("six.csv", SIX_UNKNOWN.as_bytes()))
                .await
                .unwrap();
        assert_eq!((report.enrolled, report.pending), (0, 6));
        for n in 1..=6 {
            let user = app_user::Entity::find_by_id(user_of(db, &format!("1390013910{n}")).await)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (user.password_hash.as_str(), user.activation_hash.as_deref()),
                ("", None),
                "no credential the contractor could use"
            );
        }
        // The contractor marks one of its own present: kept, counted in nothing.
        let invented = trainee_id(db, "13900139101").await;
        let fix = Correction {
            session_id: f.session_id,
            trainee_id: invented,
            present: true,
            reason: "现场核对".into(),
        };
        correct(db, f.owner.0, f.owner.1, fix).await.unwrap();
        let after = figures(db, f.class_id).await;
        assert_eq!(
            (
                after.enrolled,
                after.checkins,
                after.flagged,
                after.eligible
            ),
            (
                before.enrolled,
                before.checkins,
                before.flagged,
                before.eligible
            ),
            "自建 trainees move no figure"
        );

        // 遂川县 confirms its teacher within its places: everything recorded for them counts
        // from now on, and the hand-written presence is flagged (人工更正为出勤).
        let project = support::project_of(db, f.class_id).await;
        let province = nominator(&support::province(db).await).unwrap();
        allocate(db, &province, project, "遂川县", "2")
            .await
            .unwrap();
        let county = nominator(&suichuan(db).await).unwrap();
        let page = nominations(db, &county, project).await.unwrap();
        assert_eq!(page.pending.len(), 6, "遂川县 sees the six awaiting it");
        assert_eq!(page.pending[0].claimed_name, "甲");
        let e = enrolment::Entity::find()
            .filter(enrolment::Column::TraineeId.eq(invented))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        confirm(db, &county, e.id).await.unwrap();
        let confirmed = figures(db, f.class_id).await;
        assert_eq!(confirmed.enrolled, before.enrolled + 1);
        assert_eq!(confirmed.checkins, before.checkins + 1);
        assert_eq!(
            confirmed.flagged,
            before.flagged + 1,
            "人工更正为出勤 is flagged"
        );
        assert_eq!(
            confirm(db, &county, e.id).await.err(),
            Some(AppError::Invalid(t::ERR_ALREADY_CONFIRMED.into()))
        );
        // Its 2 places are taken (李晓梅 and 甲): a third confirmation is refused, unwritten.
        let second = enrolment::Entity::find()
            .filter(enrolment::Column::TraineeId.eq(trainee_id(db, "13900139102").await))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let over = confirm(db, &county, second.id).await.err().unwrap();
        assert!(over.to_string().contains("超出本县区名额"), "{over}");
        assert_eq!(figures(db, f.class_id).await.enrolled, before.enrolled + 1);
    });
}

#[tokio::test]
async fn a_county_sends_only_its_own_teachers_within_its_places_and_confirms_only_its_own() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let project = support::project_of(db, f.class_id).await;
        let county = nominator(&suichuan(db).await).unwrap();
        let rows = |csv: &str| parse(&app::tabular::cells(csv.as_bytes()).unwrap()).unwrap();
        let two = "姓名,手机号\n赵,13900139201\n钱,13900139202\n";
        let refused = nominate(db, &county, project, rows(two)).await.unwrap();
        assert!(
            refused.errors[0].message.contains("分配 0 个"),
            "{:?}",
            refused.errors
        );
        assert!(
            trainee::Entity::find()
                .filter(trainee::Column::Phone.eq("13900139201"))
                .one(db)
                .await
                .unwrap()
                .is_none(),
            "a refused list writes nothing"
        );
        assert_eq!(
            allocate(db, &county, project, "遂川县", "3").await.err(),
            Some(AppError::Forbidden),
            "only the province allocates"
        );
        // The fixture's roster already holds one 遂川县 teacher the province sent.
        let province = nominator(&support::province(db).await).unwrap();
        allocate(db, &province, project, "遂川县", "3")
            .await
            .unwrap();
        let sent = nominate(db, &county, project, rows(two)).await.unwrap();
        assert_eq!((sent.nominated, sent.errors.len()), (2, 0));
        let third = "姓名,手机号\n孙,13900139203\n";
        let over = nominate(db, &county, project, rows(third)).await.unwrap();
        assert!(
            over.errors[0].message.contains("超出本县区名额"),
            "{:?}",
            over.errors
        );

        // A 永新县 row of the contractor's is not 遂川县's to confirm.
        let csv = "姓名,手机号,县区\n李,13900139301,泰和县\n";
        import_roster(db, f.owner, f.class_id, ("x.csv", csv.as_bytes()))
            .await
            .unwrap();
        let e = enrolment::Entity::find()
            .filter(enrolment::Column::TraineeId.eq(trainee_id(db, "13900139301").await))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            confirm(db, &county, e.id).await.err(),
            Some(AppError::Forbidden)
        );
        let contractor = support::contractor_me(f.owner);
        assert_eq!(nominator(&contractor).err(), Some(AppError::Forbidden));
    });
}

#[tokio::test]
async fn four_trainees_of_the_contractors_choosing_cannot_answer_beside_a_real_one() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let four =
            "姓名,手机号\n托一,13900139401\n托二,13900139402\n托三,13900139403\n托四,13900139404\n";
        import_roster(db, f.owner, f.class_id, ("four.csv", four.as_bytes()))
            .await
            .unwrap();
        let survey = open(db, f.owner, f.class_id).await;
        let phones: Vec<String> = (1..=4).map(|n| format!("1390013940{n}")).collect();
        crate::survey::attend(db, f.session_id, &phones).await;
        for phone in &phones {
            // Even with the accounts in hand, as if the contractor had set their PINs.
            let answers = form(db, |_, _| "1", "").await;
            let who = (user_of(db, phone).await, None);
            let refused = submit(db, who, survey, answers, crate::survey::cst(30, 10)).await;
            assert_eq!(
                refused.err(),
                Some(AppError::Invalid(t::SURVEY_UNCONFIRMED.into()))
            );
        }
        let answered = app::entities::participation::Entity::find()
            .all(db)
            .await
            .unwrap();
        assert!(answered.is_empty(), "none of the four answered");
    });
}

/// A second class of the fixture's project, running today.
async fn class_today(db: &Db, f: &Fixture, name: &str) -> i32 {
    let today = app::time::cst_today();
    let class = NewClass {
        name: name.into(),
        start_date: (today - chrono::Duration::days(1)).to_string(),
        end_date: (today + chrono::Duration::days(1)).to_string(),
        venue: String::new(),
        head_teacher: String::new(),
        capacity: String::new(),
    };
    let project = support::project_of(db, f.class_id).await;
    support::programmes_reach_today(db, f.owner.0).await;
    create_class(db, f.owner.0, f.owner.1, project, class)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reset_counts_in_every_class_the_trainee_attends_at_the_time() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (a, b) = (
            class_today(db, &f, "甲班").await,
            class_today(db, &f, "乙班").await,
        );
        for class_id in [a, b] {
            import_roster(db, f.owner, class_id, ("r.csv", ROSTER.as_bytes()))
                .await
                .unwrap();
        }
        let province = nominator(&support::province(db).await).unwrap();
        let project = support::project_of(db, f.class_id).await;
        let who = trainee_id(db, "13800138001").await;
        app::training::slips::reset_pin(
            db,
            &support::hasher(),
            &province,
            (project, who),
            "http://x".into(),
        )
        .await
        .unwrap();
        let count = |id: i32| async move {
            let c = class::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            app::survey::integrity::resets_during(db, &c, None)
                .await
                .unwrap()
        };
        assert_eq!((count(a).await, count(b).await), (1, 1));
        assert_eq!(count(f.class_id).await, 0, "the 2022 class was over");
    });
}

#[tokio::test]
async fn a_phone_the_county_later_nominates_is_confirmed_where_the_contractor_put_it() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let csv = "姓名,手机号,县区\n冒名,13900139501,遂川县\n";
        import_roster(db, f.owner, f.class_id, ("x.csv", csv.as_bytes()))
            .await
            .unwrap();
        let before = figures(db, f.class_id).await.enrolled;
        let province = nominator(&support::province(db).await).unwrap();
        let real = "姓名,手机号,县区\n真名,13900139501,遂川县\n";
        let rows = parse(&app::tabular::cells(real.as_bytes()).unwrap()).unwrap();
        let report = nominate(
            db,
            &province,
            support::project_of(db, f.class_id).await,
            rows,
        )
        .await
        .unwrap();
        assert_eq!((report.nominated, report.confirmed), (1, 1));
        assert_eq!(figures(db, f.class_id).await.enrolled, before + 1);
        let t = trainee::Entity::find_by_id(trainee_id(db, "13900139501").await)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((t.name.as_str(), t.issuer_contractor_id), ("真名", None));
    });
}

#[tokio::test]
async fn a_trainees_dispute_is_counted_in_the_evaluators_report_once() {
    use app::dashboard::report::class_report;
    use app::states::Disputed;
    use app::training::dispute::file;
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        // The contractor marks a trainee absent who says she was there.
        let li = trainee_id(db, "13800138001").await;
        crate::survey::attend(db, f.session_id, &["13800138001".to_owned()]).await;
        let fix = Correction {
            session_id: f.session_id,
            trainee_id: li,
            present: false,
            reason: "未见本人".into(),
        };
        correct(db, f.owner.0, f.owner.1, fix).await.unwrap();
        let user = user_of(db, "13800138001").await;
        let mine = app::checkin::mine::my_attendance(db, user).await.unwrap();
        let row = mine.iter().find(|r| r.session_id == f.session_id).unwrap();
        let note = row.correction.clone().unwrap();
        assert!(
            note.contains("更正为缺勤") && note.contains("未见本人"),
            "{note}"
        );
        assert!(note.contains("jia"), "who corrected it: {note}");

        file(
            db,
            user,
            (Disputed::Session, f.session_id),
            "我全程在场，有照片",
        )
        .await
        .unwrap();
        assert_eq!(
            file(db, user, (Disputed::Session, f.session_id), "再说一次")
                .await
                .err(),
            Some(AppError::Invalid(t::ERR_DISPUTE_TWICE.into()))
        );
        // Another trainee cannot dispute a record of a class they are not on.
        let outsider = support::user(db, Role::Trainee, "13900139999", "730419", None, None).await;
        assert!(
            file(db, outsider.user_id, (Disputed::Session, f.session_id), "x")
                .await
                .is_err()
        );

        let reader = support::province(db).await;
        let report = class_report(db, &reader, f.class_id).await.unwrap();
        assert_eq!(report.witness.disputes.len(), 1);
        assert_eq!(report.witness.disputes[0].trainee, "李晓梅");
        assert!(
            report.witness.disputes_high(report.counts.enrolled),
            "1 of 3 is above 2 %"
        );
        let api = app::training::dispute::per_class(db, &[f.class_id], None)
            .await
            .unwrap();
        assert_eq!(api[&f.class_id], (0, 1));
    });
}

#[tokio::test]
async fn a_county_cannot_take_over_another_countys_teacher() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let project = support::project_of(db, f.class_id).await;
        let rows = |csv: &str| parse(&app::tabular::cells(csv.as_bytes()).unwrap()).unwrap();
        let province = nominator(&support::province(db).await).unwrap();
        let theirs = "姓名,手机号,县区\n泰和老师,13900139601,泰和县\n";
        nominate(db, &province, project, rows(theirs))
            .await
            .unwrap();
        allocate(db, &province, project, "遂川县", "10")
            .await
            .unwrap();
        let county = nominator(&suichuan(db).await).unwrap();
        let grab = "姓名,手机号\n冒名,13900139601\n";
        let refused = nominate(db, &county, project, rows(grab)).await.unwrap();
        assert_eq!(
            refused.errors[0].message,
            t::ERR_NOMINEE_OTHER_COUNTY,
            "{:?}",
            refused.errors
        );
        let t = trainee::Entity::find_by_id(trainee_id(db, "13900139601").await)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let taihe = support::county_id(db, "泰和县").await;
        assert_eq!((t.name.as_str(), t.county_id), ("泰和老师", Some(taihe)));
        let reset = app::training::slips::reset_pin(
            db,
            &support::hasher(),
            &county,
            (project, t.id),
            "http://x".into(),
        )
        .await;
        assert_eq!(reset.err(), Some(AppError::NotFound));
        let slips = app::training::slips::issue_slips(
            db,
            &support::hasher(),
            &county,
            project,
            "http://x".into(),
        )
        .await
        .unwrap();
        assert!(slips.rows.iter().all(|r| r.phone != "13900139601"));
    });
}

#[tokio::test]
async fn activations_from_a_staff_phone_or_a_phone_that_activated_another_are_counted() {
    use app::auth::service::{note_device, DEVICE_ACTIVATION, DEVICE_STAFF};
    use app::dashboard::report::class_report;
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let users = [
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
            user_of(db, "13800138003").await,
        ];
        // The head teacher's phone logs in as staff, then activates 李晓梅; 王芳 activates on a
        // phone that later activates someone else too; 张伟 on her own.
        note_device(db, f.owner.0, DEVICE_STAFF, "office-phone")
            .await
            .unwrap();
        note_device(db, users[0], DEVICE_ACTIVATION, "office-phone")
            .await
            .unwrap();
        note_device(db, users[1], DEVICE_ACTIVATION, "shared-phone")
            .await
            .unwrap();
        note_device(db, users[2], DEVICE_ACTIVATION, "own-phone")
            .await
            .unwrap();
        let reader = support::province(db).await;
        let count = || async {
            class_report(db, &reader, f.class_id)
                .await
                .unwrap()
                .witness
                .shared_activations
        };
        assert_eq!(count().await, 1, "the staff phone's activation");
        let outsider = support::user(db, Role::Trainee, "13900139700", "730419", None, None).await;
        note_device(db, outsider.user_id, DEVICE_ACTIVATION, "shared-phone")
            .await
            .unwrap();
        assert_eq!(
            count().await,
            2,
            "and the phone that also activated someone else"
        );
    });
}
