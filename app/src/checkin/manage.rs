//! The contractor's side: classes and sessions under its own projects, the projector, and
//! the attendance sheet with corrections. Every function starts from the contractor id and
//! refuses what belongs to another contractor.
use super::code::SessionKey;
use super::manage_types::*;
use crate::auth::service::audit;
use crate::auth::Phone;
use crate::db::{begin_write, now, Db};
use crate::entities::{checkin, class, enrolment, project, session, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::time::{cst_instant, hm, span};
use chrono::{NaiveDate, NaiveTime};
use sea_orm::{prelude::*, ActiveValue::Set, PaginatorTrait, QueryOrder};
use std::collections::HashMap;

pub async fn owned_project(
    db: &Db,
    contractor_id: i32,
    project_id: i32,
) -> Result<project::Model, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.contractor_id != Some(contractor_id) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

/// A class and its project, for the readers that check access on the project.
pub async fn class_and_project(
    db: &Db,
    class_id: i32,
) -> Result<(class::Model, project::Model), AppError> {
    let c = class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((c, p))
}

pub async fn owned_class(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
) -> Result<class::Model, AppError> {
    let c = class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    owned_project(db, contractor_id, c.project_id).await?;
    Ok(c)
}

pub async fn owned_session(
    db: &Db,
    contractor_id: i32,
    session_id: i32,
) -> Result<(session::Model, class::Model), AppError> {
    let s = session::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = owned_class(db, contractor_id, s.class_id).await?;
    Ok((s, c))
}

/// A project's classes with their figures. Contractors see their own projects; evaluators
/// those in scope, counting only their county's trainees when they are a county evaluator.
/// `known` holds figures already computed for this reader (the overview's, at most a minute
/// old); without them the project's figures are computed now.
pub async fn project_classes(
    db: &Db,
    me: &crate::auth::Me,
    project_id: i32,
    known: Option<&HashMap<i32, crate::dashboard::Counts>>,
) -> Result<ProjectClasses, AppError> {
    use crate::dashboard::metrics::{self, Classes, GroupBy, Selection};
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::dashboard::service::may_read_project(db, me, &p).await?;
    let classes = class::Entity::find()
        .filter(class::Column::ProjectId.eq(p.id))
        .order_by_asc(class::Column::StartDate)
        .order_by_asc(class::Column::Id)
        .all(db)
        .await?;
    let sel = Selection {
        classes: Classes::Project(p.id),
        county: me
            .county_id
            .filter(|_| me.role == crate::auth::Role::Evaluator),
        group: GroupBy::Class,
    };
    let mut counts = match known {
        Some(known) => classes
            .iter()
            .filter_map(|c| known.get(&c.id).map(|k| (c.id, k.clone())))
            .collect(),
        None => metrics::counts(db, sel, now()).await?,
    };
    let threshold = crate::dashboard::service::threshold_of(db, &p).await?;
    let mut rows = Vec::new();
    for c in classes {
        let figures = counts.remove(&c.id).unwrap_or_default();
        let mut row = class_row(db, c).await?;
        row.warnings = figures.flags(threshold);
        row.counts = figures;
        rows.push(row);
    }
    Ok(ProjectClasses {
        project_id: p.id,
        project: p.name,
        can_manage: me.role == crate::auth::Role::Contractor,
        classes: rows,
    })
}

async fn class_row(db: &Db, c: class::Model) -> Result<ClassRow, AppError> {
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(c.id))
        .count(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::ClassId.eq(c.id))
        .count(db)
        .await?;
    Ok(ClassRow {
        id: c.id,
        dates: format!(
            "{} 至 {}",
            c.start_date.format("%Y-%m-%d"),
            c.end_date.format("%Y-%m-%d")
        ),
        name: c.name,
        venue: c.venue,
        head_teacher: c.head_teacher,
        capacity: c.capacity,
        enrolled,
        sessions,
        counts: Default::default(),
        warnings: vec![],
    })
}

/// A class as typed into the form; every field is checked with a message saying which.
pub struct NewClass {
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    pub venue: String,
    pub head_teacher: String,
    pub capacity: String,
}

