//! One definition of "attended" (training::attendance): the Rust rule that the credits and
//! the sheet use, and the kept counts' SQL built from its fragments (which the dashboard and
//! the class report read), agree on
//! a random mix of check-ins, check-outs and revocations, on SQLite and PostgreSQL.
use crate::support::{fixture, session_form};
use crate::survey::SEVEN;

use app::dashboard::metrics::{self, Classes, GroupBy, Selection};
use app::dashboard::recompute::recompute;
use app::entities::{checkin, enrolment, session};
use app::states::{CheckinState, Kind, Method};
use app::training::attendance::attended;
use app::training::classes;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// A small linear congruential generator: the same mix on every run and every backend.
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

#[tokio::test]
async fn the_sql_counts_as_attended_exactly_whom_the_rule_does() {
    on_each_database!(|db| {
        let f = fixture(db, SEVEN).await;
        // Nine more sessions over the class's days, with and without the check-out rule,
        // beside the fixture's (which has it).
        for day in 28..=30 {
            for (starts, ends, checkout_required) in [
                ("08:00", "09:00", true),
                ("10:00", "11:00", false),
                ("14:00", "15:00", day % 2 == 0),
            ] {
                let form = classes::NewSession {
                    title: format!("11月{day}日 {starts}"),
                    date: format!("2022-11-{day}"),
                    starts: starts.into(),
                    ends: ends.into(),
                    checkout_required,
                    ..session_form()
                };
                classes::create_session(db, f.owner.0, f.owner.1, f.class_id, form)
                    .await
                    .unwrap();
            }
        }
        let sessions = session::Entity::find()
            .filter(session::Column::ClassId.eq(f.class_id))
            .all(db)
            .await
            .unwrap();
        let trainees: Vec<i32> = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(f.class_id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.trainee_id)
            .collect();
        let mut mix = Mix(2022);
        for s in &sessions {
            for &t in &trainees {
                for kind in [Kind::In, Kind::Out] {
                    // None, valid or revoked, a third each.
                    let state = match mix.next(3) {
                        0 => continue,
                        1 => CheckinState::Valid,
                        _ => CheckinState::Revoked,
                    };
                    checkin::ActiveModel {
                        session_id: Set(s.id),
                        trainee_id: Set(t),
                        kind: Set(kind),
                        at: Set(s.starts_at),
                        method: Set(Method::Qr),
                        flags: Set(String::new()),
                        state: Set(state),
                        ..Default::default()
                    }
                    .insert(db)
                    .await
                    .unwrap();
                }
            }
        }
        let rows = checkin::Entity::find().all(db).await.unwrap();
        let by_rule = sessions
            .iter()
            .flat_map(|s| trainees.iter().map(move |&t| (s, t)))
            .filter(|(s, t)| attended(s, *t, &rows))
            .count() as u64;
        let sel = Selection {
            classes: Classes::Class(f.class_id),
            county: None,
            group: GroupBy::Class,
        };
        let by_sql = recompute(db, sel, app::db::now()).await.unwrap()[&f.class_id].attended;
        assert!(by_rule > 0, "the mix should have someone attend");
        assert_eq!(by_sql, by_rule);
        // The kept counts (issue 15) use the same fragments: the same figure once recounted.
        app::training::counts::refresh(db, &[f.class_id])
            .await
            .unwrap();
        let kept = metrics::counts(db, sel, app::db::now()).await.unwrap()[&f.class_id].attended;
        assert_eq!(kept, by_rule);
    });
}
