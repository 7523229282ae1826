//! The four rates of DESIGN's "Metrics", built from counts that add up across classes, so a
//! project, a contractor, a county or the programme is the sum of its parts.
use crate::i18n::t;
use crate::survey::{Tally, MIN_RESPONSES};
use serde::{Deserialize, Serialize};

/// Additive counts for one class, or any sum of classes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub classes: u32,
    pub enrolled: u64,
    /// Sessions whose start has passed.
    pub sessions_held: u64,
    /// Σ enrolled × sessions held: the attendance rate's denominator.
    pub expected: u64,
    /// Check-ins to held sessions that count (with check-out required, both records).
    pub attended: u64,
    /// Valid check-ins, and those carrying an integrity flag.
    pub checkins: u64,
    pub flagged: u64,
    /// Enrolled trainees of projects that require online hours, and how many reached it.
    pub hours_enrolled: u64,
    pub hours_complete: u64,
    /// Enrolled trainees who attended at least one session, and how many answered the survey.
    pub eligible: u64,
    pub responses: u64,
    /// The overall item's answers, pooled over classes whose results are published only.
    pub overall: Tally,
    /// Classes whose survey has answers but fewer than MIN_RESPONSES.
    pub withheld: u32,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.classes += o.classes;
        self.enrolled += o.enrolled;
        self.sessions_held += o.sessions_held;
        self.expected += o.expected;
        self.attended += o.attended;
        self.checkins += o.checkins;
        self.flagged += o.flagged;
        self.hours_enrolled += o.hours_enrolled;
        self.hours_complete += o.hours_complete;
        self.eligible += o.eligible;
        self.responses += o.responses;
        self.overall.add(&o.overall);
        self.withheld += o.withheld;
    }

    /// Adds one class's own survey answers, or withholds them when too few answered.
    pub fn add_class_survey(&mut self, responses: u64, overall: &Tally) {
        if responses >= u64::from(MIN_RESPONSES) {
            self.overall.add(overall);
        } else if responses > 0 {
            self.withheld += 1;
        }
    }

    /// 出勤率 = attended ÷ (enrolled × sessions held).
    pub fn attendance(&self) -> Option<f64> {
        ratio(self.attended, self.expected)
    }

    /// 线上学时完成率 = trainees reaching the requirement ÷ enrolled (where one is required).
    pub fn hours_completion(&self) -> Option<f64> {
        ratio(self.hours_complete, self.hours_enrolled)
    }

    /// 问卷回收率 = responses ÷ enrolled trainees who attended at least once.
    pub fn response_rate(&self) -> Option<f64> {
        ratio(self.responses, self.eligible)
    }

    /// 满意率 of the overall item over published classes.
    pub fn satisfaction(&self) -> Option<f64> {
        self.overall.satisfaction()
    }

    /// Share of valid check-ins carrying an integrity flag.
    pub fn flag_rate(&self) -> Option<f64> {
        ratio(self.flagged, self.checkins)
    }

    /// The part and the whole behind a rate, for a reader who checks the arithmetic (the
    /// printed pack shows "340 / 400" under each rate).
    pub fn parts(&self, metric: Metric) -> (u64, u64) {
        match metric {
            Metric::Attendance => (self.attended, self.expected),
            Metric::Hours => (self.hours_complete, self.hours_enrolled),
            Metric::Response => (self.responses, self.eligible),
            Metric::Satisfaction => (
                u64::from(self.overall.counts[3] + self.overall.counts[4]),
                u64::from(self.overall.valid()),
            ),
            Metric::Integrity => (self.flagged, self.checkins),
        }
    }

    /// The warnings DESIGN asks for, with the programme's satisfaction threshold (percent).
    pub fn flags(&self, threshold: i32) -> Vec<Warning> {
        let t = f64::from(threshold) / 100.0;
        let pct = |p: u32| f64::from(p) / 100.0;
        [
            (
                Metric::Attendance,
                level_below(
                    self.attendance(),
                    pct(ATTENDANCE_RED),
                    pct(ATTENDANCE_RED + 5),
                ),
            ),
            (
                Metric::Response,
                level_below(
                    self.response_rate(),
                    pct(RESPONSE_RED),
                    pct(RESPONSE_RED + 10),
                ),
            ),
            (
                Metric::Satisfaction,
                level_below(self.satisfaction(), t, t + 0.05),
            ),
            (
                Metric::Integrity,
                level_above(self.flag_rate(), pct(INTEGRITY_RED), pct(INTEGRITY_RED - 1)),
            ),
        ]
        .into_iter()
        .filter_map(|(metric, level)| level.map(|level| Warning { metric, level }))
        .collect()
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn level_below(rate: Option<f64>, red: f64, amber: f64) -> Option<Level> {
    match rate? {
        r if r < red => Some(Level::Red),
        r if r < amber => Some(Level::Amber),
        _ => None,
    }
}

fn level_above(rate: Option<f64>, red: f64, amber: f64) -> Option<Level> {
    match rate? {
        r if r > red => Some(Level::Red),
        r if r > amber => Some(Level::Amber),
        _ => None,
    }
}

/// DESIGN's red thresholds, in percent: attendance and response below, integrity flags above.
pub const ATTENDANCE_RED: u32 = 90;
pub const RESPONSE_RED: u32 = 70;
pub const INTEGRITY_RED: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    Attendance,
    Hours,
    Response,
    Satisfaction,
    Integrity,
}

