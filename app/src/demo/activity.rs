//! What a demo class has done by its second day: yesterday's attendance, and a survey
//! already open with a few anonymous responses, so the sheet, the trainee's survey and the
//! results page all have something to show. Responses go through the real submission.
use crate::db::{now, Db};
use crate::entities::{checkin, session, survey, survey_template};
use crate::error::AppError;
use crate::states::{CheckinState, Kind, Method};
use crate::survey::submission::submit;
use crate::survey::templates::{ensure_default_template, questions_of};
use crate::survey::QuestionKind;
use crate::training::enrolment::roster_of;
use chrono::Duration;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};
use std::collections::HashMap;

/// Yesterday's sessions: most came, a few were late, a few were absent.
pub async fn seed_attendance(db: &Db, class_id: i32) -> Result<(), AppError> {
    let trainees = roster_of(db, class_id).await?;
    let past = session::Entity::find()
        .filter(session::Column::ClassId.eq(class_id))
        .filter(session::Column::EndsAt.lt(now()))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    for (k, s) in past.iter().enumerate() {
        let rows = trainees.iter().enumerate().filter_map(|(i, tr)| {
            let absent = i > 0 && (i + 3 * k) % 13 == 5;
            let minutes = (i as i64 * 7 + k as i64 * 3) % 45 - 25;
            let at = s.starts_at + Duration::minutes(minutes);
            let late = minutes > i64::from(s.late_after_min);
            (!absent).then(|| checkin::ActiveModel {
                session_id: Set(s.id),
                trainee_id: Set(tr.id),
                kind: Set(Kind::In),
                at: Set(at),
                method: Set(Method::Qr),
                device_id: Set(Some(format!("demo-phone-{i}"))),
                flags: Set(if late { "late" } else { "" }.to_owned()),
                state: Set(CheckinState::Valid),
                ..Default::default()
            })
        });
        checkin::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The class survey, open from now to the class's last evening, with six responses from
/// trainees other than the demo trainee, who is left to try it.
pub async fn seed_survey(db: &Db, class_id: i32, last_day: Date) -> Result<(), AppError> {
    ensure_default_template(db).await?;
    let template = survey_template::Entity::find()
        .order_by_asc(survey_template::Column::Id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let closes = crate::time::cst_instant(
        last_day,
        chrono::NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"),
    );
    let s = survey::ActiveModel {
        class_id: Set(class_id),
        template_id: Set(template.id),
        opens_at: Set(now() - Duration::hours(1)),
        closes_at: Set(closes),
        created_by: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let questions = questions_of(db, &[template.id]).await?;
    let comments = [
        (
            "最大收获",
            "专家把新课标的大单元设计讲透了，回去就能用在初三复习课上。",
        ),
        (
            "改进建议",
            "希望多安排一些同课异构的现场观摩，少一点纯讲座。",
        ),
        (
            "最大收获",
            "认识了全省的同行，建了交流群，课例研讨很有收获。",
        ),
    ];
    for (i, tr) in roster_of(db, class_id)
        .await?
        .iter()
        .skip(1)
        .take(6)
        .enumerate()
    {
        let mut form = HashMap::new();
        for (j, q) in questions.iter().enumerate() {
            let value = match q.kind {
                QuestionKind::Likert if q.dimension == "后勤保障" && i % 3 == 0 => {
                    "0".to_owned()
                }
                QuestionKind::Likert => ["5", "4", "5", "3", "4", "5", "2"][(i + j) % 7].to_owned(),
                QuestionKind::Choice => "0".to_owned(),
                QuestionKind::Text => comments
                    .get(i)
                    .filter(|(topic, _)| q.prompt.starts_with(topic))
                    .map(|(_, text)| (*text).to_owned())
                    .unwrap_or_default(),
            };
            form.insert(q.id.to_string(), value);
        }
        let device = format!("demo-phone-{}", tr.id);
        submit(db, (tr.user_id, Some(&device)), s.id, form, now()).await?;
    }
    Ok(())
}

/// The province evaluator's visit to the class yesterday.
pub async fn seed_visit(db: &Db, class_id: i32) -> Result<(), AppError> {
    use crate::entities::{app_user, evaluation_visit};
    let evaluator = app_user::Entity::find()
        .filter(app_user::Column::Login.eq("pinggu"))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let scores = r#"{"attendance":4,"materials":4,"organisation":5,"plan":5,"satisfaction":3}"#;
    evaluation_visit::ActiveModel {
        class_id: Set(class_id),
        evaluator_id: Set(evaluator.id),
        visited_on: Set(crate::time::cst_today() - Duration::days(1)),
        scores_json: Set(scores.to_owned()),
        notes: Set(
            "课例研讨组织有序；签到表与现场人数一致。建议问卷开放后在班会上提醒学员填写。"
                .to_owned(),
        ),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What the witness and the hours' sources look like (issue 34): the contractor's file of
/// online hours (承训单位上报) and the platform's (平台核验, uploaded by the admin) side by
/// side, and a trainee the contractor marked absent yesterday morning who disputes it.
pub async fn seed_witness(db: &Db, class_id: i32) -> Result<(), AppError> {
    use crate::entities::app_user;
    use crate::hours::platform::{upload, Uploader};
    use crate::states::Disputed;
    let user = |login: &'static str| async move {
        app_user::Entity::find()
            .filter(app_user::Column::Login.eq(login))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)
    };
    let (bnu, admin) = (user("bnu").await?, user("admin").await?);
    let roster: Vec<_> = crate::training::enrolment::roster_entries(db, class_id)
        .await?
        .into_iter()
        .filter_map(|(t, counted)| counted.then_some(t))
        .collect();
    let yesterday = crate::time::cst_today() - Duration::days(1);
    let log = |course: &str, minutes: u32, people: &[&crate::entities::trainee::Model]| {
        let mut csv = String::from("手机号,课程,分钟,日期\n");
        for t in people {
            csv += &format!("{},{course},{minutes},{yesterday}\n", t.phone);
        }
        csv
    };
    let some: Vec<_> = roster.iter().take(4).collect();
    let contractor = Uploader::Contractor {
        user: bnu.id,
        contractor: bnu.contractor_id.ok_or(AppError::NotFound)?,
    };
    let file = log("新课标解读（承训单位平台）", 120, &some);
    let today = crate::time::cst_today();
    upload(
        db,
        contractor,
        class_id,
        ("承训单位学时.csv", file.as_bytes()),
        today,
    )
    .await?;
    let file = log("大单元教学设计（省平台）", 90, &some[..3]);
    let platform = Uploader::Platform { user: admin.id };
    upload(
        db,
        platform,
        class_id,
        ("省平台日志.csv", file.as_bytes()),
        today,
    )
    .await?;

    // Yesterday morning's session: the second trainee was there (seed_attendance), and the
    // contractor marks her absent; she disputes it from her phone.
    let morning = session::Entity::find()
        .filter(session::Column::ClassId.eq(class_id))
        .order_by_asc(session::Column::StartsAt)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let her = roster.get(1).ok_or(AppError::NotFound)?;
    let fix = crate::checkin::sheet::Correction {
        session_id: morning.id,
        trainee_id: her.id,
        present: false,
        reason: "点名时未见本人".to_owned(),
    };
    let who = bnu.contractor_id.ok_or(AppError::NotFound)?;
    crate::checkin::sheet::correct(db, bnu.id, who, fix).await?;
    let note = "我全程在场，坐在第三排，有签到记录和课堂照片。";
    crate::training::dispute::file(db, her.user_id, (Disputed::Session, morning.id), note).await
}
