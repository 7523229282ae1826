//! What contractors see and send: classes, sessions, the projector and the attendance sheet.
use crate::dashboard::{Counts, Warning};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassRow {
    pub id: i32,
    pub name: String,
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    pub capacity: Option<i32>,
    pub enrolled: u64,
    pub sessions: u64,
    /// The class's figures, where the reader is shown them (the project page).
    pub counts: Counts,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectClasses {
    pub project_id: i32,
    pub project: String,
    /// Contractor staff add classes here; evaluators only read.
    pub can_manage: bool,
    pub classes: Vec<ClassRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i32,
    pub title: String,
    pub when: String,
    pub checked_in: u64,
    pub flagged: u64,
    pub checkout_required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassDetail {
    pub class: ClassRow,
    pub project_id: i32,
    pub project: String,
    /// The session form's default date: today while the class runs, else its nearest day.
    pub default_date: String,
    pub sessions: Vec<SessionRow>,
}

/// The projector gets the session key so its WASM can keep rotating valid codes offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectorView {
    pub session_id: i32,
    pub title: String,
    pub class_name: String,
    pub when: String,
    pub key_hex: String,
    /// The server's clock in ms, so the projector follows it rather than its own.
    pub server_ms: i64,
    pub status: ProjectorStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectorStatus {
    pub checked_in: u64,
    pub enrolled: u64,
    /// Names of enrolled trainees not yet checked in, in roster order.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub trainee_id: i32,
    pub name: String,
    /// Masked: 138****8000.
    pub phone: String,
    pub school: Option<String>,
    pub checked_in: Option<String>,
    pub checked_out: Option<String>,
    /// 扫码 / 签到码 / 人工更正.
    pub method: Option<String>,
    pub flags: Vec<String>,
    pub present: bool,
    /// The latest correction's reason, if any.
    pub correction: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub session_id: i32,
    pub class_id: i32,
    /// The class's contractor corrects; evaluators only read.
    pub can_correct: bool,
    pub title: String,
    pub class_name: String,
    pub when: String,
    pub rows: Vec<SheetRow>,
    pub present: u64,
    pub flagged: u64,
}

/// One problem in an uploaded roster, where a head teacher can find it in Excel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterCell {
    /// 1-based line; 0 when the file as a whole could not be read.
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// What a roster import did. With any error, nothing was imported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterReport {
    pub file: String,
    pub errors: Vec<RosterCell>,
    pub enrolled: usize,
    pub created: usize,
    pub already_enrolled: usize,
    /// 县区 names not in the programme's county table: kept as written on the trainee, but
    /// outside county statistics.
    pub unknown_counties: Vec<String>,
}

/// The printable login slips of a class. Phones are in full: the slip is the trainee's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterCodes {
    pub class_id: i32,
    pub class_name: String,
    /// "http://host:port", so the QR on paper leads back to this server.
    pub origin: String,
    pub rows: Vec<RosterCodeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterCodeRow {
    pub name: String,
    pub phone: String,
    pub code: String,
}