pub async fn create_class(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    project_id: i32,
    form: NewClass,
) -> Result<i32, AppError> {
    let p = owned_project(db, contractor_id, project_id).await?;
    let name = required(&form.name, t::ERR_CLASS_NAME)?;
    let start = parse_date(&form.start_date, t::FIELD_START_DATE)?;
    let end = parse_date(&form.end_date, t::FIELD_END_DATE)?;
    if end < start {
        return Err(AppError::invalid(t::ERR_END_BEFORE_START));
    }
    let capacity = match form.capacity.trim() {
        "" => None,
        s => Some(
            s.parse::<i32>()
                .ok()
                .filter(|n| (1..=5000).contains(n))
                .ok_or_else(|| AppError::invalid(t::ERR_CAPACITY))?,
        ),
    };
    let row = class::ActiveModel {
        project_id: Set(p.id),
        name: Set(name),
        start_date: Set(start),
        end_date: Set(end),
        venue: Set(optional(&form.venue)),
        head_teacher: Set(optional(&form.head_teacher)),
        capacity: Set(capacity),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let target = format!("class:{}", row.id);
    audit(db, Some(actor), "create_class", &target, &row.name, None).await?;
    Ok(row.id)
}

pub struct NewSession {
    pub title: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub opens_min: String,
    pub late_min: String,
    pub checkout_required: bool,
    /// "28.6837, 115.8900" or empty.
    pub geofence: String,
    pub radius_m: String,
}

pub async fn create_session(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    class_id: i32,
    form: NewSession,
) -> Result<i32, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let title = required(&form.title, t::ERR_SESSION_TITLE)?;
    let date = parse_date(&form.date, t::FIELD_DATE)?;
    if date < c.start_date || date > c.end_date {
        return Err(AppError::invalid(t::ERR_SESSION_OUTSIDE_CLASS));
    }
    let starts = parse_time(&form.starts, t::FIELD_STARTS)?;
    let ends = parse_time(&form.ends, t::FIELD_ENDS)?;
    if ends <= starts {
        return Err(AppError::invalid(t::ERR_END_BEFORE_START));
    }
    let opens = parse_minutes(&form.opens_min, 30, t::FIELD_OPENS)?;
    let late = parse_minutes(&form.late_min, 10, t::FIELD_LATE)?;
    let fence = parse_geofence(&form.geofence, &form.radius_m)?;
    let row = session::ActiveModel {
        class_id: Set(c.id),
        title: Set(title),
        date: Set(date),
        starts_at: Set(cst_instant(date, starts)),
        ends_at: Set(cst_instant(date, ends)),
        venue: Set(c.venue.clone()),
        geofence_lat: Set(fence.map(|f| f.0)),
        geofence_lon: Set(fence.map(|f| f.1)),
        geofence_radius_m: Set(fence.map(|f| f.2)),
        checkin_opens_min: Set(opens),
        late_after_min: Set(late),
        checkout_required: Set(form.checkout_required),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let target = format!("session:{}", row.id);
    audit(db, Some(actor), "create_session", &target, &row.title, None).await?;
    Ok(row.id)
}

fn required(s: &str, message: &str) -> Result<String, AppError> {
    match s.trim() {
        "" => Err(AppError::invalid(message)),
        s => Ok(s.to_owned()),
    }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(crate) fn parse_date(s: &str, field: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(t::err_date(field)))
}

pub(crate) fn parse_time(s: &str, field: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| AppError::invalid(t::err_time(field)))
}

fn parse_minutes(s: &str, default: i32, field: &str) -> Result<i32, AppError> {
    match s.trim() {
        "" => Ok(default),
        s => s
            .parse::<i32>()
            .ok()
            .filter(|n| (0..=240).contains(n))
            .ok_or_else(|| AppError::invalid(t::err_minutes(field))),
    }
}

/// "lat, lon" plus a radius in metres, or nothing at all.
fn parse_geofence(point: &str, radius: &str) -> Result<Option<(f64, f64, i32)>, AppError> {
    if point.trim().is_empty() {
        return Ok(None);
    }
    let bad = || AppError::invalid(t::ERR_GEOFENCE);
    let (lat, lon) = point.split_once([',', '，']).ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let radius: i32 = match radius.trim() {
        "" => 300,
        r => r.parse().map_err(|_| bad())?,
    };
    if !(-90.0..=90.0).contains(&lat)
        || !(-180.0..=180.0).contains(&lon)
        || !(20..=5000).contains(&radius)
    {
        return Err(bad());
    }
    Ok(Some((lat, lon, radius)))
}

