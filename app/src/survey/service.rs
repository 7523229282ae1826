//! Surveys: templates and their versions, opening one per class, who may answer, and the one
//! anonymous submission. Participation and response are written in one transaction, so a
//! trainee is never counted without their answers or the reverse.
use super::template::{self, Draft};
use super::types::*;
use crate::auth::service::audit;
use crate::db::{begin_write, now, Db};
use crate::entities::{
    answer, checkin, enrolment, participation, question, response, session, survey, survey_template,
};
use crate::error::AppError;
use crate::i18n::t;
use crate::time::{cst_instant, cst_offset, hm};
use crate::training::access::{class_and_project, owned_class};
use crate::training::enrolment::trainee_of;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{prelude::*, ActiveValue::Set, PaginatorTrait, QueryOrder, QuerySelect};
use std::collections::HashMap;

const MAX_TEXT: usize = 1000;

/// Puts the 国培 template in place on a database that has none.
pub async fn ensure_default_template(db: &Db) -> Result<(), AppError> {
    if survey_template::Entity::find().count(db).await? == 0 {
        let drafts = template::parse(template::DEFAULT_TEXT)?;
        insert_template(db, None, 1, template::DEFAULT_NAME, &drafts, None).await?;
    }
    Ok(())
}

async fn insert_template(
    db: &impl ConnectionTrait,
    family_id: Option<i32>,
    version: i32,
    name: &str,
    drafts: &[Draft],
    by: Option<i32>,
) -> Result<i32, AppError> {
    let row = survey_template::ActiveModel {
        family_id: Set(family_id),
        version: Set(version),
        name: Set(name.to_owned()),
        created_at: Set(now()),
        created_by: Set(by),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_questions(db, row.id, drafts).await?;
    Ok(row.id)
}

async fn insert_questions(
    db: &impl ConnectionTrait,
    template_id: i32,
    drafts: &[Draft],
) -> Result<(), AppError> {
    let rows = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| question::ActiveModel {
            template_id: Set(template_id),
            position: Set(i as i32 + 1),
            kind: Set(d.kind.as_str().to_owned()),
            dimension: Set(Some(d.dimension.clone())),
            prompt: Set(d.prompt.clone()),
            choices_json: Set((!d.choices.is_empty())
                .then(|| serde_json::to_string(&d.choices).unwrap_or_default())),
            is_overall: Set(d.is_overall),
            ..Default::default()
        });
    question::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// The newest version of each template, newest template first.
async fn latest_templates(db: &Db) -> Result<Vec<survey_template::Model>, AppError> {
    let all = survey_template::Entity::find()
        .order_by_desc(survey_template::Column::Version)
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    let mut latest: Vec<_> = all
        .into_iter()
        .filter(|t| seen.insert(t.family()))
        .collect();
    latest.sort_by_key(|t| std::cmp::Reverse(t.family()));
    Ok(latest)
}

pub async fn questions_of(db: &Db, template_ids: &[i32]) -> Result<Vec<Question>, AppError> {
    Ok(question::Entity::find()
        .filter(question::Column::TemplateId.is_in(template_ids.iter().copied()))
        .order_by_asc(question::Column::TemplateId)
        .order_by_asc(question::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|q| Question {
            id: q.id,
            kind: QuestionKind::from_db(&q.kind),
            dimension: q.dimension.unwrap_or_default(),
            prompt: q.prompt,
            choices: q
                .choices_json
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default(),
            is_overall: q.is_overall,
        })
        .collect())
}

fn drafts_of(questions: &[Question]) -> Vec<Draft> {
    questions
        .iter()
        .map(|q| Draft {
            kind: q.kind,
            dimension: q.dimension.clone(),
            prompt: q.prompt.clone(),
            choices: q.choices.clone(),
            is_overall: q.is_overall,
        })
        .collect()
}

pub async fn template_rows(db: &Db) -> Result<Vec<TemplateRow>, AppError> {
    let mut rows = Vec::new();
    for tpl in latest_templates(db).await? {
        let questions = questions_of(db, &[tpl.id]).await?;
        let used_by = survey::Entity::find()
            .filter(survey::Column::TemplateId.eq(tpl.id))
            .count(db)
            .await?;
        rows.push(TemplateRow {
            id: tpl.id,
            name: tpl.name,
            version: tpl.version,
            questions: questions.len(),
            used_by,
            text: template::render(&drafts_of(&questions)),
        });
    }
    Ok(rows)
}

/// Adds a template, or edits one. A version some survey already uses is never changed:
/// the edit becomes the next version, so every answer keeps the question that was asked.
pub async fn save_template(
    db: &Db,
    admin_id: i32,
    editing: Option<i32>,
    name: &str,
    text: &str,
) -> Result<i32, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid(t::TEMPLATE_NAME_EMPTY));
    }
    let drafts = template::parse(text)?;
    let current = match editing {
        Some(id) => Some(
            survey_template::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let used = match &current {
        Some(c) => {
            survey::Entity::find()
                .filter(survey::Column::TemplateId.eq(c.id))
                .count(db)
                .await?
                > 0
        }
        None => false,
    };
    let txn = begin_write(db).await?;
    let id = match current {
        None => insert_template(&txn, None, 1, name, &drafts, Some(admin_id)).await?,
        Some(c) if used => {
            let family = Some(c.family());
            insert_template(&txn, family, c.version + 1, name, &drafts, Some(admin_id)).await?
        }
        Some(c) => {
            question::Entity::delete_many()
                .filter(question::Column::TemplateId.eq(c.id))
                .exec(&txn)
                .await?;
            insert_questions(&txn, c.id, &drafts).await?;
            let id = c.id;
            let mut row: survey_template::ActiveModel = c.into();
            row.name = Set(name.to_owned());
            row.update(&txn).await?;
            id
        }
    };
    let detail = format!("{name}, {} questions", drafts.len());
    audit(
        &txn,
        Some(admin_id),
        "survey.template",
        &format!("template:{id}"),
        &detail,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The contractor's form: which template, and when the survey opens and closes (CST).
#[derive(Debug, Clone)]
pub struct SurveyForm {
    pub class_id: i32,
    pub template_id: i32,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
}

fn instant(date: &str, time: &str, field: &str) -> Result<DateTime<Utc>, AppError> {
    use crate::training::form::{parse_date, parse_time};
    Ok(cst_instant(
        parse_date(date, field)?,
        parse_time(time, field)?,
    ))
}

/// Opens the class's survey, or changes its window. The template can change only while
/// nobody has answered.
pub async fn open_survey(
    db: &Db,
    (user_id, contractor_id): (i32, i32),
    form: SurveyForm,
) -> Result<i32, AppError> {
    owned_class(db, contractor_id, form.class_id).await?;
    let opens = instant(&form.opens_date, &form.opens_time, t::SURVEY_OPENS)?;
    let closes = instant(&form.closes_date, &form.closes_time, t::SURVEY_CLOSES)?;
    if closes <= opens {
        return Err(AppError::invalid(t::SURVEY_WINDOW_ORDER));
    }
    if survey_template::Entity::find_by_id(form.template_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::invalid(t::SURVEY_TEMPLATE_MISSING));
    }
    let existing = survey::Entity::find()
        .filter(survey::Column::ClassId.eq(form.class_id))
        .one(db)
        .await?;
    let answered = match &existing {
        Some(s) => responses_of(db, s.id).await?,
        None => 0,
    };
    if existing
        .as_ref()
        .is_some_and(|s| s.template_id != form.template_id && answered > 0)
    {
        return Err(AppError::invalid(t::SURVEY_TEMPLATE_LOCKED));
    }
    let txn = begin_write(db).await?;
    let id = match existing {
        Some(s) => {
            let id = s.id;
            let mut row: survey::ActiveModel = s.into();
            row.template_id = Set(form.template_id);
            row.opens_at = Set(opens);
            row.closes_at = Set(closes);
            row.update(&txn).await?;
            id
        }
        None => {
            survey::ActiveModel {
                class_id: Set(form.class_id),
                template_id: Set(form.template_id),
                opens_at: Set(opens),
                closes_at: Set(closes),
                created_by: Set(Some(user_id)),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    let detail = format!("class {} {}", form.class_id, window(opens, closes));
    audit(
        &txn,
        Some(user_id),
        "survey.open",
        &format!("survey:{id}"),
        &detail,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

fn local(at: DateTime<Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    at.with_timezone(&cst_offset())
}

pub fn window(opens: DateTime<Utc>, closes: DateTime<Utc>) -> String {
    format!(
        "{} {} 至 {} {}",
        local(opens).format("%m月%d日"),
        hm(opens),
        local(closes).format("%m月%d日"),
        hm(closes)
    )
}

pub async fn responses_of(db: &Db, survey_id: i32) -> Result<u32, AppError> {
    let n = participation::Entity::find()
        .filter(participation::Column::SurveyId.eq(survey_id))
        .count(db)
        .await?;
    Ok(n as u32)
}

/// Trainees of these classes who attended at least one session (a valid check-in), which
/// is who may answer: DESIGN's denominator for the response rate.
pub async fn attendees(db: &Db, class_ids: &[i32]) -> Result<HashMap<i32, u32>, AppError> {
    let sessions: HashMap<i32, i32> = session::Entity::find()
        .filter(session::Column::ClassId.is_in(class_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.class_id))
        .collect();
    let pairs: Vec<(i32, i32)> = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::SessionId)
        .column(checkin::Column::TraineeId)
        .filter(checkin::Column::SessionId.is_in(sessions.keys().copied()))
        .filter(checkin::Column::Kind.eq("in"))
        .filter(checkin::Column::State.eq("valid"))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut seen = std::collections::HashSet::new();
    let mut counts = HashMap::new();
    for (session_id, trainee_id) in pairs {
        let class_id = sessions[&session_id];
        if seen.insert((class_id, trainee_id)) {
            *counts.entry(class_id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

async fn attended(db: &Db, class_id: i32, trainee_id: i32) -> Result<bool, AppError> {
    let sessions = Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(session::Column::ClassId.eq(class_id))
        .to_owned();
    Ok(checkin::Entity::find()
        .filter(checkin::Column::TraineeId.eq(trainee_id))
        .filter(checkin::Column::SessionId.in_subquery(sessions))
        .filter(checkin::Column::Kind.eq("in"))
        .filter(checkin::Column::State.eq("valid"))
        .count(db)
        .await?
        > 0)
}

/// Whether this trainee may answer this survey now, and if not, why.
async fn gate(
    db: &Db,
    s: &survey::Model,
    trainee_id: i32,
    at: DateTime<Utc>,
) -> Result<Gate, AppError> {
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(s.class_id))
        .filter(enrolment::Column::TraineeId.eq(trainee_id))
        .count(db)
        .await?
        > 0;
    let answered = participation::Entity::find_by_id((s.id, trainee_id))
        .one(db)
        .await?
        .is_some();
    Ok(if !enrolled {
        Gate::NotOnRoster
    } else if answered {
        Gate::Answered
    } else if !attended(db, s.class_id, trainee_id).await? {
        Gate::NotAttended
    } else if at < s.opens_at {
        Gate::NotYetOpen(window_end(s.opens_at))
    } else if at >= s.closes_at {
        Gate::Closed(window_end(s.closes_at))
    } else {
        Gate::Open
    })
}

fn window_end(at: DateTime<Utc>) -> String {
    format!("{} {}", local(at).format("%m月%d日"), hm(at))
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
    let class_ids: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::TraineeId.eq(me.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.class_id)
        .collect();
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
pub async fn submit(
    db: &Db,
    user_id: i32,
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
    let claimed = participation::Entity::insert(participation::ActiveModel {
        survey_id: Set(s.id),
        trainee_id: Set(me.id),
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
    response::ActiveModel {
        id: Set(response_id.clone()),
        survey_id: Set(s.id),
        submitted_on: Set(local(at).date_naive()),
    }
    .insert(&txn)
    .await?;
    let rows = answers.into_iter().map(|a| answer::ActiveModel {
        response_id: Set(response_id.clone()),
        question_id: Set(a.question_id),
        likert: Set(a.likert.map(Likert::stored)),
        choice: Set(a.choice),
        text: Set(a.text),
    });
    answer::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The contractor's view of the class's survey: the form, and the running survey's counts,
/// link and room QR.
pub async fn class_survey(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
    origin: &str,
) -> Result<ClassSurvey, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let templates = latest_templates(db)
        .await?
        .into_iter()
        .map(|tpl| TemplateOption {
            id: tpl.id,
            label: format!("{}（第 {} 版）", tpl.name, tpl.version),
        })
        .collect();
    let current = match survey::Entity::find()
        .filter(survey::Column::ClassId.eq(class_id))
        .one(db)
        .await?
    {
        Some(s) => Some(running(db, s, origin).await?),
        None => None,
    };
    Ok(ClassSurvey {
        class_id,
        class_name: c.name.clone(),
        project_id: c.project_id,
        templates,
        current,
        default_date: c.end_date.to_string(),
    })
}

async fn running(db: &Db, s: survey::Model, origin: &str) -> Result<RunningSurvey, AppError> {
    let tpl = survey_template::Entity::find_by_id(s.template_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = now();
    let status = if at < s.opens_at {
        t::SURVEY_STATUS_PENDING
    } else if at >= s.closes_at {
        t::SURVEY_STATUS_CLOSED
    } else {
        t::SURVEY_STATUS_OPEN
    };
    let url = format!("{origin}/surveys/{}", s.id);
    Ok(RunningSurvey {
        id: s.id,
        template_id: s.template_id,
        template: format!("{}（第 {} 版）", tpl.name, tpl.version),
        opens_date: local(s.opens_at).date_naive().to_string(),
        opens_time: hm(s.opens_at),
        closes_date: local(s.closes_at).date_naive().to_string(),
        closes_time: hm(s.closes_at),
        status: status.to_owned(),
        responses: responses_of(db, s.id).await?,
        eligible: attendees(db, &[s.class_id])
            .await?
            .get(&s.class_id)
            .copied()
            .unwrap_or(0),
        qr_svg: crate::ui::qr_svg(&url),
        url,
    })
}
