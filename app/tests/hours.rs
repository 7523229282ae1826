//! Online hours on SQLite and PostgreSQL: recording, the daily cap (also under concurrent
//! submissions), editing rules, and review limited to the contractor's own classes.
use crate::support;

use app::error::AppError;
use app::hours::platform::{apply, report, upload, Uploader};
use app::hours::service::{edit, my_hours, queue, record, review, withdraw, Decision, HoursForm};
use app::hours::HoursState;
use chrono::NaiveDate;
use support::{fixture, user_of, ROSTER};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 12, 10).unwrap()
}

fn form(class_id: i32, date: &str, hours: &str) -> HoursForm {
    HoursForm {
        class_id,
        date: date.into(),
        hours: hours.into(),
        activity: "《新课标下的大单元教学》在线课程".into(),
        note: String::new(),
    }
}

fn invalid_with(result: Result<impl std::fmt::Debug, AppError>, words: &str) {
    match result {
        Err(AppError::Invalid(message)) => assert!(message.contains(words), "{message}"),
        other => panic!("expected a message with {words}, got {other:?}"),
    }
}

#[tokio::test]
async fn recorded_hours_show_as_pending_until_the_contractor_approves_them() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = user_of(db, "13800138001").await;
        let first = record(db, li, form(f.class_id, "2022-11-29", "2"), today())
            .await
            .unwrap();
        record(db, li, form(f.class_id, "2022-11-30", "2.5"), today())
            .await
            .unwrap();
        let mine = &my_hours(db, li).await.unwrap()[0];
        assert_eq!(
            (mine.approved.to_string(), mine.pending.to_string()),
            ("0".into(), "4.5".into())
        );
        let decision = Decision {
            ids: vec![first],
            approve: true,
            reason: String::new(),
        };
        assert_eq!(review(db, f.owner.0, f.owner.1, decision).await.unwrap(), 1);
        let mine = &my_hours(db, li).await.unwrap()[0];
        assert_eq!(
            (mine.approved.to_string(), mine.pending.to_string()),
            ("2".into(), "2.5".into())
        );
        assert_eq!(
            queue(db, f.owner.1, f.class_id).await.unwrap().rows.len(),
            1
        );
    });
}

#[tokio::test]
async fn the_daily_cap_of_12_hours_holds_across_records() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = user_of(db, "13800138001").await;
        record(db, li, form(f.class_id, "2022-11-29", "8"), today())
            .await
            .unwrap();
        record(db, li, form(f.class_id, "2022-11-29", "4"), today())
            .await
            .unwrap();
        invalid_with(
            record(db, li, form(f.class_id, "2022-11-29", "0.5"), today()).await,
            "已记录 12 学时",
        );
        // Another day is another 12.
        assert!(
            record(db, li, form(f.class_id, "2022-11-30", "12"), today())
                .await
                .is_ok()
        );
    });
}

#[tokio::test]
async fn the_daily_cap_holds_under_concurrent_submissions() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = user_of(db, "13800138001").await;
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let db = db.clone();
                let class_id = f.class_id;
                tokio::spawn(async move {
                    record(&db, li, form(class_id, "2022-11-29", "2"), today()).await
                })
            })
            .collect();
        let mut accepted = 0;
        for task in tasks {
            accepted += usize::from(task.await.unwrap().is_ok());
        }
        assert_eq!(accepted, 6, "six records of 2 hours fill the day");
        let mine = &my_hours(db, li).await.unwrap()[0];
        assert_eq!(mine.pending.to_string(), "12");
    });
}

#[tokio::test]
async fn dates_in_the_future_or_outside_the_class_are_refused() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = user_of(db, "13800138001").await;
        let early = NaiveDate::from_ymd_opt(2022, 11, 29).unwrap();
        invalid_with(
            record(db, li, form(f.class_id, "2022-11-30", "1"), early).await,
            "不能晚于今天",
        );
        invalid_with(
            record(db, li, form(f.class_id, "2022-11-20", "1"), today()).await,
            "2022-11-28 至 2022-12-02",
        );
        invalid_with(
            record(db, li, form(f.class_id, "29/11/2022", "1"), today()).await,
            "2022-11-29",
        );
        invalid_with(
            record(db, li, form(f.class_id, "2022-11-29", "1.2"), today()).await,
            "0.5",
        );
    });
}

