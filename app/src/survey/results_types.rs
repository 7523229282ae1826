//! Survey results and the arithmetic behind every figure (DESIGN, "Metrics").
use serde::{Deserialize, Serialize};

/// Results below this many responses are withheld: with fewer, a trainee's answers could be
/// picked out of the aggregate (EvaP's rule).
pub const MIN_RESPONSES: u32 = 5;

/// Answer counts for one Likert item, or a whole dimension pooled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Answers of 1, 2, 3, 4 and 5.
    pub counts: [u32; 5],
    pub not_applicable: u32,
}

impl Tally {
    pub fn new(counts: [u32; 5], not_applicable: u32) -> Tally {
        Tally {
            counts,
            not_applicable,
        }
    }

    pub fn add(&mut self, other: &Tally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        self.not_applicable += other.not_applicable;
    }

    /// Answers on the scale; 不适用 is not one.
    pub fn valid(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// 满意率 = answers of 4 or 5 ÷ valid answers.
    pub fn satisfaction(&self) -> Option<f64> {
        let valid = self.valid();
        (valid > 0).then(|| f64::from(self.counts[3] + self.counts[4]) / f64::from(valid))
    }

    /// The mean score, 1-5, over valid answers.
    pub fn mean(&self) -> Option<f64> {
        let valid = self.valid();
        let sum: u32 = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u32 + 1) * n)
            .sum();
        (valid > 0).then(|| f64::from(sum) / f64::from(valid))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub prompt: String,
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionResult {
    pub name: String,
    /// The dimension's items pooled.
    pub tally: Tally,
    pub items: Vec<ItemResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceResult {
    pub prompt: String,
    pub options: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comments {
    pub prompt: String,
    pub texts: Vec<String>,
}

/// What the answers say, once there are enough of them to say it anonymously.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub overall: Option<ItemResult>,
    pub dimensions: Vec<DimensionResult>,
    pub choices: Vec<ChoiceResult>,
    pub comments: Vec<Comments>,
}

/// One class's line on the project's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassLine {
    pub class_id: i32,
    pub name: String,
    pub eligible: u32,
    pub responses: u32,
    /// The overall item's 满意率, None when withheld or nobody rated it.
    pub overall: Option<f64>,
    pub withheld: bool,
}

/// Responses that someone other than the trainee may have given (issue 12): counts of
/// participations, never names next to answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stuffing {
    /// Trainees who submitted (live; the figures move in steps).
    pub answered: u32,
    /// Submitted from a phone that also submitted for another trainee.
    pub shared_device: u32,
    /// By a trainee whose credential the contractor reset during the class.
    pub reset: u32,
    /// By a trainee with no valid on-site check-in in the class.
    pub no_checkin: u32,
    /// Any of the three.
    pub flagged: u32,
    /// Credential resets the contractor made for this class, answered or not.
    pub resets_in_class: u32,
}

/// Integrity flags turn red above this share of responses, as for check-ins (DESIGN).
pub const STUFFING_RED_PERCENT: u32 = 2;

impl Stuffing {
    pub fn red(&self) -> bool {
        self.flagged * 100 > self.answered * STUFFING_RED_PERCENT
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub title: String,
    pub subtitle: String,
    /// Enrolled trainees who attended at least one session.
    pub eligible: u32,
    pub responses: u32,
    /// None below MIN_RESPONSES.
    pub figures: Option<Figures>,
    /// On a project: each class, and how many classes were left out for too few responses.
    pub classes: Vec<ClassLine>,
    pub left_out: u32,
    /// For a class: who answered so far, and the stuffing counts.
    pub integrity: Option<Stuffing>,
    /// For a class whose survey is still open: when the figures last moved.
    pub published_at: Option<String>,
    /// The survey is still open, so figures move every MIN_RESPONSES responses.
    pub stepping: bool,
}

impl SurveyResults {
    /// 问卷回收率 = responses ÷ eligible trainees.
    pub fn response_rate(&self) -> Option<f64> {
        (self.eligible > 0).then(|| f64::from(self.responses) / f64::from(self.eligible))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::{percent, score};

    fn tally(counts: [u32; 5], not_applicable: u32) -> Tally {
        Tally::new(counts, not_applicable)
    }

    #[test]
    fn not_applicable_answers_count_in_neither_the_rate_nor_the_mean() {
        // Ten answers: 1×2, 1×3, 3×4, 2×5 valid, 3×不适用.
        let t = tally([0, 1, 1, 3, 2], 3);
        assert_eq!(t.valid(), 7);
        assert_eq!(t.satisfaction(), Some(5.0 / 7.0));
        assert_eq!(t.mean(), Some((2 + 3 + 12 + 10) as f64 / 7.0));
        assert_eq!(percent(t.satisfaction()), "71.4%");
        assert_eq!(score(t.mean()), "3.86");
    }

    #[test]
    fn an_item_everyone_marked_not_applicable_has_no_rate() {
        let t = tally([0; 5], 6);
        assert_eq!(t.satisfaction(), None);
        assert_eq!(t.mean(), None);
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn pooling_adds_counts_and_not_applicable_alike() {
        let mut a = tally([1, 0, 0, 2, 3], 1);
        a.add(&tally([0, 1, 0, 0, 1], 2));
        assert_eq!(a, tally([1, 1, 0, 2, 4], 3));
    }
}
