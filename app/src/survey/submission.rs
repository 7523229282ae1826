//! Who may answer a class's survey, and the one anonymous submission. Participation and
//! response are written in one transaction, so a trainee is never counted without their
//! answers or the reverse; `publish.rs` makes that transaction tell nothing about who wrote
//! which response.
use super::publish::{self, Pending};
use super::templates::questions_of;
use super::types::*;
use super::window::{local, window, window_end};
use crate::db::{begin_write, Db};
use crate::entities::{answer, checkin, enrolment, participation, response, session, survey};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{CheckinState, Kind};
use crate::training::access::class_and_project;
use crate::training::enrolment::{class_ids_of, trainee_of};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const MAX_TEXT: usize = 1000;

/// Trainees of these classes who attended at least one session (a valid check-in), which
/// is who may answer: DESIGN's denominator for the response rate. Read from the class lines
/// the writes keep (`training::counts`, counted with `attendance`'s fragments): reading the
/// check-ins themselves cost the class report 10-13 ms for a class of 8,000 (BENCHMARKS.md).
pub async fn attendees(db: &Db, class_ids: &[i32]) -> Result<HashMap<i32, u32>, AppError> {
    if class_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let statement = sea_orm::Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT class_id, eligible FROM class_total WHERE class_id IN ({})",
            crate::db::id_list(class_ids.iter().copied())
        ),
    );
    let mut out = HashMap::new();
    for row in db.query_all_raw(statement).await? {
        let (class, n): (i32, i32) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        out.insert(class, n.max(0) as u32);
    }
    Ok(out)
}

async fn attended(db: &Db, class_id: i32, trainee_id: i32) -> Result<bool, AppError> {
    Ok(attendee_ids(db, class_id).await?.contains(&trainee_id))
}

/// The class's trainees who may answer (a valid check-in to any of its sessions); the same
/// rule as `attendees`, by trainee.
pub async fn attendee_ids(
    db: &Db,
    class_id: i32,
) -> Result<std::collections::HashSet<i32>, AppError> {
    let sessions = Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(session::Column::ClassId.eq(class_id))
        .to_owned();
    let ids: Vec<i32> = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::TraineeId)
        .filter(checkin::Column::SessionId.in_subquery(sessions))
        .filter(checkin::Column::Kind.eq(Kind::In))
        .filter(checkin::Column::State.eq(CheckinState::Valid))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// While the survey is open: attendees of its class who have not answered, by name in
/// roster order, shown only while every answer is published (the answers number a multiple
/// of 5), and `None` in between. Were it live, a contractor could watch one name leave it and
/// read that trainee's answers off the next published group; and no record of who was in the
/// last published group is kept to show it from (issue 34). Empty once closed.
pub async fn non_responders(
    db: &Db,
    s: &survey::Model,
    at: DateTime<Utc>,
) -> Result<Option<Vec<String>>, AppError> {
    if at < s.opens_at || at >= s.closes_at {
        return Ok(Some(vec![]));
    }
    let answered: std::collections::HashSet<i32> = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(s.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.trainee_id)
        .collect();
    if !answered.len().is_multiple_of(super::publish::STEP) {
        return Ok(None);
    }
    let may = attendee_ids(db, s.class_id).await?;
    Ok(Some(
        crate::training::enrolment::roster_entries(db, s.class_id)
            .await?
            .into_iter()
            .filter(|(t, counted)| *counted && may.contains(&t.id) && !answered.contains(&t.id))
            .map(|(t, _)| t.name)
            .collect(),
    ))
}

/// Whether this trainee may answer this survey now, and if not, why.
async fn gate(
    db: &Db,
    s: &survey::Model,
    trainee_id: i32,
    at: DateTime<Utc>,
) -> Result<Gate, AppError> {
    let enrolment = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(s.class_id))
        .filter(enrolment::Column::TraineeId.eq(trainee_id))
        .one(db)
        .await?;
    let answered = participation::Entity::find_by_id((s.id, trainee_id))
        .one(db)
        .await?
        .is_some();
    Ok(if enrolment.is_none() {
        Gate::NotOnRoster
    } else if enrolment.is_some_and(|e| !e.confirmed) {
        // Only confirmed trainees answer, so a group of 5 is never filled by people the
        // contractor invented (issue 34); an answer kept aside could not be counted later
        // without tying it to its author.
        Gate::Unconfirmed
    } else if answered {
        Gate::Answered
    } else if !attended(db, s.class_id, trainee_id).await? {
        Gate::NotAttended
    } else if at < opens_at(db, s).await? {
        Gate::NotYetOpen(window_end(opens_at(db, s).await?))
    } else if at >= s.closes_at {
        Gate::Closed(window_end(s.closes_at))
    } else {
        Gate::Open
    })
}

