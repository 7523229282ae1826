//! Two app servers on one database (issue 15): each has its own check-in writer and its own
//! periodic tasks, and together they must behave as one.
use crate::support;

use support::{fixture, session_form, user_of, ROSTER};

use app::checkin::service::{check_in, issue_ticket, Proof, Tap};
use app::checkin::writer::CheckinWriter;
use app::checkin::Kind;
use app::db::Leader;
use app::states::Flag;
use app::training::classes;
use chrono::{DateTime, Duration, TimeZone, Utc};

const SECRET: &[u8] = b"test secret for two servers";
const SESSIONS: usize = 24;

/// 2022-11-29 at `h:m` China Standard Time, inside the fixture's sessions (08:30-11:30).
fn cst(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 29, h, m, 0).unwrap() - Duration::hours(8)
}

fn tap(session_id: i32, device: &str) -> Tap {
    Tap {
        session_id,
        kind: Kind::In,
        proof: Proof::Ticket(issue_ticket(
            SECRET,
            session_id,
            device,
            cst(8, 39).timestamp(),
        )),
        device: device.into(),
        geo: None,
        kept: None,
        who: None,
        now: cst(8, 40),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_phone_used_by_two_trainees_is_flagged_whichever_server_each_tap_reaches() {
    on_each_database!(|db| {
        let f = fixture(db, ROSTER).await;
        let mut sessions = vec![f.session_id];
        for _ in 1..SESSIONS {
            let (user, contractor) = f.owner;
            let id = classes::create_session(db, user, contractor, f.class_id, session_form())
                .await
                .unwrap();
            sessions.push(id);
        }
        let (a, b) = (
            user_of(db, "13800138001").await,
            user_of(db, "13800138002").await,
        );
        let (server_a, server_b) = (
            CheckinWriter::start(db.clone()),
            CheckinWriter::start(db.clone()),
        );
        // In every session both trainees tap at once from the same phone, each reaching
        // a different server.
        let mut taps = tokio::task::JoinSet::new();
        for &s in &sessions {
            let device = format!("shared-phone-{s}");
            for (user, writer) in [(a, server_a.clone()), (b, server_b.clone())] {
                let (db, one) = (db.clone(), tap(s, &device));
                taps.spawn(async move { check_in((&db, &writer), SECRET, user, one).await });
            }
        }
        while let Some(done) = taps.join_next().await {
            done.unwrap().unwrap();
        }
        for s in sessions {
            let rows = support::checkins_of(db, s).await;
            assert_eq!(rows.len(), 2, "session {s}");
            for row in rows {
                assert!(
                    Flag::list(&row.flags).contains(&Flag::SharedDevice),
                    "session {s}: trainee {} tapped from a shared phone but has flags {:?}",
                    row.trainee_id,
                    row.flags
                );
            }
        }
    });
}

#[tokio::test]
async fn exactly_one_server_runs_the_periodic_tasks_and_another_takes_over_when_it_stops() {
    let pg = support::postgres_db().await;
    let url = support::url_of(&pg);
    let first = Leader::connect(&url).await.unwrap();
    let second = Leader::connect(&url).await.unwrap();
    assert!(first.is_leader().await, "the first server to ask leads");
    assert!(!second.is_leader().await, "a second server waits");
    assert!(
        first.is_leader().await,
        "and the first keeps leading, tick after tick"
    );
    assert!(!second.is_leader().await);
    // The leader stops (its process and connection go): the other takes over.
    first.close().await;
    assert!(second.is_leader().await);
    pg.finish().await;

    // One SQLite file has one server, which always leads.
    let sqlite = Leader::connect("sqlite::memory:").await.unwrap();
    assert!(sqlite.is_leader().await);
}