pub async fn class_detail(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
) -> Result<ClassDetail, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = session::Entity::find()
        .filter(session::Column::ClassId.eq(c.id))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    let rows = checkin::Entity::find()
        .filter(checkin::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .filter(checkin::Column::Kind.eq("in"))
        .filter(checkin::Column::State.eq("valid"))
        .all(db)
        .await?;
    let mut counts: HashMap<i32, (u64, u64)> = HashMap::new();
    for r in rows {
        let e = counts.entry(r.session_id).or_default();
        e.0 += 1;
        e.1 += u64::from(!r.flags.is_empty());
    }
    Ok(ClassDetail {
        default_date: crate::time::cst_today()
            .clamp(c.start_date, c.end_date)
            .format("%Y-%m-%d")
            .to_string(),
        project_id: p.id,
        project: p.name,
        sessions: sessions
            .into_iter()
            .map(|s| {
                let (checked_in, flagged) = counts.get(&s.id).copied().unwrap_or_default();
                SessionRow {
                    id: s.id,
                    when: span(s.date, s.starts_at, s.ends_at),
                    title: s.title,
                    checked_in,
                    flagged,
                    checkout_required: s.checkout_required,
                }
            })
            .collect(),
        class: class_row(db, c).await?,
    })
}

/// Enrolled trainees of a class in roster order.
async fn roster(db: &Db, class_id: i32) -> Result<Vec<trainee::Model>, AppError> {
    let ids: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.trainee_id)
        .collect();
    let mut by_id: HashMap<i32, trainee::Model> = trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(ids.into_iter().filter_map(|id| by_id.remove(&id)).collect())
}

async fn session_checkins(db: &Db, session_id: i32) -> Result<Vec<checkin::Model>, AppError> {
    Ok(checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .all(db)
        .await?)
}

pub async fn projector(
    db: &Db,
    secret: &[u8],
    contractor_id: i32,
    session_id: i32,
) -> Result<ProjectorView, AppError> {
    let (s, c) = owned_session(db, contractor_id, session_id).await?;
    Ok(ProjectorView {
        session_id: s.id,
        title: s.title.clone(),
        class_name: c.name,
        when: span(s.date, s.starts_at, s.ends_at),
        key_hex: SessionKey::derive(secret, s.id).to_hex(),
        server_ms: now().timestamp_millis(),
        status: status_of(db, &s).await?,
    })
}

pub async fn projector_status(
    db: &Db,
    contractor_id: i32,
    session_id: i32,
) -> Result<ProjectorStatus, AppError> {
    let (s, _) = owned_session(db, contractor_id, session_id).await?;
    status_of(db, &s).await
}

/// Who of the roster is in, for a session whose ownership is already checked.
async fn status_of(db: &Db, s: &session::Model) -> Result<ProjectorStatus, AppError> {
    let present: Vec<i32> = session_checkins(db, s.id)
        .await?
        .into_iter()
        .filter(|r| r.kind == "in" && r.state == "valid")
        .map(|r| r.trainee_id)
        .collect();
    let roster = roster(db, s.class_id).await?;
    let missing: Vec<String> = roster
        .iter()
        .filter(|t| !present.contains(&t.id))
        .map(|t| t.name.clone())
        .collect();
    Ok(ProjectorStatus {
        checked_in: (roster.len() - missing.len()) as u64,
        enrolled: roster.len() as u64,
        missing,
    })
}

pub async fn sheet(db: &Db, contractor_id: i32, session_id: i32) -> Result<Sheet, AppError> {
    let (s, c) = owned_session(db, contractor_id, session_id).await?;
    build_sheet(db, s, c, None, true).await
}

/// The sheet for whoever may read it: the class's contractor (with corrections), or an
/// evaluator in scope, who reads it only, and only its county's trainees if it has one.
pub async fn sheet_for(db: &Db, me: &crate::auth::Me, session_id: i32) -> Result<Sheet, AppError> {
    use crate::auth::Role;
    if me.role == Role::Contractor {
        return sheet(db, me.contractor_id.ok_or(AppError::Forbidden)?, session_id).await;
    }
    let s = session::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (c, p) = class_and_project(db, s.class_id).await?;
    crate::dashboard::service::may_read_project(db, me, &p).await?;
    let county = me.county_id.filter(|_| me.role == Role::Evaluator);
    build_sheet(db, s, c, county, false).await
}

