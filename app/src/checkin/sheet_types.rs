//! What contractors see of a session: the projector and the attendance sheet.
use serde::{Deserialize, Serialize};

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
    /// Counts in the figures: a contractor's own row awaiting its county does not (issue 34).
    pub counted: bool,
    /// Flagged or written by hand (`attendance::flagged`).
    pub flagged: bool,
}

impl Sheet {
    /// Who has no valid check-in for this session, in roster order: the sheet's own rows.
    pub fn not_checked_in(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.checked_in.is_none())
            .map(|r| r.name.clone())
            .collect()
    }
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
