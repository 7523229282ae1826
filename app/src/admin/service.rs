//! Admin services: the programme import, contractor merges, accounts.
use super::import::{self, CountyRow, ProjectRow, Scope};
use super::types::*;
use crate::auth::service::audit;
use crate::db::{begin_write, now, Db};
use crate::entities::{
    contractor, contractor_alias, county, import_run, programme, project, project_county,
};
use crate::error::AppError;
use sea_orm::{prelude::*, ActiveValue::Set, DatabaseTransaction, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, HashMap};

pub struct ImportInput<'a> {
    pub programme: &'a str,
    pub year: i32,
    pub projects_file: (&'a str, &'a [u8]),
    pub counties_file: (&'a str, &'a [u8]),
}

/// Imports the annex tables in one transaction and records the run. A file with any bad row is
/// refused whole: the run is recorded with its line errors and nothing else changes.
pub async fn import_programme(
    db: &Db,
    input: ImportInput<'_>,
    actor: Option<i32>,
) -> Result<(i32, ImportReport), AppError> {
    let files = [input.counties_file, input.projects_file]
        .map(|(name, bytes)| (name.to_owned(), bytes.to_vec()));
    let (counties, projects, mut errors) = crate::tabular::off_thread(move || {
        let [(county_file, county_bytes), (project_file, project_bytes)] = files;
        let mut errors = vec![];
        let counties = import::parse_counties(
            &county_file,
            &crate::tabular::decode(&county_bytes),
            &mut errors,
        );
        let projects = import::parse_projects(
            &project_file,
            &crate::tabular::decode(&project_bytes),
            &mut errors,
        );
        (counties, projects, errors)
    })
    .await?;
    let programme = input.programme.trim();
    if programme.is_empty() || !(2000..=2100).contains(&input.year) {
        errors.push(LineError {
            file: String::new(),
            line: 0,
            message: "请填写计划名称和正确的年度".to_owned(),
        });
    }
    let txn = begin_write(db).await?;
    let (programme_id, report) = if errors.is_empty() {
        let (id, report) = apply(&txn, programme, input.year, &counties, &projects).await?;
        (Some(id), report)
    } else {
        (
            None,
            ImportReport {
                programme: programme.to_owned(),
                errors,
                ..Default::default()
            },
        )
    };
    let run = import_run::ActiveModel {
        programme_id: Set(programme_id),
        succeeded: Set(report.errors.is_empty()),
        user_id: Set(actor),
        created_at: Set(now()),
        report_json: Set(serde_json_string(&report)?),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!(
        "succeeded={} projects={} places={}",
        report.errors.is_empty(),
        report.projects,
        report.places
    );
    audit(
        &txn,
        actor,
        "import_programme",
        &format!("import_run:{}", run.id),
        &detail,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok((run.id, report))
}

fn serde_json_string(report: &ImportReport) -> Result<String, AppError> {
    serde_json::to_string(report).map_err(|e| AppError::internal("encode import report", e))
}

async fn apply(
    txn: &DatabaseTransaction,
    name: &str,
    year: i32,
    counties: &[CountyRow],
    projects: &[ProjectRow],
) -> Result<(i32, ImportReport), AppError> {
    let programme_id = upsert_programme(txn, name, year).await?;
    let county_ids = upsert_counties(txn, counties).await?;
    let (contractor_ids, new_contractors) = resolve_contractors(txn, projects).await?;
    let mut report = ImportReport {
        programme: name.to_owned(),
        projects: projects.len(),
        places: projects.iter().map(|p| i64::from(p.headcount)).sum(),
        counties: county_ids.len(),
        new_contractors,
        ..Default::default()
    };
    let mut unknown: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut hours_changed: Vec<i32> = Vec::new();
    let existing: HashMap<i32, project::Model> = project::Entity::find()
        .filter(project::Column::ProgrammeId.eq(programme_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.seq, p))
        .collect();
    for (index, row) in projects.iter().enumerate() {
        let contractor_id = row.contractor.as_ref().map(|c| contractor_ids[c]);
        let wanted = project_model(programme_id, index as i32 + 1, row, contractor_id);
        let project_id = match existing.get(&wanted.seq) {
            Some(old) if same_project(old, &wanted) => old.id,
            Some(old) => {
                report.changed_projects += 1;
                if old.online_hours != wanted.online_hours {
                    hours_changed.push(old.id);
                }
                let mut active: project::ActiveModel = wanted.into();
                active.id = Set(old.id);
                active.reset_all().update(txn).await?.id
            }
            None => {
                report.changed_projects += 1;
                let mut active: project::ActiveModel = wanted.into();
                active.id = sea_orm::ActiveValue::NotSet;
                active.insert(txn).await?.id
            }
        };
        let named = match &row.scope {
            Scope::Counties(names) => names.as_slice(),
            _ => &[],
        };
        for county in named
            .iter()
            .filter(|n| !county_ids.contains_key(n.as_str()))
        {
            unknown.entry(county).or_default().push(row.line);
        }
        sync_project_counties(txn, project_id, named, &county_ids).await?;
        if row.contractor.is_none() {
            report.without_contractor.push(ProjectRef {
                line: row.line,
                name: row.name.clone(),
            });
        }
    }
    report.unknown_counties = unknown
        .into_iter()
        .map(|(name, lines)| UnknownCounty {
            name: name.to_owned(),
            lines,
        })
        .collect();
    report.alias_pairs = alias_pairs(projects, &contractor_ids);
    // Who owes hours and who completed them follow the requirement (issue 15).
    crate::training::counts::refresh_projects(txn, &hours_changed).await?;
    Ok((programme_id, report))
}

fn project_model(
    programme_id: i32,
    seq: i32,
    row: &ProjectRow,
    contractor_id: Option<i32>,
) -> project::Model {
    let (scope_kind, scope_category) = match &row.scope {
        Scope::Province => ("province", None),
        Scope::Category(c) => ("category", Some(c.clone())),
        Scope::Counties(_) => ("counties", None),
    };
    project::Model {
        id: 0,
        programme_id,
        seq,
        name: row.name.clone(),
        trainees: row.trainees.clone(),
        mode: row.mode.clone(),
        duration_text: row.duration.text.clone(),
        onsite_days: row.duration.onsite_days,
        online_hours: row.duration.online_hours,
        headcount: row.headcount,
        scope_kind: scope_kind.to_owned(),
        scope_category,
        scope_text: row.scope_text.clone(),
        contractor_id,
    }
}

fn same_project(old: &project::Model, new: &project::Model) -> bool {
    project::Model {
        id: old.id,
        ..new.clone()
    } == *old
}

async fn upsert_programme(
    txn: &DatabaseTransaction,
    name: &str,
    year: i32,
) -> Result<i32, AppError> {
    if let Some(p) = programme::Entity::find()
        .filter(programme::Column::Name.eq(name))
        .one(txn)
        .await?
    {
        return Ok(p.id);
    }
    let row = programme::ActiveModel {
        name: Set(name.to_owned()),
        year: Set(year),
        onsite_day_hours: Set(6),
        satisfaction_threshold: Set(90),
        ..Default::default()
    };
    Ok(row.insert(txn).await?.id)
}

/// Returns every county now known, by name (not only those in this file).
async fn upsert_counties(
    txn: &DatabaseTransaction,
    rows: &[CountyRow],
) -> Result<HashMap<String, i32>, AppError> {
    let existing: HashMap<String, county::Model> = county::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.name.clone(), c))
        .collect();
    let mut ids: HashMap<String, i32> = existing.iter().map(|(n, c)| (n.clone(), c.id)).collect();
    for row in rows {
        match existing.get(&row.name) {
            Some(old) if old.city == row.city && old.category == row.category => {}
            Some(old) => {
                let mut active: county::ActiveModel = old.clone().into();
                active.city = Set(row.city.clone());
                active.category = Set(row.category.clone());
                active.update(txn).await?;
            }
            None => {
                let new = county::ActiveModel {
                    name: Set(row.name.clone()),
                    city: Set(row.city.clone()),
                    category: Set(row.category.clone()),
                    ..Default::default()
                };
                ids.insert(row.name.clone(), new.insert(txn).await?.id);
            }
        }
    }
    Ok(ids)
}

