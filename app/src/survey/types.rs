//! Survey types shared by the server and the browser.
use crate::error::AppError;
use crate::i18n::t;
use serde::{Deserialize, Serialize};

/// One answer on the 1-5 scale, or 不适用 (not applicable), which counts in no rate or mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Likert {
    Score(u8),
    NotApplicable,
}

impl Likert {
    /// The form's value: "1" to "5", or "0" for 不适用.
    pub fn parse(input: &str) -> Result<Likert, AppError> {
        match input.trim() {
            "0" | "不适用" => Ok(Likert::NotApplicable),
            s => match s.parse::<u8>() {
                Ok(n @ 1..=5) => Ok(Likert::Score(n)),
                _ => Err(AppError::invalid(t::ERR_LIKERT)),
            },
        }
    }

    /// As stored in `answer.likert`: 0 stands for 不适用.
    pub fn stored(self) -> i32 {
        match self {
            Likert::Score(n) => i32::from(n),
            Likert::NotApplicable => 0,
        }
    }

    pub fn from_stored(value: i32) -> Option<Likert> {
        match value {
            0 => Some(Likert::NotApplicable),
            1..=5 => Some(Likert::Score(value as u8)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Likert,
    Choice,
    Text,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Likert => "likert",
            QuestionKind::Choice => "choice",
            QuestionKind::Text => "text",
        }
    }

    pub fn from_db(s: &str) -> QuestionKind {
        match s {
            "choice" => QuestionKind::Choice,
            "text" => QuestionKind::Text,
            _ => QuestionKind::Likert,
        }
    }
}

/// A question as asked: what the trainee's form shows and what results are grouped by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: i32,
    pub kind: QuestionKind,
    /// The dimension for Likert items; the group heading otherwise.
    pub dimension: String,
    pub prompt: String,
    pub choices: Vec<String>,
    pub is_overall: bool,
}

/// Questions in the order asked, one group per dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub questions: Vec<Question>,
}

pub fn group(questions: Vec<Question>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for q in questions {
        match groups.last_mut() {
            Some(g) if g.name == q.dimension => g.questions.push(q),
            _ => groups.push(Group {
                name: q.dimension.clone(),
                questions: vec![q],
            }),
        }
    }
    groups
}

/// Why a trainee may or may not answer, in the order the checks are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Gate {
    Open,
    NotLoggedIn,
    NotTrainee,
    NotOnRoster,
    /// On the roster as the contractor's own row: its county has not confirmed it (issue 34).
    Unconfirmed,
    NotAttended,
    NotYetOpen(String),
    Closed(String),
    Answered,
}

impl Gate {
    pub fn message(&self) -> String {
        match self {
            Gate::Open => String::new(),
            Gate::NotLoggedIn => t::SURVEY_LOGIN_FIRST.to_owned(),
            Gate::NotTrainee => t::SURVEY_TRAINEES_ONLY.to_owned(),
            Gate::NotOnRoster => t::SURVEY_NOT_ON_ROSTER.to_owned(),
            Gate::Unconfirmed => t::SURVEY_UNCONFIRMED.to_owned(),
            Gate::NotAttended => t::SURVEY_NOT_ATTENDED.to_owned(),
            Gate::NotYetOpen(at) => t::survey_not_yet_open(at),
            Gate::Closed(at) => t::survey_closed(at),
            Gate::Answered => t::SURVEY_ANSWERED.to_owned(),
        }
    }
}

/// The answer page: the survey, whether this visitor may answer, and the questions if so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyPage {
    pub id: i32,
    pub class_name: String,
    pub project: String,
    pub window: String,
    pub gate: Gate,
    pub groups: Vec<Group>,
}

/// A survey on the trainee's home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MySurvey {
    pub id: i32,
    pub class_name: String,
    pub window: String,
    pub gate: Gate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateOption {
    pub id: i32,
    pub label: String,
}

/// The contractor's survey page for one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassSurvey {
    pub class_id: i32,
    pub class_name: String,
    pub project_id: i32,
    pub templates: Vec<TemplateOption>,
    pub current: Option<RunningSurvey>,
    /// The window the admin's rule gives this class's survey (issue 34).
    pub rule_window: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunningSurvey {
    pub id: i32,
    pub template_id: i32,
    pub template: String,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
    pub status: String,
    pub responses: u32,
    pub eligible: u32,
    /// Attendees who have not answered, by name: for the class's WeChat group; `None` while
    /// an answer waits unpublished (the list shows at multiples of 5).
    pub missing: Option<Vec<String>>,
    pub url: String,
    pub qr_svg: String,
}

/// A template in the admin's list, with its text for the edit form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub id: i32,
    pub name: String,
    pub version: i32,
    pub questions: usize,
    pub used_by: u64,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likert_takes_one_to_five_and_not_applicable() {
        assert_eq!(Likert::parse(" 5 ").unwrap(), Likert::Score(5));
        assert_eq!(Likert::parse("1").unwrap(), Likert::Score(1));
        assert_eq!(Likert::parse("0").unwrap(), Likert::NotApplicable);
        assert_eq!(Likert::parse("不适用").unwrap(), Likert::NotApplicable);
        for bad in ["6", "-1", "", "4.5", "很满意"] {
            assert_eq!(
                Likert::parse(bad),
                Err(AppError::invalid(t::ERR_LIKERT)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn likert_survives_storage() {
        for l in [Likert::NotApplicable, Likert::Score(1), Likert::Score(5)] {
            assert_eq!(Likert::from_stored(l.stored()), Some(l));
        }
        assert_eq!(Likert::from_stored(7), None);
    }

    #[test]
    fn questions_group_by_consecutive_dimension() {
        let q = |id, dimension: &str| Question {
            id,
            kind: QuestionKind::Likert,
            dimension: dimension.to_owned(),
            prompt: String::new(),
            choices: vec![],
            is_overall: false,
        };
        let groups = group(vec![q(1, "甲"), q(2, "甲"), q(3, "乙")]);
        let shape: Vec<(&str, usize)> = groups
            .iter()
            .map(|g| (g.name.as_str(), g.questions.len()))
            .collect();
        assert_eq!(shape, [("甲", 2), ("乙", 1)]);
    }
}
