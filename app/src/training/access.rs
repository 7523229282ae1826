//! Every ownership and scope check, in one place. Each check returns a proof: a value that
//! only this module can make, and only after the check passed. Services that act on a class
//! or a session take the proof rather than an id, so the check cannot be forgotten
//! (STYLE, "Proofs, not ids").
use crate::auth::{Me, Role};
use crate::db::Db;
use crate::entities::{class, county, project, project_county, session, trainee};
use crate::error::AppError;
use sea_orm::prelude::*;
use std::collections::HashSet;
use std::ops::Deref;

/// A project run by the calling contractor.
#[derive(Debug, Clone)]
pub struct OwnedProject(project::Model);

/// A class of a project run by the calling contractor.
#[derive(Debug, Clone)]
pub struct OwnedClass(class::Model);

/// A session of a class run by the calling contractor.
#[derive(Debug, Clone)]
pub struct OwnedSession {
    pub session: session::Model,
    pub class: OwnedClass,
}

/// A class, with its project, that the reader may read: its contractor, admins, and
/// evaluators whose scope reaches the project.
#[derive(Debug, Clone)]
pub struct ReadableClass {
    pub class: class::Model,
    pub project: project::Model,
}

/// A project the reader may read (see `may_read_project`).
#[derive(Debug, Clone)]
pub struct ReadableProject(project::Model);

impl Deref for OwnedProject {
    type Target = project::Model;
    fn deref(&self) -> &project::Model {
        &self.0
    }
}

impl Deref for OwnedClass {
    type Target = class::Model;
    fn deref(&self) -> &class::Model {
        &self.0
    }
}

impl Deref for ReadableProject {
    type Target = project::Model;
    fn deref(&self) -> &project::Model {
        &self.0
    }
}

impl OwnedProject {
    pub fn into_model(self) -> project::Model {
        self.0
    }
}

impl OwnedClass {
    pub fn into_model(self) -> class::Model {
        self.0
    }
}

impl ReadableProject {
    pub fn into_model(self) -> project::Model {
        self.0
    }
}

pub async fn owned_project(
    db: &Db,
    contractor_id: i32,
    project_id: i32,
) -> Result<OwnedProject, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.contractor_id != Some(contractor_id) {
        return Err(AppError::Forbidden);
    }
    Ok(OwnedProject(p))
}

pub async fn owned_class(
    db: &Db,
    contractor_id: i32,
    class_id: i32,
) -> Result<OwnedClass, AppError> {
    let c = class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    owned_project(db, contractor_id, c.project_id).await?;
    Ok(OwnedClass(c))
}

pub async fn owned_session(
    db: &Db,
    contractor_id: i32,
    session_id: i32,
) -> Result<OwnedSession, AppError> {
    let session = find_session(db, session_id).await?;
    let class = owned_class(db, contractor_id, session.class_id).await?;
    Ok(OwnedSession { session, class })
}

pub async fn find_session(db: &Db, session_id: i32) -> Result<session::Model, AppError> {
    session::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A class and its project, loaded for display where the caller's right to them was
/// established otherwise (the trainee's own enrolment). Readers use `readable_class`.
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

pub async fn readable_class(db: &Db, me: &Me, class_id: i32) -> Result<ReadableClass, AppError> {
    let (class, project) = class_and_project(db, class_id).await?;
    may_read_project(db, me, &project).await?;
    Ok(ReadableClass { class, project })
}

pub async fn readable_project(
    db: &Db,
    me: &Me,
    project_id: i32,
) -> Result<ReadableProject, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    may_read_project(db, me, &p).await?;
    Ok(ReadableProject(p))
}

/// The county an evaluator's figures are limited to, if it has one.
pub fn county_scope(me: &Me) -> Option<i32> {
    me.county_id.filter(|_| me.role == Role::Evaluator)
}