/// Each contractor name once: known names and merged aliases resolve to their contractor.
async fn resolve_contractors(
    txn: &DatabaseTransaction,
    rows: &[ProjectRow],
) -> Result<(HashMap<String, i32>, usize), AppError> {
    let mut ids: HashMap<String, i32> = contractor::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.name, c.id))
        .collect();
    for alias in contractor_alias::Entity::find().all(txn).await? {
        ids.insert(alias.alias, alias.contractor_id);
    }
    let mut created = 0;
    for name in rows.iter().filter_map(|r| r.contractor.as_ref()) {
        if !ids.contains_key(name) {
            let row = contractor::ActiveModel {
                name: Set(name.clone()),
                ..Default::default()
            };
            ids.insert(name.clone(), row.insert(txn).await?.id);
            created += 1;
        }
    }
    Ok((ids, created))
}

async fn sync_project_counties(
    txn: &DatabaseTransaction,
    project_id: i32,
    names: &[String],
    county_ids: &HashMap<String, i32>,
) -> Result<(), AppError> {
    let existing = project_county::Entity::find()
        .filter(project_county::Column::ProjectId.eq(project_id))
        .all(txn)
        .await?;
    for old in existing.iter().filter(|o| !names.contains(&o.county_name)) {
        project_county::Entity::delete_by_id(old.id)
            .exec(txn)
            .await?;
    }
    for name in names {
        let county_id = county_ids.get(name).copied();
        match existing.iter().find(|o| &o.county_name == name) {
            Some(old) if old.county_id == county_id => {}
            Some(old) => {
                let mut active: project_county::ActiveModel = old.clone().into();
                active.county_id = Set(county_id);
                active.update(txn).await?;
            }
            None => {
                let row = project_county::ActiveModel {
                    project_id: Set(project_id),
                    county_id: Set(county_id),
                    county_name: Set(name.clone()),
                    ..Default::default()
                };
                row.insert(txn).await?;
            }
        }
    }
    Ok(())
}

