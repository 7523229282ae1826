use super::types::*;
use crate::auth::Me;
use crate::db::Db;
use crate::entities::{class, contractor, county, programme, project, project_county};
use crate::error::AppError;
use sea_orm::{prelude::*, QueryOrder};
use std::collections::{HashMap, HashSet};

/// The latest programme's projects that the evaluator may see, after the filters.
pub async fn programme_projects(
    db: &Db,
    me: &Me,
    filter: &ProjectFilter,
) -> Result<ProjectList, AppError> {
    let Some(programme) = programme::Entity::find()
        .order_by_desc(programme::Column::Year)
        .order_by_desc(programme::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(ProjectList::default());
    };
    let mut projects = project::Entity::find()
        .filter(project::Column::ProgrammeId.eq(programme.id))
        .order_by_asc(project::Column::Seq)
        .all(db)
        .await?;
    let county = match me.county_id {
        Some(id) => Some(
            county::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::Forbidden)?,
        ),
        None => None,
    };
    if let Some(county) = &county {
        let named: HashSet<i32> = project_county::Entity::find()
            .filter(project_county::Column::CountyId.eq(county.id))
            .all(db)
            .await?
            .into_iter()
            .map(|pc| pc.project_id)
            .collect();
        projects.retain(|p| reaches_county(p, county, &named));
    }
    let summaries = summarise(db, projects).await?;
    let mut modes: Vec<String> = summaries.iter().map(|p| p.mode.clone()).collect();
    let mut contractors: Vec<String> = summaries
        .iter()
        .filter_map(|p| p.contractor.clone())
        .collect();
    for list in [&mut modes, &mut contractors] {
        list.sort();
        list.dedup();
    }
    let projects = summaries
        .into_iter()
        .filter(|p| matches(p, filter))
        .collect();
    Ok(ProjectList {
        programme: Some(programme.name),
        projects,
        modes,
        contractors,
        county: county.map(|c| c.name),
    })
}

/// Who may read a project's figures: admins and province evaluators all; a county evaluator
/// the projects that reach its county; contractor staff their own. Everyone else is refused.
pub async fn may_read_project(db: &Db, me: &Me, p: &project::Model) -> Result<(), AppError> {
    use crate::auth::Role;
    let allowed = match (me.role, me.county_id) {
        (Role::Admin, _) | (Role::Evaluator, None) => true,
        (Role::Evaluator, Some(county_id)) => {
            let county = county::Entity::find_by_id(county_id)
                .one(db)
                .await?
                .ok_or(AppError::Forbidden)?;
            let named: HashSet<i32> = project_county::Entity::find()
                .filter(project_county::Column::CountyId.eq(county_id))
                .filter(project_county::Column::ProjectId.eq(p.id))
                .all(db)
                .await?
                .into_iter()
                .map(|pc| pc.project_id)
                .collect();
            reaches_county(p, &county, &named)
        }
        (Role::Contractor, _) => me.contractor_id.is_some() && p.contractor_id == me.contractor_id,
        (Role::Trainee, _) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Province-wide projects reach every county; category projects reach counties of that
/// category; named-county projects reach the counties they name.
fn reaches_county(p: &project::Model, county: &county::Model, named: &HashSet<i32>) -> bool {
    match p.scope_kind.as_str() {
        "province" => true,
        "category" => p.scope_category.as_deref() == Some(county.category.as_str()),
        _ => named.contains(&p.id),
    }
}

fn matches(p: &ProjectSummary, f: &ProjectFilter) -> bool {
    let q = f.q.trim();
    (q.is_empty() || p.name.contains(q))
        && (f.mode.is_empty() || p.mode == f.mode)
        && (f.scope.is_empty() || p.scope_key == f.scope)
        && match f.contractor.as_str() {
            "" => true,
            NO_CONTRACTOR => p.contractor.is_none(),
            name => p.contractor.as_deref() == Some(name),
        }
}

pub async fn contractor_projects(
    db: &Db,
    contractor_id: i32,
) -> Result<Vec<ProjectSummary>, AppError> {
    let projects = project::Entity::find()
        .filter(project::Column::ContractorId.eq(contractor_id))
        .order_by_desc(project::Column::ProgrammeId)
        .order_by_asc(project::Column::Seq)
        .all(db)
        .await?;
    summarise(db, projects).await
}

/// Adds contractor names and class counts with one query each, not one per project.
async fn summarise(
    db: &Db,
    projects: Vec<project::Model>,
) -> Result<Vec<ProjectSummary>, AppError> {
    let contractor_ids: Vec<i32> = projects.iter().filter_map(|p| p.contractor_id).collect();
    let names: HashMap<i32, String> = contractor::Entity::find()
        .filter(contractor::Column::Id.is_in(contractor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut classes: HashMap<i32, usize> = HashMap::new();
    for c in class::Entity::find()
        .filter(class::Column::ProjectId.is_in(projects.iter().map(|p| p.id)))
        .all(db)
        .await?
    {
        *classes.entry(c.project_id).or_default() += 1;
    }
    Ok(projects
        .into_iter()
        .map(|p| ProjectSummary {
            id: p.id,
            seq: p.seq,
            contractor: p.contractor_id.and_then(|id| names.get(&id).cloned()),
            classes: classes.get(&p.id).copied().unwrap_or(0),
            name: p.name,
            mode: p.mode,
            duration: p.duration_text,
            headcount: p.headcount,
            scope_key: p.scope_category.unwrap_or(p.scope_kind),
            scope: p.scope_text,
        })
        .collect())
}
