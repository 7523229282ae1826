//! Survey templates as text an admin can read and edit in one textarea:
//!
//! ```text
//! [需求契合]                 a Likert dimension; its items follow, one per line
//! 培训主题与我的教学实际需要相符
//! [总体满意度]
//! * 总体而言，我对本次培训满意   `*` marks the overall item
//! [单选]                     single-choice questions: 题目｜选项｜选项…
//! 你是第几次参加国培？｜第一次｜第二次｜三次及以上
//! [问答]                     open questions
//! 最大收获：本次培训中你最大的收获是什么？
//! ```
use super::types::QuestionKind;
use crate::error::AppError;
use crate::i18n::t;

/// The 国培 satisfaction survey: DESIGN's nine dimensions and two open questions.
pub const DEFAULT_NAME: &str = "国培计划学员满意度调查";
pub const DEFAULT_TEXT: &str = "\
[需求契合]
培训主题与我的教学实际需要相符
培训目标明确，符合我所在学段、学科的发展需求
[课程内容]
课程内容丰富实用，理论与实践结合紧密
课程安排科学合理，难度适中
[授课专家]
授课专家水平高，讲解清晰透彻
专家能结合一线课例，回应学员的真实问题
[培训方式与互动]
培训方式多样（讲座、案例、研讨、跟岗等），参与度高
学员之间、学员与专家之间交流充分
[组织管理与服务]
班级管理规范，考勤和学时记录及时准确
班主任和工作人员服务热情、响应及时
[后勤保障]
食宿、交通和场地安排妥当
[线上研修平台与资源]
线上研修平台使用方便、运行稳定
线上课程资源质量高，与线下培训衔接紧密
[收获与应用]
培训提升了我的专业能力
我能把培训所学用到自己的课堂教学中
[总体满意度]
* 总体而言，我对本次培训满意
[问答]
最大收获：本次培训中你最大的收获是什么？
改进建议：对改进本项目的培训，你有什么建议？
";

const TEXT_SECTION: &str = "问答";
const CHOICE_SECTION: &str = "单选";
const MAX_QUESTIONS: usize = 100;
const MAX_PROMPT: usize = 200;

/// A question as the template text describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub kind: QuestionKind,
    pub dimension: String,
    pub prompt: String,
    pub choices: Vec<String>,
    pub is_overall: bool,
}

/// Reads a template's text; any mistake names its line, and nothing is half-read.
pub fn parse(text: &str) -> Result<Vec<Draft>, AppError> {
    let mut section: Option<String> = None;
    let mut drafts = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |msg: &str| AppError::invalid(t::template_line_error(line_no, msg));
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            if name.is_empty() {
                return Err(err(t::TEMPLATE_EMPTY_SECTION));
            }
            section = Some(name.to_owned());
            continue;
        }
        let Some(dimension) = section.clone() else {
            return Err(err(t::TEMPLATE_NO_SECTION));
        };
        let (is_overall, line) = match line.strip_prefix('*') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let draft = match dimension.as_str() {
            TEXT_SECTION => Draft {
                kind: QuestionKind::Text,
                dimension,
                prompt: line.to_owned(),
                choices: vec![],
                is_overall: false,
            },
            CHOICE_SECTION => {
                let mut parts = line
                    .split(['｜', '|'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty());
                let prompt = parts.next().unwrap_or_default().to_owned();
                let choices: Vec<String> = parts.map(str::to_owned).collect();
                if choices.len() < 2 {
                    return Err(err(t::TEMPLATE_CHOICES));
                }
                Draft {
                    kind: QuestionKind::Choice,
                    dimension,
                    prompt,
                    choices,
                    is_overall: false,
                }
            }
            _ => Draft {
                kind: QuestionKind::Likert,
                dimension,
                prompt: line.to_owned(),
                choices: vec![],
                is_overall,
            },
        };
        if is_overall && draft.kind != QuestionKind::Likert {
            return Err(err(t::TEMPLATE_OVERALL_KIND));
        }
        if draft.prompt.is_empty() || draft.prompt.chars().count() > MAX_PROMPT {
            return Err(err(t::TEMPLATE_PROMPT_LENGTH));
        }
        drafts.push(draft);
    }
    check_whole(&drafts)?;
    Ok(drafts)
}

