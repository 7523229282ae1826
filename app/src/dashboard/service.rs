use super::metrics::{self, Classes, GroupBy, Selection};
use super::metrics_types::{Counts, Level, Line};
use super::rows::packed;
use super::types::*;
use crate::auth::Me;
use crate::db::{id_list, Db, Sql};
use crate::entities::{contractor, county, programme, project, project_county};
use crate::error::AppError;
use crate::training::access::reaches_county;
use sea_orm::{prelude::*, QueryOrder};
use std::collections::{HashMap, HashSet};

/// The latest programme's projects that the evaluator may see, after the filters.
pub async fn programme_projects(
    db: &Db,
    me: &Me,
    filter: &ProjectFilter,
) -> Result<ProjectList, AppError> {
    Ok(narrow(programme_figures(db, me).await?, filter))
}

/// The page's filters and sort, applied to the whole list; totals and comparisons stay
/// those of every project in view.
pub fn narrow(mut list: ProjectList, filter: &ProjectFilter) -> ProjectList {
    list.projects.retain(|p| matches(p, filter));
    sort(&mut list.projects, &filter.sort);
    list
}

/// Every project in the reader's view with its figures, in the programme's order.
pub async fn programme_figures(db: &Db, me: &Me) -> Result<ProjectList, AppError> {
    let Some(programme) = programme::Entity::find()
        .order_by_desc(programme::Column::Year)
        .order_by_desc(programme::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(ProjectList::default());
    };
    programme_figures_of(db, me, programme).await
}

/// One programme's figures by its id, for the read API's tokens (an earlier year's too).
pub async fn programme_figures_by_id(
    db: &Db,
    me: &Me,
    programme_id: i32,
) -> Result<ProjectList, AppError> {
    let programme = programme::Entity::find_by_id(programme_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    programme_figures_of(db, me, programme).await
}

/// The figures of one programme's projects in the reader's view (the read API names the
/// programme; the pages read the latest).
pub async fn programme_figures_of(
    db: &Db,
    me: &Me,
    programme: programme::Model,
) -> Result<ProjectList, AppError> {
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
    let county_id = county.as_ref().map(|c| c.id);
    let now = crate::db::now();
    let sel = Selection {
        classes: Classes::Programme(programme.id),
        county: county_id,
        group: GroupBy::Class,
    };
    let per_class = metrics::counts(db, sel, now).await?;
    let threshold = programme.satisfaction_threshold;
    let summaries = summarise(db, projects, &per_class).await?;
    let mut total = Counts::default();
    for p in &summaries {
        total.add(&p.counts);
    }
    let totals = Totals {
        projects: summaries.len(),
        classes: total.classes,
        enrolled: total.enrolled,
        sessions_held: total.sessions_held,
        checkins_today: metrics::checkins_on(db, sel, crate::time::cst_today()).await?,
    };
    let by_contractor = by_contractor(&summaries, threshold);
    let by_county = by_county(db, programme.id, county_id, threshold, &per_class).await?;
    let mut modes: Vec<String> = summaries.iter().map(|p| p.mode.clone()).collect();
    let mut contractors: Vec<String> = summaries
        .iter()
        .filter_map(|p| p.contractor.clone())
        .collect();
    for list in [&mut modes, &mut contractors] {
        list.sort();
        list.dedup();
    }
    Ok(ProjectList {
        programme_id: Some(programme.id),
        programme: Some(programme.name),
        projects: summaries,
        modes,
        contractors,
        county: county.map(|c| c.name),
        threshold,
        totals,
        total,
        by_contractor,
        by_county,
        as_of: crate::time::cst(now),
    })
}

/// Contractors side by side: the sum of their projects (projects not yet awarded left out).
fn by_contractor(projects: &[ProjectSummary], threshold: i32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for p in projects {
        let Some(name) = &p.contractor else { continue };
        match lines.iter_mut().find(|l| &l.name == name) {
            Some(line) => line.counts.add(&p.counts),
            None => lines.push(Line {
                id: None,
                name: name.clone(),
                counts: p.counts.clone(),
                warnings: vec![],
            }),
        }
    }
    lines.retain(|l| l.counts.classes > 0);
    for l in &mut lines {
        l.warnings = l.counts.flags(threshold);
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.counts.enrolled));
    lines
}

