//! One class on one page: what the province's on-site evaluation looks at, printable on A4.
use super::metrics_types::{Counts, Warning};
use super::visit_types::ClassVisits;
use crate::survey::SurveyResults;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSession {
    pub id: i32,
    pub title: String,
    pub when: String,
    pub held: bool,
    /// Trainees counted present (checked out too where required), flagged, and expected.
    pub present: u64,
    pub flagged: u64,
    pub enrolled: u64,
}

/// How far trainees are with online hours: trainees per band of the requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoursBands {
    pub required: Option<i32>,
    /// (band label, trainees), lowest band first.
    pub bands: Vec<(String, u64)>,
    /// Half-hours pending review, over the whole class.
    pub pending_halves: i64,
    /// Credited half-hours by source (学员自报经审核 / 承训单位上报 / 平台核验), issue 34.
    #[serde(default)]
    pub by_source: Vec<(String, i64)>,
}

/// What the contractor could still shape, counted beside the figures (issue 34).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Witness {
    /// The contractor's own roster rows awaiting their county: counted in nothing.
    pub unconfirmed: u64,
    /// Check-ins the contractor wrote by hand as present (人工更正为出勤).
    pub manual_present: u64,
    /// The trainees' disputes of records about them.
    pub disputes: Vec<crate::training::DisputeLine>,
    /// Trainees activated from a phone that also logged in as staff or activated another
    /// trainee.
    #[serde(default)]
    pub shared_activations: u64,
}

impl Witness {
    /// Red above 2 % of the enrolled, as the integrity flags (DESIGN, "Metrics").
    pub fn disputes_high(&self, enrolled: u64) -> bool {
        enrolled > 0 && self.disputes.len() as f64 / enrolled as f64 > 0.02
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassReport {
    pub class_id: i32,
    pub class_name: String,
    pub project_id: i32,
    pub project: String,
    pub contractor: Option<String>,
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    /// Set when a county evaluator reads it: attendance and hours count its trainees only.
    pub county: Option<String>,
    pub threshold: i32,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
    pub sessions: Vec<ReportSession>,
    pub hours: HoursBands,
    pub witness: Witness,
    pub survey: SurveyResults,
    pub visits: ClassVisits,
    pub generated_at: String,
}
