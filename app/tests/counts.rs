//! The counts the writes keep (`training::counts`, issue 15) against a recomputation from the
//! raw rows, after a random mix of taps, corrections, hours reviews, survey answers, a late
//! roster import and a changed hours requirement, on SQLite and PostgreSQL; and
//! `recount_all`, which repairs rows a write left wrong and names their class.
use crate::support::{fixture, session_form, Fixture};
use crate::survey::{cst, form, open};

use app::checkin::sheet::{correct, Correction};
use app::checkin::writer::{CheckinWriter, NewCheckin};
use app::dashboard::metrics::{self, Classes, GroupBy, Selection};
use app::dashboard::recompute::recompute;
use app::dashboard::report;
use app::db::Db;
use app::entities::{checkin, class, enrolment, project, session, trainee};
use app::hours::service::{record, review, Decision, HoursForm};
use app::states::Kind;
use app::survey::submission::submit;
use app::training::attendance::{attended, flagged};
use app::training::{
    access::nominator, classes, counts, nomination::confirm, roster::import_roster,
};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Statement,
};

/// Twelve trainees of three counties, and one whose county is not in the programme.
const TWELVE: &str = "姓名,手机号,学校,县区,学科,学段\n\
    学员一,13800138001,泉江中学,遂川县,语文,初中\n\
    学员二,13800138002,城关小学,永新县,数学,小学\n\
    学员三,13800138003,厦坪中学,井冈山市,英语,初中\n\
    学员四,13800138004,泉江中学,遂川县,语文,初中\n\
    学员五,13800138005,城关小学,永新县,数学,小学\n\
    学员六,13800138006,厦坪中学,井冈山市,英语,初中\n\
    学员七,13800138007,泉江中学,遂川县,语文,初中\n\
    学员八,13800138008,城关小学,永新县,数学,小学\n\
    学员九,13800138009,某某中学,外省某县,英语,初中\n";
const LATE: &str = "姓名,手机号,学校,县区,学科,学段\n\
    学员十,13800138010,泉江中学,遂川县,语文,初中\n\
    学员十一,13800138011,城关小学,永新县,数学,小学\n";

/// A small linear congruential generator: the same mix on every run and both databases.
struct Mix(u64);