/// Counties by the trainees' county, the programme's counties first by name.
async fn by_county(
    db: &Db,
    programme_id: i32,
    county: Option<i32>,
    threshold: i32,
    per_class: &HashMap<i32, Counts>,
) -> Result<Vec<Line>, AppError> {
    let sel = Selection {
        classes: Classes::Programme(programme_id),
        county,
        group: GroupBy::TraineeCounty,
    };
    let mut counts = metrics::counts(db, sel, crate::db::now()).await?;
    county_satisfaction(db, programme_id, per_class, &mut counts).await?;
    let names: HashMap<i32, String> = county::Entity::find()
        .filter(county::Column::Id.is_in(counts.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut lines: Vec<Line> = counts
        .into_iter()
        .map(|(id, counts)| Line {
            id: (id != 0).then_some(id),
            name: names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| crate::i18n::t::COUNTY_OTHER.to_owned()),
            warnings: counts.flags(threshold),
            counts,
        })
        .collect();
    lines.sort_by(|a, b| (a.id.is_none(), &a.name).cmp(&(b.id.is_none(), &b.name)));
    Ok(lines)
}

/// A response carries no trainee and so no county (DESIGN, anonymity): a county's line gets
/// satisfaction only from classes of county-level projects (scope "counties") that name the
/// county and whose enrolled trainees are all of it, whose answers are that county's by
/// construction. The page says so beside the table.
async fn county_satisfaction(
    db: &Db,
    programme_id: i32,
    per_class: &HashMap<i32, Counts>,
    lines: &mut HashMap<i32, Counts>,
) -> Result<(), AppError> {
    let named: HashSet<(i32, i32)> = project_county::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|pc| Some((pc.project_id, pc.county_id?)))
        .collect();
    for (class_id, project_id, county) in metrics::one_county_classes(db, programme_id).await? {
        let Some(c) = per_class.get(&class_id) else {
            continue;
        };
        if !named.contains(&(project_id, county)) {
            continue;
        }
        if let Some(line) = lines.get_mut(&county) {
            line.overall.add(&c.overall);
            line.withheld += c.withheld;
        }
    }
    Ok(())
}

/// Rates sort worst first with no figure last; enrolment and flags largest first.
fn sort(projects: &mut [ProjectSummary], by: &str) {
    let rate = |p: &ProjectSummary| match by {
        "attendance" => p.counts.attendance(),
        "hours" => p.counts.hours_completion(),
        "response" => p.counts.response_rate(),
        "satisfaction" => p.counts.satisfaction(),
        _ => None,
    };
    match by {
        "enrolled" => projects.sort_by_key(|p| std::cmp::Reverse(p.counts.enrolled)),
        "flags" => projects.sort_by_key(|p| {
            let red = p.warnings.iter().filter(|w| w.level == Level::Red).count();
            std::cmp::Reverse((red, p.warnings.len()))
        }),
        "attendance" | "hours" | "response" | "satisfaction" => {
            projects.sort_by(|a, b| match (rate(a), rate(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (x, y) => x.is_none().cmp(&y.is_none()),
            })
        }
        _ => {}
    }
}

/// The satisfaction threshold (percent) of the project's programme.
pub async fn threshold_of(db: &Db, p: &project::Model) -> Result<i32, AppError> {
    Ok(programme::Entity::find_by_id(p.programme_id)
        .one(db)
        .await?
        .map_or(90, |g| g.satisfaction_threshold))
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
    let sel = Selection {
        classes: Classes::Contractor(contractor_id),
        county: None,
        group: GroupBy::Class,
    };
    let per_class = metrics::counts(db, sel, crate::db::now()).await?;
    summarise(db, projects, &per_class).await
}

/// Adds contractor names, class counts and figures, with one query each, not one per project.
async fn summarise(
    db: &Db,
    projects: Vec<project::Model>,
    per_class: &HashMap<i32, Counts>,
) -> Result<Vec<ProjectSummary>, AppError> {
    let thresholds: HashMap<i32, i32> = programme::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.satisfaction_threshold))
        .collect();
    let contractor_ids: Vec<i32> = projects.iter().filter_map(|p| p.contractor_id).collect();
    let names: HashMap<i32, String> = contractor::Entity::find()
        .filter(contractor::Column::Id.is_in(contractor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut classes: HashMap<i32, usize> = HashMap::new();
    let mut counts: HashMap<i32, Counts> = HashMap::new();
    // The province's 1,220 classes, packed (`rows`): read as rows, 1.5 ms.
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT id AS k0, project_id AS k1 FROM class WHERE project_id IN ({})",
        id_list(projects.iter().map(|p| p.id))
    ));
    let lines = match projects.is_empty() {
        true => Vec::new(),
        false => packed(db, &sql, 2).await?,
    };
    for line in lines {
        let (class_id, project_id) = (line.id(0)?, line.id(1)?);
        *classes.entry(project_id).or_default() += 1;
        if let Some(c) = per_class.get(&class_id) {
            counts.entry(project_id).or_default().add(c);
        }
    }
    Ok(projects
        .into_iter()
        .map(|p| {
            let mut counts = counts.remove(&p.id).unwrap_or_default();
            // Every class counts, also one with no roster or session yet.
            counts.classes = classes.get(&p.id).copied().unwrap_or(0) as u32;
            ProjectSummary {
                warnings: counts.flags(thresholds.get(&p.programme_id).copied().unwrap_or(90)),
                counts,
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
            }
        })
        .collect())
}