#[tokio::test]
async fn a_trainee_edits_or_withdraws_only_their_own_pending_records() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (li, wang) = (
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
        );
        let id = record(db, li, form(f.class_id, "2022-11-29", "2"), today())
            .await
            .unwrap();
        assert!(matches!(
            withdraw(db, wang, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            edit(db, wang, id, form(0, "2022-11-29", "3"), today()).await,
            Err(AppError::Forbidden)
        ));
        edit(db, li, id, form(0, "2022-11-30", "3"), today())
            .await
            .unwrap();
        let row = &my_hours(db, li).await.unwrap()[0].rows[0];
        assert_eq!(
            (row.date.as_str(), row.hours.to_string()),
            ("2022-11-30", "3".into())
        );
        let decision = Decision {
            ids: vec![id],
            approve: false,
            reason: "截图与课程不符".into(),
        };
        review(db, f.owner.0, f.owner.1, decision).await.unwrap();
        invalid_with(withdraw(db, li, id).await, "已审核");
        let row = &my_hours(db, li).await.unwrap()[0].rows[0];
        assert_eq!(
            (row.state, row.reject_reason.as_deref()),
            (HoursState::Rejected, Some("截图与课程不符"))
        );
    });
}

#[tokio::test]
async fn another_contractor_can_neither_see_nor_review_the_queue() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = user_of(db, "13800138001").await;
        let id = record(db, li, form(f.class_id, "2022-11-29", "2"), today())
            .await
            .unwrap();
        assert!(matches!(
            queue(db, f.other.1, f.class_id).await,
            Err(AppError::Forbidden)
        ));
        let decision = Decision {
            ids: vec![id],
            approve: true,
            reason: String::new(),
        };
        assert!(matches!(
            review(db, f.other.0, f.other.1, decision).await,
            Err(AppError::Forbidden)
        ));
        let rejecting = Decision {
            ids: vec![id],
            approve: false,
            reason: " ".into(),
        };
        invalid_with(review(db, f.owner.0, f.owner.1, rejecting).await, "原因");
        assert_eq!(
            my_hours(db, li).await.unwrap()[0].rows[0].state,
            HoursState::Pending
        );
    });
}

const LOG: &str = "手机号,课程,分钟,日期\n\
    13800138001,《大单元教学》第1讲,90,2022-11-29\n\
    13800138002,《大单元教学》第1讲,45,2022/11/29\n";

fn by(who: (i32, i32)) -> Uploader {
    Uploader::of(&support::contractor_me(who)).unwrap()
}

