use super::metrics_types::{Counts, Line, Warning};
use crate::training::ClassRow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: i32,
    pub seq: i32,
    pub name: String,
    pub mode: String,
    pub duration: String,
    pub headcount: i32,
    pub scope: String,
    /// "province", "counties" or the county category: what the scope filter matches.
    pub scope_key: String,
    pub contractor: Option<String>,
    pub classes: usize,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
}

/// The filters of the project list, read from the query string so they work as a GET form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectFilter {
    pub q: String,
    pub mode: String,
    /// "province", a county category, or "counties".
    pub scope: String,
    /// A contractor name, or NO_CONTRACTOR.
    pub contractor: String,
    /// A column to sort by (see SORTS); empty keeps the programme's order.
    pub sort: String,
}

/// Sortable columns: rates sort worst first, so problems come to the top.
pub const SORTS: [&str; 6] = [
    "enrolled",
    "attendance",
    "hours",
    "response",
    "satisfaction",
    "flags",
];

pub const NO_CONTRACTOR: &str = "-";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectList {
    pub programme_id: Option<i32>,
    pub programme: Option<String>,
    pub projects: Vec<ProjectSummary>,
    pub modes: Vec<String>,
    pub contractors: Vec<String>,
    /// Set for a county evaluator: the list is limited to projects reaching this county.
    pub county: Option<String>,
    /// The programme's satisfaction threshold, percent.
    pub threshold: i32,
    pub totals: Totals,
    /// The figures of every project in view, before the filters.
    pub total: Counts,
    pub by_contractor: Vec<Line>,
    pub by_county: Vec<Line>,
    /// When the figures were read (CST): they are as fresh as the last commit.
    pub as_of: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub projects: usize,
    pub classes: u32,
    pub enrolled: u64,
    pub sessions_held: u64,
    pub checkins_today: u64,
}

/// A class on its project's page, with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassFigures {
    pub class: ClassRow,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectClasses {
    pub project_id: i32,
    pub project: String,
    /// Contractor staff add classes here; evaluators only read.
    pub can_manage: bool,
    pub classes: Vec<ClassFigures>,
}
