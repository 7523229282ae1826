//! `kill -9` in the middle of a burst of survey submissions and online-hours records: every
//! one that was acknowledged is there after the restart, once, and no survey is left with a
//! participation without its answers or answers without a participation (issue 13).
use super::{burst, data_dir, login, seed, start};
use app::entities::{online_hours, participation, response, survey};
use reqwest::{header, redirect::Policy, Client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Hours records each trainee sends in the burst (0.5 学时 each, well under the day's cap).
const RECORDS_EACH: usize = 10;

enum Sent {
    Hours { phone: usize, activity: String },
    Survey { phone: usize },
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_dash_nine_loses_no_acknowledged_survey_answer_or_hours_record() {
    let dir = data_dir("answers");
    let (session_id, _) = seed(&dir).await;
    let url = format!("sqlite://{}/peixun.db", dir.display());
    let db = app::db::connect(&url).await.unwrap();
    let open = survey::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!((open.id, open.template_id), (1, 1), "the demo's survey");
    // The class's trainees who have not answered yet.
    let answered: Vec<i32> = participation::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.trainee_id)
        .collect();
    // The counties' trainees (the demo's 承训单位自建 row may not log in).
    let phones: Vec<String> = app::training::enrolment::roster_entries(&db, open.class_id)
        .await
        .unwrap()
        .into_iter()
        .filter(|(t, counted)| *counted && !answered.contains(&t.id))
        .map(|(t, _)| t.phone)
        .collect();
    let survey_body = super::super::survey_body(&db, "4").await;
    let before = participation::Entity::find().count(&db).await.unwrap();
    db.close().await.unwrap();

    let client = Client::builder()
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();
    let mut server = start(&dir).await;
    let mut cookies = vec![];
    for p in &phones {
        cookies.push(login(&client, &server.base, p).await);
    }
    // Everyone checks in today first, so every submission is one the server accepts.
    let all = Arc::new(AtomicUsize::new(0));
    let in_class = burst(&client, &server.base, session_id, &cookies, all).await;
    assert_eq!(in_class.len(), cookies.len(), "everyone checked in");
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    let mut requests = vec![];
    for (i, cookie) in cookies.iter().enumerate() {
        let body = survey_body.clone();
        requests.push((
            cookie.clone(),
            "survey/submit",
            body,
            Sent::Survey { phone: i },
        ));
    }
    for (i, cookie) in cookies.iter().enumerate() {
        for k in 0..RECORDS_EACH {
            let activity = format!("burst-{i}-{k}");
            let body = format!(
                "class={}&date={today}&hours=0.5&activity={activity}&note=",
                open.class_id
            );
            requests.push((
                cookie.clone(),
                "hours/add",
                body,
                Sent::Hours { phone: i, activity },
            ));
        }
        requests.push((
            cookie.clone(),
            "survey/submit",
            survey_body.clone(),
            Sent::Survey { phone: i },
        ));
    }
    let total = requests.len();
    let answered = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(cookie, path, body, sent)| {
            let request = client
                .post(format!("{}/api/{path}", server.base))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookie)
                .body(body);
            let answered = answered.clone();
            tokio::spawn(async move {
                let ok = request.send().await.is_ok_and(|r| r.status().is_success());
                answered.fetch_add(1, Ordering::SeqCst);
                ok.then_some(sent)
            })
        })
        .collect();
    let killer = async {
        while answered.load(Ordering::SeqCst) < total / 3 {
            tokio::task::yield_now().await;
        }
        server.child.kill().unwrap();
    };
    let collect = async {
        let mut acked = vec![];
        for t in tasks {
            acked.extend(t.await.unwrap());
        }
        acked
    };
    let (acked, _) = tokio::join!(collect, killer);
    server.child.wait().unwrap();

    // Restarted on the same files: migrations and the WAL recovery run, and it serves.
    let mut server = start(&dir).await;
    let db = app::db::connect(&url).await.unwrap();
    let (mut hours_acked, mut surveys_acked) = (0, 0);
    for sent in &acked {
        match sent {
            Sent::Hours { phone, activity } => {
                hours_acked += 1;
                let rows = online_hours::Entity::find()
                    .filter(online_hours::Column::Activity.eq(activity.as_str()))
                    .count(&db)
                    .await
                    .unwrap();
                assert_eq!(
                    rows, 1,
                    "acknowledged hours {activity} of {} stored once",
                    phones[*phone]
                );
            }
            Sent::Survey { phone } => {
                surveys_acked += 1;
                let t = app::entities::trainee::Entity::find()
                    .filter(app::entities::trainee::Column::Phone.eq(phones[*phone].as_str()))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                let joined = participation::Entity::find()
                    .filter(participation::Column::SurveyId.eq(open.id))
                    .filter(participation::Column::TraineeId.eq(t.id))
                    .count(&db)
                    .await
                    .unwrap();
                assert_eq!(
                    joined, 1,
                    "acknowledged answers of {} stored once",
                    phones[*phone]
                );
            }
        }
    }
    let participations = participation::Entity::find().count(&db).await.unwrap();
    let responses = response::Entity::find()
        .filter(response::Column::SurveyId.eq(open.id))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(participations, responses, "no half-written submission");
    let hours_rows = online_hours::Entity::find()
        .filter(online_hours::Column::Activity.starts_with("burst-"))
        .count(&db)
        .await
        .unwrap();
    println!(
        "kill -9 during {total} writes: {hours_acked} hours records and {surveys_acked} survey \
         submissions acknowledged; {hours_rows} hours rows and {} new submissions found",
        participations - before
    );
    assert!(
        hours_acked > 0,
        "the burst reached the server before the kill"
    );
    db.close().await.unwrap();
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
