use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// The filters of the project list, read from the query string so they work as a GET form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFilter {
    pub q: String,
    pub mode: String,
    /// "province", a county category, or "counties".
    pub scope: String,
    /// A contractor name, or NO_CONTRACTOR.
    pub contractor: String,
}

pub const NO_CONTRACTOR: &str = "-";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectList {
    pub programme: Option<String>,
    pub projects: Vec<ProjectSummary>,
    pub modes: Vec<String>,
    pub contractors: Vec<String>,
    /// Set for a county evaluator: the list is limited to projects reaching this county.
    pub county: Option<String>,
}