async fn build_sheet(
    db: &Db,
    s: session::Model,
    c: class::Model,
    county: Option<i32>,
    can_correct: bool,
) -> Result<Sheet, AppError> {
    let checkins = session_checkins(db, s.id).await?;
    let rows: Vec<SheetRow> = roster(db, c.id)
        .await?
        .into_iter()
        .filter(|tr| county.is_none() || tr.county_id == county)
        .map(|tr| {
            let find = |kind: &str| {
                checkins
                    .iter()
                    .find(|r| r.trainee_id == tr.id && r.kind == kind)
            };
            let cin = find("in");
            SheetRow {
                trainee_id: tr.id,
                phone: Phone::parse(&tr.phone)
                    .map(|p| p.masked())
                    .unwrap_or_default(),
                name: tr.name,
                school: tr.school,
                checked_in: valid(cin).map(|r| hm(r.at)),
                checked_out: valid(find("out")).map(|r| hm(r.at)),
                method: cin.map(|r| t::method_label(&r.method).to_owned()),
                flags: cin
                    .map(|r| r.flags.split_whitespace().map(t::flag_label).collect())
                    .unwrap_or_default(),
                present: valid(cin).is_some(),
                correction: cin.and_then(|r| r.correction_reason.clone()),
            }
        })
        .collect();
    Ok(Sheet {
        session_id: s.id,
        class_id: c.id,
        can_correct,
        present: rows.iter().filter(|r| r.present).count() as u64,
        flagged: rows.iter().filter(|r| !r.flags.is_empty()).count() as u64,
        title: s.title.clone(),
        class_name: c.name,
        when: span(s.date, s.starts_at, s.ends_at),
        rows,
    })
}

pub struct Correction {
    pub session_id: i32,
    pub trainee_id: i32,
    pub present: bool,
    pub reason: String,
}

/// Marks a trainee present or absent. The original check-in stays: marking absent sets its
/// state to revoked, marking present revives it or adds a manual row; each is audited.
pub async fn correct(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    fix: Correction,
) -> Result<(), AppError> {
    let (s, c) = owned_session(db, contractor_id, fix.session_id).await?;
    let reason = required(&fix.reason, t::ERR_REASON_REQUIRED)?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(c.id))
        .filter(enrolment::Column::TraineeId.eq(fix.trainee_id))
        .one(db)
        .await?;
    if enrolled.is_none() {
        return Err(AppError::NotFound);
    }
    let txn = begin_write(db).await?;
    let existing = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(s.id))
        .filter(checkin::Column::TraineeId.eq(fix.trainee_id))
        .filter(checkin::Column::Kind.eq("in"))
        .one(&txn)
        .await?;
    let state = if fix.present { "valid" } else { "revoked" };
    match existing {
        Some(row) => {
            let mut row: checkin::ActiveModel = row.into();
            row.state = Set(state.to_owned());
            row.correction_reason = Set(Some(reason.clone()));
            row.corrected_by = Set(Some(actor));
            row.update(&txn).await?;
        }
        None if fix.present => {
            checkin::ActiveModel {
                session_id: Set(s.id),
                trainee_id: Set(fix.trainee_id),
                kind: Set("in".to_owned()),
                at: Set(now()),
                method: Set("manual".to_owned()),
                flags: Set(String::new()),
                state: Set("valid".to_owned()),
                correction_reason: Set(Some(reason.clone())),
                corrected_by: Set(Some(actor)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        // Absent and no record: nothing to change, but the decision is still audited.
        None => {}
    }
    let target = format!("session:{} trainee:{}", s.id, fix.trainee_id);
    let detail = format!("{state}: {reason}");
    audit(&txn, Some(actor), "correct_checkin", &target, &detail, None).await?;
    txn.commit().await?;
    Ok(())
}

fn valid(r: Option<&checkin::Model>) -> Option<&checkin::Model> {
    r.filter(|r| r.state == "valid")
}

/// The login slips of a class, for printing.
pub async fn roster_codes(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
    origin: String,
) -> Result<RosterCodes, AppError> {
    let c = owned_class(db, contractor_id, class_id).await?;
    Ok(RosterCodes {
        class_id: c.id,
        class_name: c.name,
        origin,
        rows: roster(db, class_id)
            .await?
            .into_iter()
            .map(|t| RosterCodeRow {
                name: t.name,
                phone: t.phone,
                code: t.access_code.unwrap_or_default(),
            })
            .collect(),
    })
}
