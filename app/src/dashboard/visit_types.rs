//! On-site evaluation visits (线下视导评估): the rubric and what a visit records.
use crate::error::AppError;
use crate::i18n::t;
use serde::{Deserialize, Serialize};

/// The province's on-site rubric: (stored key, label).
pub const RUBRIC: [(&str, &str); 5] = [
    ("plan", "培训方案按时报送"),
    ("materials", "过程性材料齐全"),
    ("attendance", "现场考勤与签到记录一致"),
    ("organisation", "组织管理有序"),
    ("satisfaction", "满意度调查与跟进"),
];

/// One rubric score, 1 (不合格) to 5 (优秀).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricScore(u8);

impl RubricScore {
    pub fn parse(input: &str) -> Result<RubricScore, AppError> {
        match input.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(RubricScore(n)),
            _ => Err(AppError::invalid(t::ERR_RUBRIC_SCORE)),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// The labels of the five points, best first, as the form shows them.
pub const SCORE_LABELS: [(u8, &str); 5] = [
    (5, "优秀"),
    (4, "良好"),
    (3, "合格"),
    (2, "待改进"),
    (1, "不合格"),
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRow {
    pub id: i32,
    pub date: String,
    pub evaluator: String,
    /// (label, score) in rubric order.
    pub scores: Vec<(String, u8)>,
    pub notes: String,
}

impl VisitRow {
    pub fn average(&self) -> f64 {
        let sum: u32 = self.scores.iter().map(|(_, s)| u32::from(*s)).sum();
        f64::from(sum) / self.scores.len().max(1) as f64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassVisits {
    pub class_id: i32,
    pub class_name: String,
    pub project: String,
    pub visits: Vec<VisitRow>,
    /// Evaluators may record; contractors and admins only read.
    pub can_record: bool,
    pub today: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubric_scores_run_from_one_to_five() {
        assert_eq!(RubricScore::parse(" 4 ").unwrap().value(), 4);
        for bad in ["0", "6", "", "4.5", "优"] {
            assert_eq!(
                RubricScore::parse(bad),
                Err(AppError::invalid(t::ERR_RUBRIC_SCORE)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_visits_average_is_over_its_five_scores() {
        let row = VisitRow {
            id: 1,
            date: String::new(),
            evaluator: String::new(),
            scores: RUBRIC
                .iter()
                .zip([5, 4, 4, 3, 5])
                .map(|((_, l), s)| ((*l).to_owned(), s))
                .collect(),
            notes: String::new(),
        };
        assert_eq!(row.average(), 4.2);
    }
}
