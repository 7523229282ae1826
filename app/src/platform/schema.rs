//! What the read API answers, as its own types: the UI's types change with the pages, these
//! only with `/api/v1`'s version. The OpenAPI document is generated from them (utoipa), so
//! the document and the answers cannot drift apart.
use crate::dashboard::{Counts, Level, Metric, Warning};
use serde::Serialize;
use utoipa::ToSchema;

/// The counts behind the five rates, and the rates (0 to 1; null while there is nothing to
/// divide by). Counts add up across classes; rates do not.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figures {
    pub enrolled: u64,
    pub sessions_held: u64,
    /// Σ enrolled × sessions held: the attendance rate's denominator.
    pub expected: u64,
    pub attended: u64,
    pub attendance_rate: Option<f64>,
    /// Enrolled trainees of classes requiring online hours, and how many reached them.
    pub hours_enrolled: u64,
    pub hours_complete: u64,
    pub hours_completion_rate: Option<f64>,
    /// Trainees who attended at least once, and how many answered the survey.
    pub eligible: u64,
    pub responses: u64,
    pub response_rate: Option<f64>,
    /// Satisfied share of the overall item, over classes whose results are published only.
    pub satisfaction_rate: Option<f64>,
    pub checkins: u64,
    pub flagged_checkins: u64,
    pub flag_rate: Option<f64>,
}

impl From<&Counts> for Figures {
    fn from(c: &Counts) -> Figures {
        Figures {
            enrolled: c.enrolled,
            sessions_held: c.sessions_held,
            expected: c.expected,
            attended: c.attended,
            attendance_rate: c.attendance(),
            hours_enrolled: c.hours_enrolled,
            hours_complete: c.hours_complete,
            hours_completion_rate: c.hours_completion(),
            eligible: c.eligible,
            responses: c.responses,
            response_rate: c.response_rate(),
            satisfaction_rate: c.satisfaction(),
            checkins: c.checkins,
            flagged_checkins: c.flagged,
            flag_rate: c.flag_rate(),
        }
    }
}

/// A rate past (red) or near (amber) DESIGN's threshold.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiWarning {
    #[schema(pattern = "^(attendance|hours|response|satisfaction|integrity)$")]
    pub metric: String,
    #[schema(pattern = "^(red|amber)$")]
    pub level: String,
    /// The warning as the evaluator's page words it.
    pub text: String,
}

impl From<&Warning> for ApiWarning {
    fn from(w: &Warning) -> ApiWarning {
        ApiWarning {
            metric: match w.metric {
                Metric::Attendance => "attendance",
                Metric::Hours => "hours",
                Metric::Response => "response",
                Metric::Satisfaction => "satisfaction",
                Metric::Integrity => "integrity",
            }
            .to_owned(),
            level: match w.level {
                Level::Red => "red",
                Level::Amber => "amber",
            }
            .to_owned(),
            text: w.label(),
        }
    }
}

pub fn warnings(list: &[Warning]) -> Vec<ApiWarning> {
    list.iter().map(ApiWarning::from).collect()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Project {
    pub id: i32,
    /// The line of the programme's official table.
    pub seq: i32,
    pub name: String,
    pub mode: String,
    pub duration: String,
    pub headcount: i32,
    pub scope: String,
    pub contractor: Option<String>,
    pub classes: usize,
    pub figures: Figures,
    pub warnings: Vec<ApiWarning>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Class {
    pub id: i32,
    pub project_id: i32,
    pub name: String,
    /// "2022-11-28 至 2022-12-02".
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    pub capacity: Option<i32>,
    pub sessions: u64,
    pub figures: Figures,
    pub warnings: Vec<ApiWarning>,
    /// The contractor's own roster rows awaiting their county (承训单位自建): counted in no
    /// figure above (issue 34).
    pub unconfirmed: u64,
    /// Trainees' disputes (学员异议) of records about them.
    pub disputes: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    pub id: i32,
    pub title: String,
    /// The session's date and times, China Standard Time.
    pub when: String,
    /// Its start has passed.
    pub held: bool,
    /// Trainees counted present under the one rule of attendance (check-out too where the
    /// session requires it), those whose check-in carries an integrity flag, and those
    /// expected (the roster, or the county's part of it).
    pub present: u64,
    pub flagged: u64,
    pub enrolled: u64,
}

/// One trainee's credits (学时) on one class, as the provincial registry takes them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Credit {
    pub trainee_id: i32,
    pub name: String,
    /// Masked (138****5678) unless the token may read phones in full.
    pub phone: String,
    pub school: String,
    pub county: String,
    pub onsite_hours: f64,
    pub online_hours: f64,
    pub total_hours: f64,
    pub online_required: Option<i32>,
    pub online_met: bool,
}

/// A survey's results as the evaluator's page publishes them: below 5 responses there are
/// no figures, and while the survey is open they move only every 5 responses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SurveyResult {
    pub class_id: i32,
    pub eligible: u32,
    pub responses: u32,
    /// False while fewer than 5 responses are in: nothing is shown, by the anonymity rule.
    pub published: bool,
    /// Still open: the figures are those of the last step of 5.
    pub stepping: bool,
    pub published_at: Option<String>,
    pub overall: Option<Item>,
    pub dimensions: Vec<Dimension>,
}

/// Answers on the five-point scale, 1 to 5, and 不适用.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Item {
    pub prompt: String,
    pub counts: Vec<u32>,
    pub not_applicable: u32,
    pub satisfaction_rate: Option<f64>,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dimension {
    pub name: String,
    pub satisfaction_rate: Option<f64>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Visit {
    pub id: i32,
    pub date: String,
    pub evaluator: String,
    pub scores: Vec<Score>,
    pub average: f64,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Score {
    pub item: String,
    /// 1 (不合格) to 5 (优秀).
    pub score: u8,
}

/// The id a list is ordered and paged by.
pub trait Keyed {
    fn key(&self) -> i32;
}

macro_rules! keyed {
    ($($item:ty => $field:ident),* $(,)?) => {$(
        impl Keyed for $item {
            fn key(&self) -> i32 {
                self.$field
            }
        }
    )*};
}

keyed!(Project => id, Class => id, Session => id, Credit => trainee_id, Visit => id);

/// One page of a list per item type (named types keep the document readable).
macro_rules! page {
    ($($page:ident of $item:ty),* $(,)?) => {$(
        /// One page of a list. `next_cursor` is null on the last page; pass it as `cursor`
        /// for the next one.
        #[derive(Debug, Clone, Serialize, ToSchema)]
        pub struct $page {
            pub items: Vec<$item>,
            pub next_cursor: Option<String>,
        }
    )*};
}

page!(ProjectPage of Project, ClassPage of Class, SessionPage of Session, CreditPage of Credit, VisitPage of Visit);

/// An error, as RFC 9457 problem details (`application/problem+json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

/// What a platform log sent with a write-scoped token did (issue 34): its rows are stored as
/// 平台核验 when the file has no error; otherwise nothing is, and each error names its line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursImport {
    pub run: i32,
    pub applied: bool,
    pub added: usize,
    pub duplicates: usize,
    pub errors: Vec<LineError>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineError {
    /// 0: the whole file.
    pub line: usize,
    pub column: String,
    pub message: String,
}