fn check_whole(drafts: &[Draft]) -> Result<(), AppError> {
    if !drafts.iter().any(|d| d.kind == QuestionKind::Likert) {
        return Err(AppError::invalid(t::TEMPLATE_NO_LIKERT));
    }
    if drafts.len() > MAX_QUESTIONS {
        return Err(AppError::invalid(t::TEMPLATE_TOO_MANY));
    }
    if drafts.iter().filter(|d| d.is_overall).count() > 1 {
        return Err(AppError::invalid(t::TEMPLATE_ONE_OVERALL));
    }
    Ok(())
}

/// The text that parses back to these questions, for the edit form.
pub fn render(drafts: &[Draft]) -> String {
    let mut out = String::new();
    let mut section = None;
    for d in drafts {
        if section != Some(&d.dimension) {
            out.push_str(&format!("[{}]\n", d.dimension));
            section = Some(&d.dimension);
        }
        if d.is_overall {
            out.push_str("* ");
        }
        out.push_str(&d.prompt);
        for c in &d.choices {
            out.push('｜');
            out.push_str(c);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_has_the_nine_dimensions_and_two_open_questions() {
        let drafts = parse(DEFAULT_TEXT).unwrap();
        let mut dims: Vec<&str> = drafts
            .iter()
            .filter(|d| d.kind == QuestionKind::Likert)
            .map(|d| d.dimension.as_str())
            .collect();
        dims.dedup();
        assert_eq!(
            dims,
            [
                "需求契合",
                "课程内容",
                "授课专家",
                "培训方式与互动",
                "组织管理与服务",
                "后勤保障",
                "线上研修平台与资源",
                "收获与应用",
                "总体满意度"
            ]
        );
        let open: Vec<&str> = drafts
            .iter()
            .filter(|d| d.kind == QuestionKind::Text)
            .map(|d| d.prompt.split('：').next().unwrap())
            .collect();
        assert_eq!(open, ["最大收获", "改进建议"]);
        let overall: Vec<_> = drafts.iter().filter(|d| d.is_overall).collect();
        assert_eq!(overall.len(), 1);
        assert_eq!(overall[0].dimension, "总体满意度");
    }

    #[test]
    fn rendering_then_parsing_gives_back_the_same_questions() {
        let text =
            format!("{DEFAULT_TEXT}[单选]\n你是第几次参加国培？｜第一次｜第二次｜三次及以上\n");
        let drafts = parse(&text).unwrap();
        assert_eq!(parse(&render(&drafts)).unwrap(), drafts);
        let choice = drafts.last().unwrap();
        assert_eq!(choice.kind, QuestionKind::Choice);
        assert_eq!(choice.choices, ["第一次", "第二次", "三次及以上"]);
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            ("题目在维度之前\n[课程内容]\n好", "第 1 行"),
            ("[课程内容]\n好\n[单选]\n只有一个选项｜甲\n", "第 4 行"),
            ("[课程内容]\n好\n[]\n", "第 3 行"),
            (
                "[课程内容]\n好\n[问答]\n* 总体评价不能是问答题\n",
                "第 4 行",
            ),
        ];
        for (text, line) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(line), "{text:?} gave {err}");
        }
    }

    #[test]
    fn a_template_needs_a_likert_item_and_at_most_one_overall_item() {
        assert!(parse("[问答]\n收获？\n").is_err());
        assert!(parse("[甲]\n* 一\n* 二\n").is_err());
        assert!(parse("# 注释\n\n[甲]\n  一  \n").is_ok());
    }
}