/// Who may read a project's figures: admins and province evaluators all; a county evaluator
/// the projects that reach its county; contractor staff their own. Everyone else is refused.
pub async fn may_read_project(db: &Db, me: &Me, p: &project::Model) -> Result<(), AppError> {
    let allowed = match (me.role, me.county_id) {
        (Role::Admin, _) | (Role::Evaluator, None) => true,
        (Role::Evaluator, Some(county_id)) => project_reaches(db, p, county_id).await?,
        (Role::Contractor, _) => me.contractor_id.is_some() && p.contractor_id == me.contractor_id,
        (Role::Trainee, _) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Proof that the reader may see one trainee's record in a class (hours, evidence images).
#[derive(Debug, Clone, Copy)]
pub struct VisibleRecord(());

/// Who may see a trainee's record in a class: the trainee themself, the contractor running
/// the class, admins, province evaluators, and a county's evaluators for that county's
/// trainees only (issue 13: a county evaluator used to see every county's images).
pub async fn visible_record(
    db: &Db,
    me: &Me,
    trainee_id: i32,
    class_id: i32,
) -> Result<VisibleRecord, AppError> {
    let owner = || async {
        trainee::Entity::find_by_id(trainee_id)
            .one(db)
            .await?
            .ok_or(AppError::Forbidden)
    };
    let allowed = match (me.role, me.county_id) {
        (Role::Admin, _) | (Role::Evaluator, None) => true,
        (Role::Evaluator, Some(county)) => owner().await?.county_id == Some(county),
        (Role::Contractor, _) => {
            owned_class(db, me.contractor_id.ok_or(AppError::Forbidden)?, class_id).await?;
            true
        }
        (Role::Trainee, _) => owner().await?.user_id == me.user_id,
    };
    if allowed {
        Ok(VisibleRecord(()))
    } else {
        Err(AppError::Forbidden)
    }
}

/// Province-wide projects reach every county; category projects reach counties of that
/// category; named-county projects reach the counties they name.
pub fn reaches_county(p: &project::Model, county: &county::Model, named: &HashSet<i32>) -> bool {
    match p.scope_kind.as_str() {
        "province" => true,
        "category" => p.scope_category.as_deref() == Some(county.category.as_str()),
        _ => named.contains(&p.id),
    }
}

/// Who sends trainees (issue 34, the notice's §二): a county evaluator for its own county; a
/// province evaluator or the admin for any county, and only they allocate places. Contractors
/// and trainees never.
#[derive(Debug, Clone)]
pub struct Nominator {
    pub user_id: i32,
    pub display_name: String,
    /// `None`: the province (or the admin).
    pub county: Option<i32>,
}

pub fn nominator(me: &Me) -> Result<Nominator, AppError> {
    match me.role {
        Role::Evaluator | Role::Admin => Ok(Nominator {
            user_id: me.user_id,
            display_name: me.display_name.clone(),
            county: me.county_id.filter(|_| me.role == Role::Evaluator),
        }),
        _ => Err(AppError::Forbidden),
    }
}

impl Nominator {
    /// May act for this county's teachers.
    pub fn sends_for(&self, county: Option<i32>) -> bool {
        match self.county {
            None => true,
            Some(mine) => county == Some(mine),
        }
    }

    pub fn is_province(&self) -> bool {
        self.county.is_none()
    }
}

/// A project the nominator may send trainees to: one that reaches its county (the province:
/// any).
pub async fn nominating_project(
    db: &Db,
    n: &Nominator,
    project_id: i32,
) -> Result<project::Model, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(county) = n.county {
        if !project_reaches(db, &p, county).await? {
            return Err(AppError::Forbidden);
        }
    }
    Ok(p)
}

/// Whether a project takes trainees from this county (`reaches_county`, from the tables).
pub async fn project_reaches(db: &Db, p: &project::Model, county: i32) -> Result<bool, AppError> {
    let Some(c) = county::Entity::find_by_id(county).one(db).await? else {
        return Ok(false);
    };
    let named: HashSet<i32> = project_county::Entity::find()
        .filter(project_county::Column::CountyId.eq(county))
        .filter(project_county::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|pc| pc.project_id)
        .collect();
    Ok(reaches_county(p, &c, &named))
}
