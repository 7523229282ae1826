//! Logins, sessions and throttling, on SQLite and PostgreSQL.
use crate::support;

use app::auth::credential::{login_trainee, TraineeLogin};
use app::auth::service::{
    end_session, login_staff, user_for_token, Credentials, ACCOUNT_FAILURE_LIMIT,
};
use app::auth::{AccessCode, Phone, Role};
use app::error::AppError;
use app::i18n::t;

#[tokio::test]
async fn a_trainee_logs_in_with_phone_and_pin_and_logout_ends_the_session() {
    on_each_database!(|db| {
        let me = support::user(db, Role::Trainee, "13800138000", "246810", None, None).await;
        let phone = Phone::parse("+86 138-0013-8000").unwrap();
        let login = login_trainee(
            db,
            &support::hasher(),
            &phone,
            &AccessCode::parse("246810").unwrap(),
            None,
        )
        .await;
        let Ok(TraineeLogin::Done(session)) = login else {
            panic!("a PIN login is a full login");
        };
        let found = user_for_token(db, &session.token).await.unwrap().unwrap();
        assert_eq!(found.user_id, me.user_id);
        assert_eq!(found.role, Role::Trainee);
        end_session(db, &session.token).await.unwrap();
        assert_eq!(user_for_token(db, &session.token).await.unwrap(), None);
    });
}

#[tokio::test]
async fn a_wrong_pin_is_refused_with_a_clear_message() {
    on_each_database!(|db| {
        support::user(db, Role::Trainee, "13800138000", "246810", None, None).await;
        let phone = Phone::parse("13800138000").unwrap();
        let err = login_trainee(
            db,
            &support::hasher(),
            &phone,
            &AccessCode::parse("111111").unwrap(),
            None,
        )
        .await
        .err();
        assert_eq!(
            err,
            Some(AppError::Invalid(t::ERR_BAD_TRAINEE_LOGIN.into()))
        );
    });
}

