//! What contractors and trainees see of classes, sessions and rosters.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    pub id: i32,
    pub name: String,
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    pub capacity: Option<i32>,
    pub enrolled: u64,
    pub sessions: u64,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDetail {
    pub class: ClassRow,
    pub project_id: i32,
    pub project: String,
    /// The session form's default date: today while the class runs, else its nearest day.
    pub default_date: String,
    pub sessions: Vec<SessionRow>,
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
    /// Rows whose phone the county nominated for the project: enrolled, and counted.
    pub enrolled: usize,
    /// Any other row (承训单位自建): enrolled under the file's name, counted in nothing until
    /// its county confirms it. Whether Peixun knew the phone is not said (issue 34).
    #[serde(default)]
    pub pending: usize,
    pub already_enrolled: usize,
    /// 县区 names not in the programme's county table: kept as written on the trainee, but
    /// outside county statistics.
    pub unknown_counties: Vec<String>,
}

/// Who on a class's roster can log in, for the contractor: never a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterAccess {
    pub class_id: i32,
    pub class_name: String,
    pub rows: Vec<AccessRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRow {
    pub trainee_id: i32,
    pub name: String,
    /// Masked: the contractor's list is not the trainee's own slip.
    pub phone: String,
    /// Chose their own PIN.
    pub activated: bool,
    /// Counted: nominated by the county or confirmed; otherwise 承训单位自建, awaiting it.
    pub confirmed: bool,
}

/// Printable login slips with one-time codes, returned once by the action that issued them.
/// Phones are in full: the slip is the trainee's own.
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

/// A class on the trainee's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCard {
    pub id: i32,
    pub name: String,
    pub project: String,
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    /// The class runs today (China Standard Time).
    pub today: bool,
}

/// A project's 调训 page for a county (or the province): places, nominees, the contractor's
/// rows awaiting confirmation (issue 34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominations {
    pub project_id: i32,
    pub project: String,
    pub headcount: i32,
    /// The caller is the province (or the admin): allocates places, sends for any county.
    pub province: bool,
    pub places: Vec<PlaceRow>,
    pub nominees: Vec<NomineeRow>,
    pub pending: Vec<PendingRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceRow {
    pub county: String,
    pub places: i32,
    pub nominated: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NomineeRow {
    pub trainee_id: i32,
    pub name: String,
    /// In full: the county's own teacher.
    pub phone: String,
    pub school: String,
    pub county: String,
    pub rural: bool,
    pub activated: bool,
}

/// A contractor's roster row that its county has not confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRow {
    pub enrolment_id: i32,
    /// The name the contractor's file gave.
    pub claimed_name: String,
    /// The name Peixun holds for the phone, if it knew it (the county may see it).
    pub known_name: Option<String>,
    pub phone: String,
    pub class_name: String,
    pub county: String,
}

/// What a nomination import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationReport {
    pub errors: Vec<RosterCell>,
    pub nominated: usize,
    pub already: usize,
    /// Rows that confirmed a contractor's row of the same phone in this project.
    pub confirmed: usize,
}

/// One trainee's dispute as the class report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeLine {
    pub trainee: String,
    /// 出勤 or 学时.
    pub on: String,
    pub note: String,
    pub at: String,
}
