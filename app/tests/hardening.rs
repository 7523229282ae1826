//! The second hardening round (issue 35) at the service layer: a class's dates within its
//! programme's, and the evidence images' quotas.
use crate::support::{fixture, project_of, ROSTER};
use app::admin::rules::service::set_window;
use app::entities::{class, programme};
use app::training::classes::{create_class, NewClass};
use sea_orm::{EntityTrait, PaginatorTrait};

fn class_on(first: &str, last: &str) -> NewClass {
    NewClass {
        name: "初中数学 2 班".into(),
        start_date: first.into(),
        end_date: last.into(),
        venue: String::new(),
        head_teacher: String::new(),
        capacity: String::new(),
    }
}

#[tokio::test]
async fn a_class_outside_its_programmes_days_is_refused_until_the_admin_moves_them() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let project = project_of(db, f.class_id).await;
        let before = class::Entity::find().count(db).await.unwrap();
        // The finding: 1990-01-01 to 2026-12-31 was accepted for a 2022 programme.
        let err = create_class(
            db,
            f.owner.0,
            f.owner.1,
            project,
            class_on("1990-01-01", "2026-12-31"),
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string().contains("2022-01-01 至 2023-12-31"),
            "{err}"
        );
        // Within the notice's year and the next (two-year projects): accepted.
        create_class(
            db,
            f.owner.0,
            f.owner.1,
            project,
            class_on("2023-03-01", "2023-03-05"),
        )
        .await
        .unwrap();
        // A year the admin has not opened is refused; once opened, accepted.
        let late = class_on("2026-12-01", "2026-12-05");
        assert!(create_class(db, f.owner.0, f.owner.1, project, late)
            .await
            .is_err());
        let p = programme::Entity::find().one(db).await.unwrap().unwrap();
        assert!(
            set_window(db, f.owner.0, p.id, ("2022-01-01", "2021-12-31"))
                .await
                .is_err()
        );
        assert!(
            set_window(db, f.owner.0, p.id, ("2022-01-01", "2040-12-31"))
                .await
                .is_err()
        );
        set_window(db, f.owner.0, p.id, ("2022-01-01", "2026-12-31"))
            .await
            .unwrap();
        let late = class_on("2026-12-01", "2026-12-05");
        create_class(db, f.owner.0, f.owner.1, project, late)
            .await
            .unwrap();
        assert_eq!(class::Entity::find().count(db).await.unwrap(), before + 2);
    });
}

fn hours_form(class_id: i32, date: &str) -> app::hours::service::HoursForm {
    app::hours::service::HoursForm {
        class_id,
        date: date.into(),
        hours: "1".into(),
        activity: "在线课程".into(),
        note: String::new(),
    }
}

/// A PNG's first bytes and then `size` bytes in all: what the content check reads.
fn png(size: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; size];
    bytes[..4].copy_from_slice(b"\x89PNG");
    bytes
}

/// The finding of issue 35: one trainee stored 30 MB of images in a day with no total limit.
/// A trainee's images in a class stop at 20 MB, and two uploads at once cannot pass it
/// together; withdrawing a record gives its space back.
#[tokio::test]
async fn a_trainees_images_in_a_class_stop_at_the_quota_even_when_sent_at_once() {
    use app::entities::online_hours;
    use app::hours::evidence::{attach, MAX_PER_TRAINEE_CLASS};
    use app::hours::service::{record, withdraw};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let li = crate::support::user_of(db, "13800138001").await;
        let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 10).unwrap();
        let dir = std::env::temp_dir().join(format!("peixun-quota-{}", rand::random::<u32>()));
        let old = record(db, li, hours_form(f.class_id, "2022-11-29"), today)
            .await
            .unwrap();
        // Earlier uploads have used all but 1.5 MB of the quota.
        let mut used: online_hours::ActiveModel = online_hours::Entity::find_by_id(old)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into();
        used.evidence_bytes = Set(MAX_PER_TRAINEE_CLASS - 1_536 * 1024);
        used.update(db).await.unwrap();
        let (a, b) = (
            record(db, li, hours_form(f.class_id, "2022-11-30"), today)
                .await
                .unwrap(),
            record(db, li, hours_form(f.class_id, "2022-12-01"), today)
                .await
                .unwrap(),
        );
        // Two 1 MB images at once on two records: each fits alone, not both.
        let (ra, rb) = tokio::join!(
            attach(db, &dir, li, a, vec![("a.png".into(), png(1024 * 1024))]),
            attach(db, &dir, li, b, vec![("b.png".into(), png(1024 * 1024))]),
        );
        assert_eq!(
            usize::from(ra.is_ok()) + usize::from(rb.is_ok()),
            1,
            "{ra:?} {rb:?}"
        );
        let refused = ra.err().or(rb.err()).unwrap().to_string();
        assert!(refused.contains("每人每班最多 20.0 MB"), "{refused}");
        let files = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        assert_eq!(files, 1, "the refused upload left no file behind");
        // The admin sees the class's space.
        let space = app::hours::evidence::space(db).await.unwrap();
        assert_eq!(space.classes.len(), 1);
        assert_eq!(space.classes[0].trainees, 1);
        // Withdrawing the old record gives its space back: now it fits.
        withdraw(db, li, old).await.unwrap();
        let c = record(db, li, hours_form(f.class_id, "2022-12-02"), today)
            .await
            .unwrap();
        attach(db, &dir, li, c, vec![("c.png".into(), png(1024 * 1024))])
            .await
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    });
}