/// Red: past DESIGN's threshold. Amber: within five points (one for integrity) of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Amber,
    Red,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub metric: Metric,
    pub level: Level,
}

impl Metric {
    pub fn label(self) -> &'static str {
        match self {
            Metric::Attendance => t::METRIC_ATTENDANCE,
            Metric::Hours => t::METRIC_HOURS,
            Metric::Response => t::METRIC_RESPONSE,
            Metric::Satisfaction => t::METRIC_SATISFACTION,
            Metric::Integrity => t::METRIC_INTEGRITY,
        }
    }

    /// DESIGN's definition, with the programme's satisfaction threshold (percent).
    pub fn definition(self, threshold: i32) -> String {
        match self {
            Metric::Attendance => t::def_attendance(ATTENDANCE_RED),
            Metric::Hours => t::DEF_HOURS.to_owned(),
            Metric::Response => t::def_response(RESPONSE_RED),
            Metric::Satisfaction => t::def_satisfaction(MIN_RESPONSES, threshold),
            Metric::Integrity => t::def_integrity(INTEGRITY_RED),
        }
    }
}

impl Warning {
    pub fn label(self) -> String {
        let what = match self.metric {
            Metric::Attendance => t::WARN_ATTENDANCE,
            Metric::Hours => t::WARN_HOURS,
            Metric::Response => t::WARN_RESPONSE,
            Metric::Satisfaction => t::WARN_SATISFACTION,
            Metric::Integrity => t::WARN_INTEGRITY,
        };
        match self.level {
            Level::Red => what.to_owned(),
            Level::Amber => t::warn_amber(what),
        }
    }
}

/// One line of a table: a project, a contractor, a county or a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: Option<i32>,
    pub name: String,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_is_check_ins_over_enrolled_times_sessions_held() {
        let c = Counts {
            expected: 40 * 3,
            attended: 108,
            ..Counts::default()
        };
        assert_eq!(c.attendance(), Some(0.9));
        assert_eq!(Counts::default().attendance(), None);
    }

    #[test]
    fn a_class_with_fewer_than_five_responses_is_withheld_not_pooled() {
        let mut c = Counts::default();
        c.add_class_survey(4, &Tally::new([0, 0, 0, 0, 4], 0));
        c.add_class_survey(5, &Tally::new([1, 0, 0, 1, 2], 1));
        c.add_class_survey(0, &Tally::default());
        assert_eq!(c.withheld, 1);
        assert_eq!(c.overall, Tally::new([1, 0, 0, 1, 2], 1));
        // 不适用 is in neither part: 3 of 4 valid answers are 4 or 5.
        assert_eq!(c.satisfaction(), Some(0.75));
    }

    #[test]
    fn warnings_are_red_past_the_threshold_and_amber_close_to_it() {
        let c = Counts {
            expected: 100,
            attended: 89,
            eligible: 100,
            responses: 75,
            checkins: 100,
            flagged: 3,
            overall: Tally::new([0, 0, 1, 4, 5], 0),
            ..Counts::default()
        };
        let w = c.flags(90);
        let level = |m| w.iter().find(|w| w.metric == m).map(|w| w.level);
        assert_eq!(level(Metric::Attendance), Some(Level::Red));
        assert_eq!(level(Metric::Response), Some(Level::Amber));
        assert_eq!(level(Metric::Satisfaction), Some(Level::Amber));
        assert_eq!(level(Metric::Integrity), Some(Level::Red));
        let fine = Counts {
            expected: 100,
            attended: 96,
            ..Counts::default()
        };
        assert!(fine.flags(90).is_empty(), "no data is no warning");
    }

    #[test]
    fn sums_add_every_count() {
        let a = Counts {
            classes: 1,
            enrolled: 40,
            hours_enrolled: 40,
            hours_complete: 30,
            ..Counts::default()
        };
        let mut total = a.clone();
        total.add(&a);
        assert_eq!((total.classes, total.enrolled), (2, 80));
        assert_eq!(total.hours_completion(), Some(0.75));
    }
}
