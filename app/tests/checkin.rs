//! Check-in services on SQLite and PostgreSQL: rosters, the tap and its flags, races,
//! corrections, and one contractor's walls against another.
use crate::support;

use support::{fixture, session_form, user_of, ROSTER};

use app::auth::Role;
use app::checkin::code::{step_at, SessionKey};
use app::checkin::projector;
use app::checkin::service::{check_in, issue_ticket, scan_view, Proof, Scan, Tap};
use app::checkin::sheet::{self, Correction};
use app::checkin::writer::CheckinWriter;
use app::checkin::{Geo, Kind, ScanCode};
use app::db::Db;
use app::entities::{audit_log, checkin, trainee};
use app::error::AppError;
use app::training::classes;
use app::training::roster::import_roster;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const SECRET: &[u8] = b"test secret for check-in";
/// 2022-11-29 at `h:m` China Standard Time.
fn cst(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 29, h, m, 0).unwrap() - chrono::Duration::hours(8)
}

fn tap(session_id: i32, device: &str, at: DateTime<Utc>) -> Tap {
    Tap {
        session_id,
        kind: Kind::In,
        proof: Proof::Ticket(issue_ticket(SECRET, session_id, device, at.timestamp())),
        device: device.into(),
        geo: None,
        kept: None,
        who: None,
        now: at,
    }
}

fn writer(db: &Db) -> CheckinWriter {
    CheckinWriter::start(db.clone())
}

async fn checkins(db: &Db, session_id: i32) -> Vec<checkin::Model> {
    support::checkins_of(db, session_id).await
}

#[tokio::test]
async fn a_fresh_scan_checks_in_once_and_a_repeat_answers_with_the_first_time() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let first = check_in(
            (db, &writer(db)),
            SECRET,
            user,
            tap(f.session_id, "phone-1", cst(8, 27)),
        )
        .await
        .unwrap();
        assert_eq!(
            (first.at.as_str(), first.already, first.late),
            ("08:27", false, false)
        );
        let again = check_in(
            (db, &writer(db)),
            SECRET,
            user,
            tap(f.session_id, "phone-1", cst(8, 57)),
        )
        .await
        .unwrap();
        assert_eq!((again.at.as_str(), again.already), ("08:27", true));
        assert_eq!(checkins(db, f.session_id).await.len(), 1);
    });
}

#[tokio::test]
async fn a_hundred_identical_taps_at_once_make_exactly_one_row() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138002").await;
        // One writer, as the server has: the taps land in the same group commits.
        let w = writer(db);
        let taps = (0..100).map(|_| {
            let (db, w) = (db.clone(), w.clone());
            tokio::spawn(async move {
                check_in(
                    (&db, &w),
                    SECRET,
                    user,
                    tap(f.session_id, "phone-2", cst(8, 31)),
                )
                .await
            })
        });
        let results = futures_join(taps).await;
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|o| o.at == "08:31")),
            "{results:?}"
        );
        assert_eq!(
            results
                .iter()
                .filter(|r| r.as_ref().is_ok_and(|o| !o.already))
                .count(),
            1
        );
        assert_eq!(checkins(db, f.session_id).await.len(), 1);
    });
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn late_shared_device_and_outside_the_fence_are_flagged_not_refused() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (a, b) = (
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
        );
        let mut far = tap(f.session_id, "shared", cst(8, 45));
        far.geo = Some(Geo {
            lat: 28.70,
            lon: 115.89,
            accuracy_m: 20.0,
        });
        let late = check_in((db, &writer(db)), SECRET, a, far).await.unwrap();
        assert!(late.late);
        check_in(
            (db, &writer(db)),
            SECRET,
            b,
            tap(f.session_id, "shared", cst(8, 46)),
        )
        .await
        .unwrap();
        let rows = checkins(db, f.session_id).await;
        let first = rows.iter().find(|r| r.at == cst(8, 45)).unwrap();
        assert_eq!(first.flags, "late outside_geofence shared_device");
        assert_eq!(
            (first.geofence_ok, first.geo_accuracy_m),
            (Some(false), Some(20))
        );
        // No position on a geofenced session: flagged "未提供位置", never refused.
        let second = rows.iter().find(|r| r.at == cst(8, 46)).unwrap();
        assert_eq!(second.flags, "late no_position shared_device");
        assert_eq!(second.geofence_ok, None);
    });
}