#[tokio::test]
async fn a_trainee_pin_does_not_log_in_through_the_staff_form() {
    on_each_database!(|db| {
        support::user(db, Role::Trainee, "13800138000", "246810", None, None).await;
        let creds = Credentials {
            login: "13800138000",
            secret: "246810",
            ip: None,
        };
        let err = login_staff(db, &support::hasher(), creds).await.err();
        assert_eq!(err, Some(AppError::Invalid(t::ERR_BAD_STAFF_LOGIN.into())));
    });
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_even_for_the_right_password() {
    on_each_database!(|db| {
        support::user(
            db,
            Role::Evaluator,
            "pinggu",
            "right-password-1",
            None,
            None,
        )
        .await;
        let hasher = support::hasher();
        for _ in 0..ACCOUNT_FAILURE_LIMIT {
            let creds = Credentials {
                login: "pinggu",
                secret: "wrong",
                ip: Some("10.0.0.1"),
            };
            assert!(matches!(
                login_staff(db, &hasher, creds).await,
                Err(AppError::Invalid(_))
            ));
        }
        let creds = Credentials {
            login: "pinggu",
            secret: "right-password-1",
            ip: Some("10.0.0.2"),
        };
        let err = login_staff(db, &hasher, creds).await.err().unwrap();
        assert!(
            matches!(err, AppError::Throttled { minutes } if (1..=15).contains(&minutes)),
            "{err:?}"
        );
        assert!(err.to_string().contains("分钟后再试"));
    });
}

#[tokio::test]
async fn each_login_creates_a_new_session_token() {
    on_each_database!(|db| {
        let bnu = support::contractor(db, "北京师范大学").await;
        support::user(
            db,
            Role::Contractor,
            "bnu",
            "right-password-1",
            Some(bnu),
            None,
        )
        .await;
        let hasher = support::hasher();
        let first = login_staff(
            db,
            &hasher,
            Credentials {
                login: "bnu",
                secret: "right-password-1",
                ip: None,
            },
        )
        .await
        .unwrap();
        let second = login_staff(
            db,
            &hasher,
            Credentials {
                login: "bnu",
                secret: "right-password-1",
                ip: None,
            },
        )
        .await
        .unwrap();
        assert_ne!(first.token, second.token);
    });
}

#[tokio::test]
async fn parallel_wrong_codes_for_one_phone_get_at_most_the_limit_of_answers() {
    on_each_database!(|db| {
        support::user(db, Role::Trainee, "13800138000", "730419", None, None).await;
        let hasher = support::hasher();
        let phone = Phone::parse("13800138000").unwrap();
        let tries = (0..20).map(|i| {
            let (db, hasher, phone) = (db.clone(), hasher.clone(), phone.clone());
            tokio::spawn(async move {
                let code = AccessCode::parse(&format!("{:06}", 100_000 + i)).unwrap();
                login_trainee(&db, &hasher, &phone, &code, None).await.err()
            })
        });
        let mut wrong = 0;
        for t in tries {
            match t.await.unwrap() {
                Some(AppError::Invalid(_)) => wrong += 1,
                Some(AppError::Throttled { .. }) => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(wrong, ACCOUNT_FAILURE_LIMIT);
    });
}

#[tokio::test]
async fn expired_sessions_and_spent_throttle_rows_are_purged_and_live_ones_kept() {
    use app::auth::service::purge_expired;
    use app::entities::{auth_session, login_throttle};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
    on_each_database!(|db| {
        let me = support::user(db, Role::Trainee, "13800138000", "730419", None, None).await;
        let at = app::db::now();
        for (hash, ends) in [
            ("old", at - chrono::Duration::hours(1)),
            ("live", at + chrono::Duration::hours(1)),
        ] {
            auth_session::ActiveModel {
                token_hash: Set(hash.into()),
                user_id: Set(me.user_id),
                created_at: Set(at - chrono::Duration::days(30)),
                expires_at: Set(ends),
                pending_pin: Set(false),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        for (key, started) in [
            ("acct:old", at - chrono::Duration::days(2)),
            ("acct:new", at),
        ] {
            login_throttle::ActiveModel {
                key: Set(key.into()),
                failures: Set(3),
                window_started_at: Set(started),
                last_at: Set(Some(started)),
            }
            .insert(db)
            .await
            .unwrap();
        }
        assert_eq!(purge_expired(db).await.unwrap(), (1, 1));
        assert_eq!(auth_session::Entity::find().count(db).await.unwrap(), 1);
        assert!(login_throttle::Entity::find_by_id("acct:new".to_owned())
            .one(db)
            .await
            .unwrap()
            .is_some());
    });
}

async fn pin_login(db: &app::db::Db, pin: &str, ip: &str) -> Result<TraineeLogin, AppError> {
    let phone = Phone::parse("13800138000").unwrap();
    let pin = AccessCode::parse(pin).unwrap();
    login_trainee(db, &support::hasher(), &phone, &pin, Some(ip)).await
}

/// Issue 34: a sender whose address is already refused cannot slow the account down at all,
/// and wrong PINs from anywhere slow the next try by seconds, never shut out the owner's
/// right PIN for a quarter of an hour.
#[tokio::test]
async fn six_wrong_pins_from_a_refused_address_do_not_lock_the_account() {
    use app::auth::service::IP_FAILURE_LIMIT;
    on_each_database!(|db| {
        support::user(db, Role::Trainee, "13800138000", "730419", None, None).await;
        // The address spends its tries on other phones first, one each.
        for i in 0..IP_FAILURE_LIMIT {
            let phone = Phone::parse(&format!("1390013{:04}", i)).unwrap();
            let code = AccessCode::parse("000000").unwrap();
            let hasher = support::hasher();
            let _ = login_trainee(db, &hasher, &phone, &code, Some("10.6.6.6")).await;
        }
        for _ in 0..6 {
            let refused = pin_login(db, "111111", "10.6.6.6").await.err().unwrap();
            assert!(matches!(refused, AppError::Throttled { .. }), "{refused:?}");
        }
        let owner = pin_login(db, "730419", "10.1.1.1").await;
        assert!(
            matches!(owner, Ok(TraineeLogin::Done(_))),
            "{:?}",
            owner.err()
        );
    });
}

#[tokio::test]
async fn wrong_pins_back_off_and_the_right_pin_works_once_the_back_off_has_run() {
    use app::entities::login_throttle;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    on_each_database!(|db| {
        support::user(db, Role::Trainee, "13800138000", "730419", None, None).await;
        for _ in 0..ACCOUNT_FAILURE_LIMIT {
            let wrong = pin_login(db, "111111", "10.2.2.2").await.err().unwrap();
            assert!(matches!(wrong, AppError::Invalid(_)), "{wrong:?}");
        }
        let waiting = pin_login(db, "730419", "10.3.3.3").await.err().unwrap();
        assert!(
            matches!(waiting, AppError::Throttled { minutes: 1 }),
            "{waiting:?}"
        );
        // Its 2 seconds have run (the clock is the row's, so the test waits for nothing).
        let key = "acct:13800138000".to_owned();
        let row = login_throttle::Entity::find_by_id(key)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let last = row.last_at.unwrap() - chrono::Duration::seconds(3);
        let mut row: login_throttle::ActiveModel = row.into();
        row.last_at = Set(Some(last));
        row.update(db).await.unwrap();
        let owner = pin_login(db, "730419", "10.3.3.3").await;
        assert!(
            matches!(owner, Ok(TraineeLogin::Done(_))),
            "{:?}",
            owner.err()
        );
    });
}