/// The answer page for whoever opens the survey's link; questions only for those who may
/// answer.
pub async fn survey_page(
    db: &Db,
    user: Option<&crate::auth::Me>,
    survey_id: i32,
    at: DateTime<Utc>,
) -> Result<SurveyPage, AppError> {
    let s = survey::Entity::find_by_id(survey_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (c, p) = class_and_project(db, s.class_id).await?;
    let gate = match user {
        None => Gate::NotLoggedIn,
        Some(me) => match trainee_of(db, me.user_id).await? {
            None => Gate::NotTrainee,
            Some(tr) => gate(db, &s, tr.id, at).await?,
        },
    };
    let groups = if gate == Gate::Open {
        group(questions_of(db, &[s.template_id]).await?)
    } else {
        vec![]
    };
    Ok(SurveyPage {
        id: s.id,
        class_name: c.name,
        project: p.name,
        window: window(s.opens_at, s.closes_at),
        gate,
        groups,
    })
}

/// The surveys of the trainee's classes, for the home page.
pub async fn my_surveys(
    db: &Db,
    user_id: i32,
    at: DateTime<Utc>,
) -> Result<Vec<MySurvey>, AppError> {
    let Some(me) = trainee_of(db, user_id).await? else {
        return Ok(vec![]);
    };
    let class_ids = class_ids_of(db, me.id).await?;
    let surveys = survey::Entity::find()
        .filter(survey::Column::ClassId.is_in(class_ids))
        .order_by_asc(survey::Column::ClosesAt)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for s in surveys {
        let (c, _) = class_and_project(db, s.class_id).await?;
        out.push(MySurvey {
            id: s.id,
            class_name: c.name,
            window: window(s.opens_at, s.closes_at),
            gate: gate(db, &s, me.id, at).await?,
        });
    }
    Ok(out)
}

/// One parsed answer, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question_id: i32,
    pub likert: Option<Likert>,
    pub choice: Option<i32>,
    pub text: Option<String>,
}

/// Reads the form against the questions asked: every Likert and choice question needs an
/// answer (不适用 is one); open questions may be left empty.
pub fn parse_answers(
    groups: &[Group],
    form: &HashMap<String, String>,
) -> Result<Vec<Answer>, AppError> {
    let mut answers = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for (i, q) in group.questions.iter().enumerate() {
            let value = form.get(&q.id.to_string()).map(|v| v.trim()).unwrap_or("");
            let missing = || AppError::invalid(t::survey_unanswered(g + 1, &group.name, i + 1));
            let mut a = Answer {
                question_id: q.id,
                likert: None,
                choice: None,
                text: None,
            };
            match q.kind {
                QuestionKind::Likert if value.is_empty() => return Err(missing()),
                QuestionKind::Likert => a.likert = Some(Likert::parse(value)?),
                QuestionKind::Choice => match value.parse::<usize>() {
                    Ok(n) if n < q.choices.len() => a.choice = Some(n as i32),
                    _ => return Err(missing()),
                },
                QuestionKind::Text if value.is_empty() => continue,
                QuestionKind::Text if value.chars().count() > MAX_TEXT => {
                    return Err(AppError::invalid(t::survey_text_too_long(MAX_TEXT)))
                }
                QuestionKind::Text => a.text = Some(value.to_owned()),
            }
            answers.push(a);
        }
    }
    Ok(answers)
}

/// Records one trainee's answers once. The response carries a random id and the day, never
/// the trainee; a second submission, however close behind the first, is refused politely.
/// `device` is the phone's device id, kept (hashed) on the participation for the stuffing
/// counts.
pub async fn submit(
    db: &Db,
    (user_id, device): (i32, Option<&str>),
    survey_id: i32,
    form: HashMap<String, String>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let s = survey::Entity::find_by_id(survey_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = trainee_of(db, user_id).await?.ok_or(AppError::Forbidden)?;
    match gate(db, &s, me.id, at).await? {
        Gate::Open => {}
        other => return Err(AppError::invalid(other.message())),
    }
    let answers = parse_answers(&group(questions_of(db, &[s.template_id]).await?), &form)?;
    let txn = begin_write(db).await?;
    publish::lock_survey(&txn, s.id).await?;
    let claimed = participation::Entity::insert(participation::ActiveModel {
        survey_id: Set(s.id),
        trainee_id: Set(me.id),
        device_hash: Set(device.map(|d| hex::encode(Sha256::digest(d.as_bytes())))),
    })
    .on_conflict(
        OnConflict::columns([
            participation::Column::SurveyId,
            participation::Column::TraineeId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if claimed == 0 {
        txn.rollback().await?;
        return Err(AppError::invalid(t::SURVEY_ANSWERED));
    }
    let response_id = format!("{:032x}", rand::random::<u128>());
    let rows: Vec<answer::Model> = answers
        .into_iter()
        .map(|a| answer::Model {
            response_id: response_id.clone(),
            question_id: a.question_id,
            likert: a.likert.map(Likert::stored),
            choice: a.choice,
            text: a.text,
        })
        .collect();
    let new = Pending {
        response: response::Model {
            id: response_id,
            survey_id: s.id,
            submitted_on: local(at).date_naive(),
            published: false,
        },
        answers: rows,
    };
    publish::write_unlinkable(&txn, &s, new, at).await?;
    // Who answered, per county, for the evaluator (issue 15); the answers carry no county.
    crate::training::counts::refresh(&txn, &[s.class_id]).await?;
    txn.commit().await?;
    Ok(())
}

/// When answers open: the survey's own start, or, while nobody has answered, the class's last
/// session if one was added since (issue 34: the admin's rule opens the survey at the class's
/// last session, whenever the contractor opened it; once answers come in, a session added
/// later does not stop them).
async fn opens_at(db: &Db, s: &survey::Model) -> Result<DateTime<Utc>, AppError> {
    let answered = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(s.id))
        .count(db)
        .await?;
    if s.published_at.is_some() || answered > 0 {
        return Ok(s.opens_at);
    }
    let last = session::Entity::find()
        .filter(session::Column::ClassId.eq(s.class_id))
        .order_by_desc(session::Column::StartsAt)
        .one(db)
        .await?;
    Ok(last.map_or(s.opens_at, |l| l.starts_at.max(s.opens_at)))
}