#[tokio::test]
async fn a_sixth_wrong_typed_code_within_a_minute_gets_429() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let now = cst(8, 40);
        let guess =
            SessionKey::derive(SECRET, f.session_id + 999).typed_code(step_at(now.timestamp()));
        let w = writer(db);
        for _ in 0..app::checkin::service::TYPED_CODE_TRIES {
            let typed = Tap {
                proof: Proof::Typed(guess.clone()),
                ..tap(f.session_id, "guesser", now)
            };
            let err = check_in((db, &w), SECRET, user, typed).await.unwrap_err();
            assert_eq!(
                err,
                AppError::Invalid(app::i18n::t::ERR_TYPED_CODE_WRONG.into())
            );
        }
        let typed = Tap {
            proof: Proof::Typed(guess.clone()),
            ..tap(f.session_id, "guesser", now)
        };
        let err = check_in((db, &w), SECRET, user, typed).await.unwrap_err();
        assert!(matches!(err, AppError::Throttled { .. }), "{err:?}");
        assert_eq!(err.status(), http::StatusCode::TOO_MANY_REQUESTS);
        assert!(err.to_string().contains("尝试次数过多"));
        // Another trainee on the same phone is held too: the device has had its tries.
        let other = user_of(db, "13800138002").await;
        let typed = Tap {
            proof: Proof::Typed(guess),
            ..tap(f.session_id, "guesser", now)
        };
        let err = check_in((db, &w), SECRET, other, typed).await.unwrap_err();
        assert!(matches!(err, AppError::Throttled { .. }), "{err:?}");
    });
}

#[tokio::test]
async fn an_expired_ticket_and_an_old_typed_code_are_refused_with_a_clear_message() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        let mut stale = tap(f.session_id, "p", cst(8, 30));
        stale.now = cst(8, 36);
        let err = check_in((db, &writer(db)), SECRET, user, stale)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(m) if m.contains("重新扫描")),
            "{err:?}"
        );
        let now = cst(8, 40);
        let key = SessionKey::derive(SECRET, f.session_id);
        let old = key.typed_code(step_at(now.timestamp()) - 3);
        let typed = Tap {
            proof: Proof::Typed(old),
            ..tap(f.session_id, "p", now)
        };
        let err = check_in((db, &writer(db)), SECRET, user, typed)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(m) if m.contains("已过期")),
            "{err:?}"
        );
        let fresh = key.typed_code(step_at(now.timestamp()));
        let typed = Tap {
            proof: Proof::Typed(fresh),
            ..tap(f.session_id, "p", now)
        };
        assert!(check_in((db, &writer(db)), SECRET, user, typed)
            .await
            .is_ok());
        assert_eq!(checkins(db, f.session_id).await[0].method.as_str(), "typed");
    });
}

#[tokio::test]
async fn opening_a_scanned_link_writes_nothing_and_judges_the_code_by_the_server_clock() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let now = cst(8, 29);
        let step = step_at(now.timestamp());
        let key = SessionKey::derive(SECRET, f.session_id);
        let scan = |step: i64, now| Scan {
            session_id: f.session_id,
            step: Some(step),
            code: None,
            ticket: None,
            device: "d",
            user_id: None,
            now,
        };
        let code = key.qr_code(step);
        let fresh = scan_view(
            db,
            SECRET,
            Scan {
                code: Some(code.as_str()),
                ..scan(step, now)
            },
        )
        .await
        .unwrap();
        assert_eq!(fresh.code, ScanCode::Valid);
        assert!(fresh.ticket.is_some());
        let later = now + chrono::Duration::seconds(30);
        let stale = scan_view(
            db,
            SECRET,
            Scan {
                code: Some(code.as_str()),
                ..scan(step, later)
            },
        )
        .await
        .unwrap();
        assert_eq!((stale.code, stale.ticket), (ScanCode::Expired, None));
        assert_eq!(checkins(db, f.session_id).await.len(), 0);
    });
}

#[tokio::test]
async fn a_trainee_not_on_the_roster_cannot_check_in() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let outsider = support::user(db, Role::Trainee, "13900139000", "135790", None, None).await;
        let err = check_in(
            (db, &writer(db)),
            SECRET,
            outsider.user_id,
            tap(f.session_id, "x", cst(8, 30)),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, AppError::Invalid(m) if m.contains("名单")));
    });
}

