//! Online hours on SQLite and PostgreSQL: recording, the daily cap (also under concurrent
//! submissions), editing rules, and review limited to the contractor's own classes.
use crate::support;

use app::error::AppError;
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

#[tokio::test]
async fn a_platform_log_imports_as_verified_hours_and_importing_it_again_adds_nothing() {
    use app::hours::platform::{report, upload};
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let run = upload(db, f.owner, f.class_id, ("log.csv", LOG.as_bytes()))
            .await
            .unwrap();
        let (_, first) = report(db, f.owner.1, run).await.unwrap();
        assert_eq!((first.applied, first.added, first.duplicates), (true, 2, 0));
        let again = upload(db, f.owner, f.class_id, ("log.csv", LOG.as_bytes()))
            .await
            .unwrap();
        let (_, second) = report(db, f.owner.1, again).await.unwrap();
        assert_eq!((second.added, second.duplicates), (0, 2));
        let li = &my_hours(db, user_of(db, "13800138001").await)
            .await
            .unwrap()[0];
        assert_eq!((li.approved.to_string(), li.rows.len()), ("1.5".into(), 1));
        assert_eq!(li.rows[0].state, HoursState::Verified);
    });
}

#[tokio::test]
async fn a_log_with_bad_rows_imports_nothing_until_the_good_rows_are_asked_for() {
    use app::hours::platform::{apply, report, upload};
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let bad = format!(
            "{LOG}13900000000,《大单元教学》第2讲,60,2022-11-30\n13800138003,,60,2022-11-30\n"
        );
        let run = upload(db, f.owner, f.class_id, ("bad.csv", bad.as_bytes()))
            .await
            .unwrap();
        let (_, r) = report(db, f.owner.1, run).await.unwrap();
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
            apply(db, f.other, run).await,
            Err(AppError::Forbidden)
        ));
        let done = apply(db, f.owner, run).await.unwrap();
        assert_eq!(done.added, 2);
        invalid_with(apply(db, f.owner, run).await, "已经导入");
    });
}