/// Look-alike names that are still separate contractors; merged ones resolve to one id.
fn alias_pairs(rows: &[ProjectRow], ids: &HashMap<String, i32>) -> Vec<AliasPair> {
    let mut names: Vec<String> = rows.iter().filter_map(|r| r.contractor.clone()).collect();
    names.sort();
    names.dedup();
    import::alias_candidates(&names)
        .into_iter()
        .filter(|(a, b)| ids[a] != ids[b])
        .map(|(a, b)| AliasPair {
            a_id: ids[&a],
            a,
            b_id: ids[&b],
            b,
        })
        .collect()
}

pub async fn import_report(db: &Db, run_id: i32) -> Result<ImportReport, AppError> {
    let run = import_run::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    serde_json::from_str(&run.report_json)
        .map_err(|e| AppError::internal("decode import report", e))
}

pub async fn recent_imports(db: &Db) -> Result<Vec<ImportRunSummary>, AppError> {
    let runs = import_run::Entity::find()
        .order_by_desc(import_run::Column::Id)
        .limit(10)
        .all(db)
        .await?;
    Ok(runs
        .into_iter()
        .filter_map(|run| {
            let report: ImportReport = serde_json::from_str(&run.report_json).ok()?;
            Some(ImportRunSummary {
                id: run.id,
                created_at: crate::time::cst(run.created_at),
                succeeded: run.succeeded,
                programme: report.programme,
                projects: report.projects,
            })
        })
        .collect())
}