#[tokio::test]
async fn a_correction_keeps_the_original_record_and_writes_the_audit_log() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let user = user_of(db, "13800138001").await;
        check_in(
            (db, &writer(db)),
            SECRET,
            user,
            tap(f.session_id, "p", cst(8, 20)),
        )
        .await
        .unwrap();
        let sheet = sheet::sheet(db, f.owner.1, f.session_id).await.unwrap();
        let li = sheet.rows.iter().find(|r| r.name == "李晓梅").unwrap();
        let wang = sheet.rows.iter().find(|r| r.name == "王芳").unwrap();
        let fix = |trainee_id, present| Correction {
            session_id: f.session_id,
            trainee_id,
            present,
            reason: "代签，经核实本人未到".into(),
        };
        sheet::correct(db, f.owner.0, f.owner.1, fix(li.trainee_id, false))
            .await
            .unwrap();
        sheet::correct(db, f.owner.0, f.owner.1, fix(wang.trainee_id, true))
            .await
            .unwrap();
        let empty = Correction {
            reason: " ".into(),
            ..fix(wang.trainee_id, true)
        };
        assert!(matches!(
            sheet::correct(db, f.owner.0, f.owner.1, empty).await,
            Err(AppError::Invalid(_))
        ));
        let rows = checkins(db, f.session_id).await;
        let original = rows.iter().find(|r| r.trainee_id == li.trainee_id).unwrap();
        assert_eq!(
            (
                original.state.as_str(),
                original.method.as_str(),
                original.at
            ),
            ("revoked", "qr", cst(8, 20))
        );
        let manual = rows
            .iter()
            .find(|r| r.trainee_id == wang.trainee_id)
            .unwrap();
        assert_eq!(
            (manual.state.as_str(), manual.method.as_str()),
            ("valid", "manual")
        );
        let sheet = sheet::sheet(db, f.owner.1, f.session_id).await.unwrap();
        assert_eq!(sheet.present, 1);
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("correct_checkin"))
            .count(db)
            .await
            .unwrap();
        assert_eq!(audits, 2);
    });
}

#[tokio::test]
async fn a_contractor_can_neither_read_nor_change_another_contractors_class() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (user, them) = f.other;
        let forbidden = |r: Result<_, AppError>| matches!(r, Err(AppError::Forbidden));
        assert!(forbidden(
            classes::class_detail(db, them, f.class_id)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            sheet::sheet(db, them, f.session_id).await.map(|_| ())
        ));
        assert!(forbidden(
            projector::projector(db, SECRET, them, f.session_id)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            classes::create_session(db, user, them, f.class_id, session_form())
                .await
                .map(|_| ())
        ));
        let fix = Correction {
            session_id: f.session_id,
            trainee_id: 1,
            present: true,
            reason: "x".into(),
        };
        assert!(forbidden(sheet::correct(db, user, them, fix).await));
        let roster =
            import_roster(db, (user, them), f.class_id, ("r.csv", ROSTER.as_bytes())).await;
        assert!(forbidden(roster.map(|_| ())));
    });
}

#[tokio::test]
async fn a_roster_with_errors_imports_nothing_and_names_each_line() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let before = trainee::Entity::find().count(db).await.unwrap();
        let bad = "姓名,手机号\n赵六,13700137000\n钱七,12345\n孙八,13700137000\n";
        let (_, report) = import_roster(db, f.owner, f.class_id, ("bad.csv", bad.as_bytes()))
            .await
            .unwrap();
        let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert_eq!(trainee::Entity::find().count(db).await.unwrap(), before);
    });
}

#[tokio::test]
async fn importing_the_same_roster_again_enrols_nobody_twice() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let (_, again) = import_roster(db, f.owner, f.class_id, ("roster.csv", ROSTER.as_bytes()))
            .await
            .unwrap();
        assert_eq!(
            (again.enrolled, again.pending, again.already_enrolled),
            (0, 0, 3)
        );
        let status = projector::projector_status(db, f.owner.1, f.session_id)
            .await
            .unwrap();
        assert_eq!((status.checked_in, status.enrolled), (0, 3));
        assert_eq!(status.missing, vec!["李晓梅", "王芳", "张伟"]);
    });
}

#[tokio::test]
async fn one_failing_tap_does_not_fail_the_others_written_with_it() {
    use app::checkin::writer::{NewCheckin, Written};
    use sea_orm::ActiveValue::Set;
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let w = writer(db);
        let item = |session_id: i32, trainee_id: i32| NewCheckin {
            row: checkin::ActiveModel {
                session_id: Set(session_id),
                trainee_id: Set(trainee_id),
                kind: Set(Kind::In),
                at: Set(cst(8, 30)),
                method: Set("qr".try_into().unwrap()),
                device_id: Set(Some(format!("phone-{trainee_id}"))),
                flags: Set(String::new()),
                state: Set("valid".try_into().unwrap()),
                ..Default::default()
            },
            session_id,
            trainee_id,
            kind: Kind::In,
            device: format!("phone-{trainee_id}"),
        };
        let trainees: Vec<i32> = trainee::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .collect();
        // A tap for a session that does not exist breaks its transaction's foreign key.
        let mut jobs = vec![item(f.session_id + 999, trainees[0])];
        jobs.extend(trainees.iter().map(|&t| item(f.session_id, t)));
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                let w = w.clone();
                tokio::spawn(async move { w.write(job).await })
            })
            .collect();
        let results = futures_join(handles.into_iter()).await;
        assert!(results[0].is_err(), "the bad tap fails");
        for r in &results[1..] {
            assert!(matches!(r, Ok(Written::Inserted { .. })), "{r:?}");
        }
        assert_eq!(checkins(db, f.session_id).await.len(), trainees.len());
    });
}