impl Mix {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

async fn trainees(db: &Db) -> Vec<trainee::Model> {
    trainee::Entity::find().all(db).await.unwrap()
}

/// A valid QR tap at 9:00 on the 29th, as the scan page hands it to the writer.
fn tap(session_id: i32, trainee_id: i32, kind: Kind, device: String, flags: &str) -> NewCheckin {
    let row = checkin::ActiveModel {
        session_id: Set(session_id),
        trainee_id: Set(trainee_id),
        kind: Set(kind),
        at: Set(cst(29, 9)),
        method: Set("qr".try_into().unwrap()),
        device_id: Set(Some(device.clone())),
        flags: Set(flags.into()),
        state: Set("valid".try_into().unwrap()),
        ..Default::default()
    };
    NewCheckin {
        row,
        session_id,
        trainee_id,
        kind,
        device,
    }
}

/// Adds an afternoon session to the fixture's class and returns all its sessions' ids, so
/// the writes under test touch two sessions of one class.
async fn with_afternoon(db: &Db, f: &Fixture, checkout_required: bool) -> Vec<i32> {
    let afternoon = classes::NewSession {
        title: "11月29日下午：工作坊".into(),
        starts: "14:00".into(),
        ends: "17:00".into(),
        checkout_required,
        ..session_form()
    };
    classes::create_session(db, f.owner.0, f.owner.1, f.class_id, afternoon)
        .await
        .unwrap();
    session::Entity::find()
        .filter(session::Column::ClassId.eq(f.class_id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect()
}

/// Every selection a page or an export makes, at two moments: now, and between the
/// morning and the afternoon sessions (the afternoon not yet held).
async fn assert_kept_equals_recomputed(db: &Db, class_id: i32, step: usize) {
    let c = class::Entity::find_by_id(class_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let suichuan = crate::support::county_id(db, "遂川县").await;
    let scopes = [
        Classes::Class(class_id),
        Classes::Project(p.id),
        Classes::Programme(p.programme_id),
        Classes::Contractor(p.contractor_id.unwrap()),
    ];
    for classes in scopes {
        for county in [None, Some(suichuan)] {
            for group in [GroupBy::Class, GroupBy::TraineeCounty] {
                for at in [app::db::now(), cst(29, 12)] {
                    let sel = Selection {
                        classes,
                        county,
                        group,
                    };
                    let kept = metrics::counts(db, sel, at).await.unwrap();
                    let raw = recompute(db, sel, at).await.unwrap();
                    assert_eq!(kept, raw, "step {step}: {sel:?} at {at}");
                }
            }
        }
    }
    let today = NaiveDate::from_ymd_opt(2022, 11, 29).unwrap();
    let sel = Selection {
        classes: Classes::Class(class_id),
        county: None,
        group: GroupBy::Class,
    };
    let on_day = metrics::checkins_on(db, sel, today).await.unwrap();
    // Only the records of confirmed enrolments count (issue 34).
    let counted = report::roster_ids(db, class_id, None).await.unwrap();
    let valid_in = checkin::Entity::find()
        .filter(checkin::Column::Kind.eq(Kind::In))
        .filter(checkin::Column::State.eq(app::states::CheckinState::Valid))
        .all(db)
        .await
        .unwrap()
        .iter()
        .filter(|c| counted.contains(&c.trainee_id))
        .count() as u64;
    assert_eq!(
        on_day, valid_in,
        "step {step}: every session is on the 29th"
    );
    report_sessions_follow_the_rule(db, class_id, suichuan, step).await;
}

/// The class report's per-session figures, read from the kept session rows, against the one
/// rule (`attended`) applied to the raw check-ins of the reader's roster.
async fn report_sessions_follow_the_rule(db: &Db, class_id: i32, county: i32, step: usize) {
    let all = checkin::Entity::find().all(db).await.unwrap();
    let list = session::Entity::find()
        .filter(session::Column::ClassId.eq(class_id))
        .all(db)
        .await
        .unwrap();
    for county in [None, Some(county)] {
        let roster = report::roster_ids(db, class_id, county).await.unwrap();
        let kept = report::sessions(db, class_id, county, roster.len() as u64, app::db::now())
            .await
            .unwrap();
        assert_eq!(kept.len(), list.len());
        for s in &list {
            let valid_in: Vec<&checkin::Model> = all
                .iter()
                .filter(|c| c.session_id == s.id && c.kind == Kind::In)
                .filter(|c| c.state == app::states::CheckinState::Valid)
                .filter(|c| roster.contains(&c.trainee_id))
                .collect();
            let present = valid_in
                .iter()
                .filter(|c| attended(s, c.trainee_id, &all))
                .count() as u64;
            let flagged = valid_in.iter().filter(|c| flagged(c)).count() as u64;
            let k = kept.iter().find(|k| k.id == s.id).unwrap();
            assert_eq!(
                (k.present, k.flagged, k.enrolled),
                (present, flagged, roster.len() as u64),
                "step {step}: session {} for county {county:?}",
                s.id
            );
        }
    }
}

#[tokio::test]
async fn the_kept_counts_equal_a_recount_from_the_raw_rows_after_a_random_mix() {
    on_each_database!(|db| {
        let f = fixture(db, TWELVE).await;
        let sessions = with_afternoon(db, &f, false).await;
        let survey = open(db, f.owner, f.class_id).await;
        let writer = CheckinWriter::start(db.clone());
        let mut mix = Mix(15);
        let mut pending: Vec<i32> = Vec::new();
        for step in 0..120 {
            let people = trainees(db).await;
            let t = &people[mix.next(people.len() as u64) as usize];
            let s = sessions[mix.next(sessions.len() as u64) as usize];
            match mix.next(10) {
                // A tap, in or out; one phone in five is shared, which flags both.
                0..=3 => {
                    let kind = if mix.next(3) == 0 {
                        Kind::Out
                    } else {
                        Kind::In
                    };
                    let device = if mix.next(5) == 0 {
                        "shared-phone".to_owned()
                    } else {
                        format!("phone-{}", t.id)
                    };
                    let flags = if mix.next(4) == 0 { "late" } else { "" };
                    writer
                        .write(tap(s, t.id, kind, device, flags))
                        .await
                        .unwrap();
                }
                // The contractor marks someone present or absent.
                4 => {
                    let fix = Correction {
                        session_id: s,
                        trainee_id: t.id,
                        present: mix.next(2) == 0,
                        reason: "现场核对".into(),
                    };
                    // A trainee of the late import may not be enrolled yet: refused, no change.
                    let _ = correct(db, f.owner.0, f.owner.1, fix).await;
                }
                // A trainee records hours; the contractor later approves or rejects them.
                5 | 6 => {
                    let hours = HoursForm {
                        class_id: f.class_id,
                        date: "2022-11-29".into(),
                        hours: ["1", "2", "3.5"][mix.next(3) as usize].into(),
                        activity: "课程学习".into(),
                        note: String::new(),
                    };
                    let day = NaiveDate::from_ymd_opt(2022, 12, 1).unwrap();
                    if let Ok(id) = record(db, t.user_id, hours, day).await {
                        pending.push(id);
                    }
                }
                7 if !pending.is_empty() => {
                    let decision = Decision {
                        ids: std::mem::take(&mut pending),
                        approve: mix.next(4) != 0,
                        reason: "核对平台记录".into(),
                    };
                    review(db, f.owner.0, f.owner.1, decision).await.unwrap();
                }
                // An answer: refused unless the trainee attended and has not answered yet.
                8 => {
                    let answers = form(db, |_, _| "4", "").await;
                    let at = cst(30, 10);
                    let _ = submit(db, (t.user_id, None), survey, answers, at).await;
                }
                // The county confirms one of the contractor's own rows (the late import's):
                // all its records start to count at once.
                9 => {
                    let waiting = enrolment::Entity::find()
                        .filter(enrolment::Column::Confirmed.eq(false))
                        .one(db)
                        .await
                        .unwrap();
                    if let Some(e) = waiting {
                        let n = nominator(&crate::support::province(db).await).unwrap();
                        confirm(db, &n, e.id).await.unwrap();
                    }
                }
                _ => {}
            }
            // The contractor's own rows (承训单位自建): kept, counted nowhere until confirmed.
            if step == 40 {
                let file = ("late.csv", LATE.as_bytes());
                import_roster(db, f.owner, f.class_id, file).await.unwrap();
            }
            // The requirement changes mid-year, as an admin's re-import of the table would.
            if step == 80 {
                let c = class::Entity::find_by_id(f.class_id).one(db).await.unwrap();
                let id = c.unwrap().project_id;
                let p = project::Entity::find_by_id(id).one(db).await.unwrap();
                let mut p: project::ActiveModel = p.unwrap().into();
                p.online_hours = Set(Some(3));
                p.update(db).await.unwrap();
                let txn = app::db::begin_write(db).await.unwrap();
                counts::refresh_projects(&txn, &[id]).await.unwrap();
                txn.commit().await.unwrap();
            }
            if step % 20 == 19 {
                assert_kept_equals_recomputed(db, f.class_id, step).await;
            }
        }
        let total = metrics::counts(
            db,
            Selection {
                classes: Classes::Class(f.class_id),
                county: None,
                group: GroupBy::Class,
            },
            app::db::now(),
        )
        .await
        .unwrap()[&f.class_id]
            .clone();
        assert!(
            total.checkins > 0 && total.attended > 0 && total.flagged > 0,
            "the mix should check in, attend and flag: {total:?}"
        );
        assert!(total.hours_complete > 0 && total.responses > 0, "{total:?}");
    });
}

/// Taps that arrive together share one transaction (`checkin::writer`): each batch adds
/// the difference it made, over two sessions, in and out, with a shared phone flagging a
/// row of a trainee outside the batch. The rows must equal a recount.
#[tokio::test]
async fn taps_written_together_move_the_counts_as_a_recount_would() {
    on_each_database!(|db| {
        let f = fixture(db, TWELVE).await;
        let sessions = with_afternoon(db, &f, true).await;
        let writer = CheckinWriter::start(db.clone());
        for round in 0..2 {
            let mut taps = tokio::task::JoinSet::new();
            // The even trainees, then the odd ones; the first of each round shares a phone,
            // so the second round flags a row of the first.
            let people = trainees(db).await.into_iter().enumerate();
            for (i, t) in people.filter(|(i, _)| i % 2 == round) {
                for &s in &sessions {
                    for kind in [Kind::In, Kind::Out] {
                        let device = if i < 2 {
                            "shared-phone".to_owned()
                        } else {
                            format!("phone-{}", t.id)
                        };
                        let item = tap(s, t.id, kind, device, "");
                        let writer = writer.clone();
                        taps.spawn(async move { writer.write(item).await.unwrap() });
                    }
                }
            }
            while let Some(done) = taps.join_next().await {
                done.unwrap();
            }
            assert_kept_equals_recomputed(db, f.class_id, round).await;
        }
        let whole = Selection {
            classes: Classes::Class(f.class_id),
            county: None,
            group: GroupBy::Class,
        };
        let total = metrics::counts(db, whole, app::db::now()).await.unwrap()[&f.class_id].clone();
        // Both rows of the shared phone, in each session and each direction.
        assert!(total.flagged >= 2 && total.attended > 0, "{total:?}");
    });
}

#[tokio::test]
async fn a_recount_repairs_rows_a_write_left_wrong_and_names_their_class() {
    on_each_database!(|db| {
        let f = fixture(db, TWELVE).await;
        let people = trainees(db).await;
        let writer = CheckinWriter::start(db.clone());
        for t in &people[..4] {
            let item = tap(f.session_id, t.id, Kind::In, format!("phone-{}", t.id), "");
            writer.write(item).await.unwrap();
        }
        let clean = counts::recount_all(db).await.unwrap();
        assert_eq!(clean.differed, Vec::<i32>::new());
        assert!(!clean.counties_differed);
        assert!(clean.classes >= 1);
        assert!(!counts::stale(db).await.unwrap());

        // A write that forgot its refresh: the kept figure says one more check-in, in the
        // rows per county (which a county evaluator reads), in the class's total (which
        // the province reads per class) or in the programme's row per county (which it
        // reads per county).
        let backend = db.get_database_backend();
        let suichuan = crate::support::county_id(db, "遂川县").await;
        let c = class::Entity::find_by_id(f.class_id).one(db).await.unwrap();
        let p = project::Entity::find_by_id(c.unwrap().project_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let cases = [
            ("class_count", Classes::Class(f.class_id), Some(suichuan)),
            ("class_total", Classes::Class(f.class_id), None),
            ("county_total", Classes::Programme(p.programme_id), None),
        ];
        for (table, classes, county) in cases {
            db.execute_raw(Statement::from_string(
                backend,
                format!("UPDATE {table} SET checkins = checkins + 1"),
            ))
            .await
            .unwrap();
            let group = match table {
                "county_total" => GroupBy::TraineeCounty,
                _ => GroupBy::Class,
            };
            let sel = Selection {
                classes,
                county,
                group,
            };
            let wrong = metrics::counts(db, sel, app::db::now()).await.unwrap();
            assert_ne!(
                wrong,
                recompute(db, sel, app::db::now()).await.unwrap(),
                "{table}"
            );

            let repaired = counts::recount_all(db).await.unwrap();
            let (classes, counties) = match table {
                "county_total" => (vec![], true),
                _ => (vec![f.class_id], false),
            };
            assert_eq!(repaired.differed, classes, "{table}");
            assert_eq!(repaired.counties_differed, counties, "{table}");
            let kept = metrics::counts(db, sel, app::db::now()).await.unwrap();
            assert_eq!(kept, recompute(db, sel, app::db::now()).await.unwrap());
        }
    });
}

/// Five trainees of 遂川县 in a class of a county-level project naming 遂川县.
const SUICHUAN_FIVE: &str = "姓名,手机号,学校,县区,学科,学段\n\
    甲,13900139001,泉江中学,遂川县,语文,初中\n\
    乙,13900139002,泉江中学,遂川县,语文,初中\n\
    丙,13900139003,泉江中学,遂川县,语文,初中\n\
    丁,13900139004,泉江中学,遂川县,语文,初中\n\
    戊,13900139005,泉江中学,遂川县,语文,初中\n";

fn province() -> app::auth::Me {
    app::auth::Me {
        user_id: 0,
        role: app::auth::Role::Evaluator,
        display_name: "省评估专家".into(),
        contractor_id: None,
        county_id: None,
    }
}

async fn county_line(db: &Db, name: &str) -> app::dashboard::Line {
    let filter = app::dashboard::ProjectFilter::default();
    let list = app::dashboard::service::programme_projects(db, &province(), &filter)
        .await
        .unwrap();
    list.by_county.into_iter().find(|l| l.name == name).unwrap()
}

#[tokio::test]
async fn a_county_line_has_satisfaction_only_from_classes_all_of_that_county() {
    on_each_database!(|db| {
        let f = fixture(db, TWELVE).await;
        // Project 25 of the 2022 table is run for 东乡县 and 遂川县.
        let project = crate::support::give_project(db, 25, f.owner.1).await;
        let class = classes::NewClass {
            name: "遂川县初中语文班".into(),
            start_date: "2022-11-28".into(),
            end_date: "2022-12-02".into(),
            venue: "遂川县教师进修学校".into(),
            head_teacher: "刘老师".into(),
            capacity: "60".into(),
        };
        let class_id = classes::create_class(db, f.owner.0, f.owner.1, project, class)
            .await
            .unwrap();
        let session = classes::create_session(db, f.owner.0, f.owner.1, class_id, session_form())
            .await
            .unwrap();
        crate::support::nominate_roster(db, project, SUICHUAN_FIVE).await;
        let file = ("suichuan.csv", SUICHUAN_FIVE.as_bytes());
        import_roster(db, f.owner, class_id, file).await.unwrap();
        let phones: Vec<String> = (1..=5).map(|n| format!("1390013900{n}")).collect();
        crate::survey::attend(db, session, &phones).await;
        let survey = open(db, f.owner, class_id).await;
        for phone in &phones {
            let answers = form(db, |_, _| "5", "").await;
            let who = (crate::support::user_of(db, phone).await, None);
            submit(db, who, survey, answers, cst(30, 10)).await.unwrap();
        }
        let suichuan = county_line(db, "遂川县").await;
        assert_eq!(suichuan.counts.satisfaction(), Some(1.0));
        assert_eq!(suichuan.counts.overall.valid(), 5);

        // A trainee from outside 遂川县 joins: the class's answers are no longer 遂川县's.
        let mixed = "姓名,手机号,学校,县区,学科,学段\n己,13900139006,城关小学,永新县,数学,小学\n";
        crate::support::nominate_roster(db, project, mixed).await;
        import_roster(db, f.owner, class_id, ("one.csv", mixed.as_bytes()))
            .await
            .unwrap();
        assert_eq!(county_line(db, "遂川县").await.counts.satisfaction(), None);
    });
}
