pub use crate::states::HoursState;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Study hours in steps of 0.5, kept as half-hours so 0.5 steps stay exact everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Hours(i32);

impl Hours {
    /// At most 12 hours a day, across all of a trainee's records (DESIGN).
    pub const DAILY_CAP: Hours = Hours(24);

    /// "2", "2.5", "２.５", " 3.0 " → hours; anything else gets a message a trainee understands.
    pub fn parse(input: &str) -> Result<Hours, String> {
        let s: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' | '。' => '.',
                c => c,
            })
            .collect();
        if s.is_empty() {
            return Err(crate::i18n::t::ERR_HOURS_EMPTY.to_owned());
        }
        let value: f64 = s
            .parse()
            .map_err(|_| crate::i18n::t::ERR_HOURS_FORMAT.to_owned())?;
        let halves = value * 2.0;
        if !value.is_finite() || halves.fract() != 0.0 {
            return Err(crate::i18n::t::ERR_HOURS_STEP.to_owned());
        }
        match halves as i64 {
            h if h <= 0 => Err(crate::i18n::t::ERR_HOURS_POSITIVE.to_owned()),
            h if h > Self::DAILY_CAP.0 as i64 => Err(crate::i18n::t::ERR_HOURS_DAY.to_owned()),
            h => Ok(Hours(h as i32)),
        }
    }

    pub fn from_halves(halves: i32) -> Hours {
        Hours(halves)
    }

    pub fn halves(self) -> i32 {
        self.0
    }
}

/// "2", "2.5": how the notice writes 学时.
impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 2 == 0 {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{}.5", self.0 / 2)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRow {
    pub id: i32,
    /// "2022-11-29".
    pub date: String,
    pub hours: Hours,
    pub activity: String,
    pub note: Option<String>,
    pub state: HoursState,
    pub reject_reason: Option<String>,
    /// Stored evidence image names, served at /evidence/{name}.
    pub evidence: Vec<String>,
    /// The trainee has disputed it (issue 34).
    #[serde(default)]
    pub disputed: bool,
}

/// One class's ledger on the trainee's phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassHours {
    pub class_id: i32,
    pub class_name: String,
    pub project: String,
    /// The project's online requirement (e.g. 50), when the notice states one.
    pub required: Option<i32>,
    /// Approved plus platform-verified.
    pub approved: Hours,
    pub pending: Hours,
    pub rows: Vec<HoursRow>,
    /// Today (China Standard Time), the form's default date.
    pub today: String,
}

/// A pending record in a contractor's review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i32,
    pub trainee: String,
    pub date: String,
    pub hours: Hours,
    pub activity: String,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub class_id: i32,
    pub class_name: String,
    pub rows: Vec<QueueRow>,
}

/// One good row of a platform log, kept with the report so "import the good rows" needs no
/// second upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformRow {
    pub line: usize,
    pub phone: String,
    pub course: String,
    /// "2022-11-29".
    pub date: String,
    pub hours: Hours,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformReport {
    pub file: String,
    pub errors: Vec<crate::training::RosterCell>,
    pub good: Vec<PlatformRow>,
    /// Rows written by this import.
    pub added: usize,
    /// Rows already imported before (the same file or an overlapping one).
    pub duplicates: usize,
    pub applied: bool,
    /// What the rows were stored as: 承训单位上报 or 平台核验 (issue 34).
    #[serde(default)]
    pub source: Option<HoursState>,
}

/// The image names kept in a record's evidence column, space-separated.
#[cfg(feature = "ssr")]
pub fn names(evidence: &Option<String>) -> Vec<String> {
    evidence
        .as_deref()
        .map(|e| e.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_in_half_hour_steps() {
        assert_eq!(Hours::parse("2").unwrap().halves(), 4);
        assert_eq!(Hours::parse(" 2.5 ").unwrap().halves(), 5);
        assert_eq!(Hours::parse("２.５").unwrap().halves(), 5);
        assert_eq!(Hours::parse("0.5").unwrap().to_string(), "0.5");
        assert_eq!(Hours::parse("12").unwrap().to_string(), "12");
    }

    #[test]
    fn bad_hours_get_a_message_saying_what_is_wrong() {
        assert!(Hours::parse("").unwrap_err().contains("请填写"));
        assert!(Hours::parse("abc").unwrap_err().contains("数字"));
        assert!(Hours::parse("2.3").unwrap_err().contains("0.5"));
        assert!(Hours::parse("0").unwrap_err().contains("大于 0"));
        assert!(Hours::parse("-1").unwrap_err().contains("大于 0"));
        assert!(Hours::parse("12.5").unwrap_err().contains("12"));
        assert!(Hours::parse("NaN").is_err());
    }
}

/// One class's evidence images, for the admin (issue 35).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSpace {
    pub project: String,
    pub class: String,
    /// Trainees with at least one image.
    pub trainees: i64,
    pub mb: String,
    /// Of the class's quota, in percent.
    pub share_pct: i64,
}

/// The space evidence images take: the classes that use most, and the quotas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSpace {
    pub classes: Vec<ClassSpace>,
    pub with_images: usize,
    pub total_mb: String,
    pub trainee_quota_mb: String,
    pub class_quota_mb: String,
}