#[tokio::test]
async fn a_contractors_platform_log_is_its_own_word_and_only_the_provinces_is_verified() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let run = upload(
            db,
            by(f.owner),
            f.class_id,
            ("log.csv", LOG.as_bytes()),
            today(),
        )
        .await
        .unwrap();
        let (_, first) = report(db, by(f.owner), run).await.unwrap();
        assert_eq!((first.applied, first.added, first.duplicates), (true, 2, 0));
        assert_eq!(first.source, Some(HoursState::Reported));
        let again = upload(
            db,
            by(f.owner),
            f.class_id,
            ("log.csv", LOG.as_bytes()),
            today(),
        )
        .await
        .unwrap();
        let (_, second) = report(db, by(f.owner), again).await.unwrap();
        assert_eq!((second.added, second.duplicates), (0, 2));
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        assert_eq!((li.approved.to_string(), li.rows.len()), ("1.5".into(), 1));
        assert_eq!(li.rows[0].state, HoursState::Reported, "承训单位上报");

        let province = Uploader::of(&support::province(db).await).unwrap();
        let log = "手机号,课程,分钟,日期\n13800138001,《大单元教学》第2讲,60,2022-11-30\n";
        upload(
            db,
            province,
            f.class_id,
            ("platform.csv", log.as_bytes()),
            today(),
        )
        .await
        .unwrap();
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        let states: Vec<HoursState> = li.rows.iter().map(|r| r.state).collect();
        assert!(states.contains(&HoursState::Verified), "{states:?}");
        assert!(Uploader::of(&support::contractor_me(f.other)).is_ok());
        assert!(matches!(
            upload(
                db,
                by(f.other),
                f.class_id,
                ("log.csv", LOG.as_bytes()),
                today()
            )
            .await,
            Err(AppError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn a_contractors_file_of_72_hours_a_day_or_of_dates_outside_the_class_is_refused_by_line() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let mut log = String::from("手机号,课程,学时,日期\n");
        for i in 0..6 {
            log += &format!("13800138001,课程{i},12,2022-11-29\n");
        }
        log += "13800138002,课程甲,2,1999-01-01\n13800138002,课程乙,2,2030-01-01\n";
        let run = upload(
            db,
            by(f.owner),
            f.class_id,
            ("log.csv", log.as_bytes()),
            today(),
        )
        .await
        .unwrap();
        let (_, r) = report(db, by(f.owner), run).await.unwrap();
        let lines: Vec<(usize, &str)> = r
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (3, "学时"),
                (4, "学时"),
                (5, "学时"),
                (6, "学时"),
                (7, "学时"),
                (8, "日期"),
                (9, "日期")
            ],
            "{:?}",
            r.errors
        );
        assert!(
            r.errors[0].message.contains("超过 12 学时"),
            "{}",
            r.errors[0].message
        );
        assert!(
            r.errors[6].message.contains("不能晚于今天"),
            "{}",
            r.errors[6].message
        );
        assert!(!r.applied, "nothing is stored from a file with errors");
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        assert!(li.rows.is_empty());
        // Asked for the good rows alone, one day's 12 hours are stored and no more.
        apply(db, by(f.owner), run).await.unwrap();
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        assert_eq!(li.approved.to_string(), "12");
    });
}

#[tokio::test]
async fn a_log_with_bad_rows_imports_nothing_until_the_good_rows_are_asked_for() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let bad = format!(
            "{LOG}13900000000,《大单元教学》第2讲,60,2022-11-30\n13800138003,,60,2022-11-30\n"
        );
        let run = upload(
            db,
            by(f.owner),
            f.class_id,
            ("bad.csv", bad.as_bytes()),
            today(),
        )
        .await
        .unwrap();
        let (_, r) = report(db, by(f.owner), run).await.unwrap();
        let lines: Vec<(usize, &str)> = r
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(lines, vec![(4, "手机号"), (5, "课程")]);
        assert!(r.errors[0].message.contains("不在本班"));
        assert!(!r.applied);
        assert_eq!(
            my_hours(db, user_of(db, "13800138001").await)
                .await
                .unwrap()[0]
                .rows
                .len(),
            0
        );
        assert!(matches!(
            apply(db, by(f.other), run).await,
            Err(AppError::Forbidden)
        ));
        let done = apply(db, by(f.owner), run).await.unwrap();
        assert_eq!(done.added, 2);
        invalid_with(apply(db, by(f.owner), run).await, "已经导入");
    });
}

#[tokio::test]
async fn two_files_sent_at_once_cannot_both_fit_under_one_days_cap() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let file =
            |course: &str| format!("手机号,课程,学时,日期\n13800138001,{course},12,2022-11-29\n");
        let (a, b) = (file("课程甲"), file("课程乙"));
        let (first, second) = tokio::join!(
            upload(
                db,
                by(f.owner),
                f.class_id,
                ("a.csv", a.as_bytes()),
                today()
            ),
            upload(
                db,
                by(f.owner),
                f.class_id,
                ("b.csv", b.as_bytes()),
                today()
            )
        );
        // Whichever came second is refused: by its report (the first was in) or, when both
        // reports were read first, by the cap asked again inside its write.
        let mut applied = 0;
        for run in [first, second].into_iter().flatten() {
            applied += usize::from(report(db, by(f.owner), run).await.unwrap().1.applied);
        }
        assert_eq!(applied, 1);
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        assert_eq!(li.approved.to_string(), "12");
    });
}
