use serde::{Deserialize, Serialize};

/// A problem in an uploaded file, pointing at its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// What an import did, kept with the run and shown to the admin. Nothing is hidden: a figure
/// that looks wrong here is how the admin finds a problem in the notice's tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub programme: String,
    /// Non-empty means the files were refused and nothing was written.
    pub errors: Vec<LineError>,
    pub projects: usize,
    pub places: i64,
    pub counties: usize,
    pub changed_projects: usize,
    pub new_contractors: usize,
    pub without_contractor: Vec<ProjectRef>,
    pub unknown_counties: Vec<UnknownCounty>,
    pub alias_pairs: Vec<AliasPair>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub line: usize,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownCounty {
    pub name: String,
    pub lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasPair {
    pub a_id: i32,
    pub a: String,
    pub b_id: i32,
    pub b: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRunSummary {
    pub id: i32,
    pub created_at: String,
    pub succeeded: bool,
    pub programme: String,
    pub projects: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i32,
    pub login: String,
    pub display_name: String,
    pub role: crate::auth::Role,
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

/// Lists an admin picks from when creating accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminChoices {
    pub contractors: Vec<Choice>,
    pub counties: Vec<Choice>,
}

/// The report as plain text, for the command line.
pub fn report_text(r: &ImportReport) -> String {
    use crate::i18n::t;
    if !r.errors.is_empty() {
        let lines: Vec<String> = r
            .errors
            .iter()
            .map(|e| format!("  {} 第 {} 行：{}", e.file, e.line, e.message))
            .collect();
        return format!("{}\n{}", t::IMPORT_FAILED, lines.join("\n"));
    }
    let mut out = vec![
        r.programme.clone(),
        format!("{}：{}", t::IMPORT_ROWS, r.projects),
        format!("{}：{}", t::IMPORT_PLACES, t::group_thousands(r.places)),
        format!(
            "{}：{}",
            t::IMPORT_NO_CONTRACTOR,
            r.without_contractor.len()
        ),
        format!("{}：{}", t::IMPORT_CHANGED, r.changed_projects),
        format!("{}：{}", t::IMPORT_NEW_CONTRACTORS, r.new_contractors),
        format!(
            "{}（{}）：",
            t::IMPORT_UNKNOWN_COUNTIES,
            r.unknown_counties.len()
        ),
    ];
    for c in &r.unknown_counties {
        let lines: Vec<String> = c.lines.iter().map(|l| l.to_string()).collect();
        out.push(format!("  {}（第 {} 行）", c.name, lines.join("、")));
    }
    out.push(format!(
        "{}（{}）：",
        t::IMPORT_ALIAS_PAIRS,
        r.alias_pairs.len()
    ));
    for p in &r.alias_pairs {
        out.push(format!("  {} / {}", p.a, p.b));
    }
    out.join("\n")
}
