//! Credits (学时) on SQLite and PostgreSQL: on-site sessions attended plus approved and
//! verified online hours, capped at the requirement; the export matches a fixture.
use crate::support;

use app::admin::rules::service::set_rules;
use app::checkin::service::{check_in, issue_ticket, Proof, Tap};
use app::checkin::writer::CheckinWriter;
use app::checkin::Kind;
use app::db::Db;
use app::hours::credits::{credits, credits_csv, Phones};
use app::hours::service::{record, review, Decision, HoursForm};
use app::training::classes::{self, NewSession};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::EntityTrait;
use support::{fixture, user_of, ROSTER};

const SECRET: &[u8] = b"credits";

fn cst(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 29, h, m, 0).unwrap() - chrono::Duration::hours(8)
}

async fn tap(db: &Db, user: i32, session_id: i32, kind: Kind, at: DateTime<Utc>) {
    let t = Tap {
        session_id,
        kind,
        proof: Proof::Ticket(issue_ticket(SECRET, session_id, "d", at.timestamp())),
        device: "d".into(),
        geo: None,
        kept: None,
        who: None,
        now: at,
    };
    check_in((db, &CheckinWriter::start(db.clone())), SECRET, user, t)
        .await
        .unwrap();
}

async fn approved(db: &Db, owner: (i32, i32), user: i32, class_id: i32, date: &str, hours: &str) {
    let form = HoursForm {
        class_id,
        date: date.into(),
        hours: hours.into(),
        activity: "在线课程".into(),
        note: String::new(),
    };
    let id = record(
        db,
        user,
        form,
        NaiveDate::from_ymd_opt(2022, 12, 10).unwrap(),
    )
    .await
    .unwrap();
    review(
        db,
        owner.0,
        owner.1,
        Decision {
            ids: vec![id],
            approve: true,
            reason: String::new(),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn credits_add_sessions_attended_to_online_hours_capped_at_the_requirement() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        // The fixture's session is 08:30–11:30 with check-out required: a half day, 3 学时.
        let full_day = NewSession {
            title: "全天：跟岗实践".into(),
            date: "2022-11-29".into(),
            starts: "08:30".into(),
            ends: "17:00".into(),
            opens_min: String::new(),
            late_min: String::new(),
            checkout_required: false,
            geofence: String::new(),
            radius_m: String::new(),
        };
        let day = classes::create_session(db, f.owner.0, f.owner.1, f.class_id, full_day)
            .await
            .unwrap();
        let (li, wang) = (
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
        );
        tap(db, li, f.session_id, Kind::In, cst(8, 20)).await;
        tap(db, li, f.session_id, Kind::Out, cst(11, 35)).await;
        tap(db, li, day, Kind::In, cst(8, 25)).await;
        // 王芳 never checked out of the half day: it does not count.
        tap(db, wang, f.session_id, Kind::In, cst(8, 21)).await;
        tap(db, wang, day, Kind::In, cst(8, 26)).await;
        approved(db, f.owner, li, f.class_id, "2022-11-29", "10").await;
        let pending = HoursForm {
            class_id: f.class_id,
            date: "2022-11-30".into(),
            hours: "3".into(),
            activity: "未审核".into(),
            note: String::new(),
        };
        record(
            db,
            li,
            pending,
            NaiveDate::from_ymd_opt(2022, 12, 10).unwrap(),
        )
        .await
        .unwrap();
        for date in [
            "2022-11-28",
            "2022-11-29",
            "2022-11-30",
            "2022-12-01",
            "2022-12-02",
        ] {
            approved(db, f.owner, wang, f.class_id, date, "12").await;
        }
        let rows = credits(db, vec![f.class_id], Phones::Full).await.unwrap();
        let csv = String::from_utf8(credits_csv(&rows).unwrap()[3..].to_vec()).unwrap();
        let project = "乡村中小学优秀教师高级研修";
        let class = "初中语文 1 班";
        assert_eq!(
            csv.lines().collect::<Vec<_>>(),
            vec![
                "姓名,手机号,学校,县区,项目,班级,线下学时,线上学时,总学时,是否达标".to_owned(),
                format!("李晓梅,13800138001,遂川县泉江中学,遂川县,{project},{class},9,10,19,否"),
                format!("王芳,13800138002,永新县城关小学,永新县,{project},{class},6,50,56,是"),
                format!("张伟,13800138003,井冈山市厦坪中学,井冈山市,{project},{class},0,0,0,否"),
            ]
        );
        let masked = credits(db, vec![f.class_id], Phones::Masked).await.unwrap();
        assert_eq!(masked[0].phone, "138****8001");
        // The programme's rule: a full day earns 8, and online hours are not capped.
        let programme = app::entities::programme::Entity::find()
            .one(db)
            .await
            .unwrap()
            .unwrap();
        set_rules(db, f.owner.0, programme.id, ("8", "10", "7"), false)
            .await
            .unwrap();
        let rows = credits(db, vec![f.class_id], Phones::Full).await.unwrap();
        let figures: Vec<(String, String)> = rows
            .iter()
            .map(|r| (r.onsite.to_string(), r.online.to_string()))
            .collect();
        assert_eq!(
            figures[..2],
            [("12".into(), "10".into()), ("8".into(), "60".into())]
        );
        assert!(
            set_rules(db, f.owner.0, programme.id, ("13", "10", "7"), true)
                .await
                .is_err()
        );
    });
}
