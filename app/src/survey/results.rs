//! Results for a class or a project: counts first, then, at 5 responses or more, the figures
//! (DESIGN, "Metrics"). A project pools only classes whose own results are shown, so a
//! withheld class cannot be read off as the project minus the others.
use super::publish::{counted_ids, counted_per_survey};
use super::results_types::*;
use super::submission::attendees;
use super::templates::questions_of;
use super::types::{Likert, Question, QuestionKind};
use crate::auth::Me;
use crate::db::{now, Db};
use crate::entities::{answer, class, survey};
use crate::error::AppError;
use crate::i18n::t;
use crate::training::access::{readable_class, readable_project};
use sea_orm::{prelude::*, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub async fn class_results(db: &Db, viewer: &Me, class_id: i32) -> Result<SurveyResults, AppError> {
    let r = readable_class(db, viewer, class_id).await?;
    let (c, p) = (r.class, r.project);
    // Its figures are read once, below: the line's own overall would read them twice.
    let lines = class_lines(db, std::slice::from_ref(&c), false).await?;
    let line = &lines[0];
    let figures = match (&line.survey, line.withheld) {
        (Some(s), false) => Some(figures(db, std::slice::from_ref(s)).await?),
        _ => None,
    };
    let at = now();
    let integrity = match &line.survey {
        Some(s) => Some(super::integrity::stuffing(db, &c, s, at).await?),
        None => None,
    };
    let open = line.survey.as_ref().filter(|s| s.closes_at > at);
    Ok(SurveyResults {
        eligible: line.line.eligible,
        responses: line.line.responses,
        figures,
        classes: vec![],
        left_out: 0,
        integrity,
        published_at: open.and_then(|s| s.published_at).map(crate::time::cst),
        stepping: open.is_some(),
        title: c.name,
        subtitle: p.name,
    })
}

pub async fn project_results(
    db: &Db,
    viewer: &Me,
    project_id: i32,
) -> Result<SurveyResults, AppError> {
    let p = readable_project(db, viewer, project_id).await?.into_model();
    let classes = class::Entity::find()
        .filter(class::Column::ProjectId.eq(project_id))
        .order_by_asc(class::Column::StartDate)
        .all(db)
        .await?;
    let lines = class_lines(db, &classes, true).await?;
    let shown: Vec<survey::Model> = lines
        .iter()
        .filter(|l| !l.withheld)
        .filter_map(|l| l.survey.clone())
        .collect();
    let left_out = lines
        .iter()
        .filter(|l| l.withheld && l.survey.is_some())
        .count() as u32;
    let figures = if shown.is_empty() {
        None
    } else {
        Some(figures(db, &shown).await?)
    };
    Ok(SurveyResults {
        title: p.name,
        subtitle: t::SURVEY_PROJECT_SCOPE.to_owned(),
        eligible: lines.iter().map(|l| l.line.eligible).sum(),
        responses: lines.iter().map(|l| l.line.responses).sum(),
        figures,
        classes: lines.into_iter().map(|l| l.line).collect(),
        left_out,
        integrity: None,
        published_at: None,
        stepping: false,
    })
}

struct Line {
    line: ClassLine,
    survey: Option<survey::Model>,
    withheld: bool,
}

/// Each class's survey, eligible trainees and responses, and (with `overall`) its overall
/// item's 满意率 where its results may be shown.
async fn class_lines(
    db: &Db,
    classes: &[class::Model],
    overall: bool,
) -> Result<Vec<Line>, AppError> {
    let ids: Vec<i32> = classes.iter().map(|c| c.id).collect();
    let eligible = attendees(db, &ids).await?;
    let surveys: HashMap<i32, survey::Model> = survey::Entity::find()
        .filter(survey::Column::ClassId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.class_id, s))
        .collect();
    let survey_ids: Vec<i32> = surveys.values().map(|s| s.id).collect();
    let counts = counted_per_survey(db, &survey_ids, now()).await?;
    let mut lines = Vec::new();
    for c in classes {
        let s = surveys.get(&c.id).cloned();
        let responses = s
            .as_ref()
            .and_then(|s| counts.get(&s.id))
            .copied()
            .unwrap_or(0) as u32;
        let withheld = responses < MIN_RESPONSES;
        let satisfaction = match (&s, withheld) {
            (Some(s), false) if overall => figures(db, std::slice::from_ref(s))
                .await?
                .overall
                .and_then(|o| o.tally.satisfaction()),
            _ => None,
        };
        lines.push(Line {
            line: ClassLine {
                class_id: c.id,
                name: c.name.clone(),
                eligible: eligible.get(&c.id).copied().unwrap_or(0),
                responses,
                overall: satisfaction,
                withheld,
            },
            survey: s,
            withheld,
        });
    }
    Ok(lines)
}

/// Answers counted per question, straight from the database.
#[derive(Default)]
pub struct Counts {
    pub likert: HashMap<i32, Tally>,
    pub choices: HashMap<(i32, i32), u32>,
    pub texts: HashMap<i32, Vec<String>>,
}

async fn counts(db: &Db, survey_ids: &[i32]) -> Result<Counts, AppError> {
    let responses = counted_ids(survey_ids, now());
    let grouped: Vec<(i32, Option<i32>, Option<i32>, i64)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::QuestionId)
        .column(answer::Column::Likert)
        .column(answer::Column::Choice)
        .column_as(answer::Column::QuestionId.count(), "n")
        .filter(answer::Column::ResponseId.in_subquery(responses.clone()))
        .filter(answer::Column::Text.is_null())
        .group_by(answer::Column::QuestionId)
        .group_by(answer::Column::Likert)
        .group_by(answer::Column::Choice)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Counts::default();
    for (question, likert, choice, n) in grouped {
        let n = n as u32;
        match (likert.and_then(Likert::from_stored), choice) {
            (Some(Likert::Score(s)), _) => {
                out.likert.entry(question).or_default().counts[usize::from(s) - 1] += n
            }
            (Some(Likert::NotApplicable), _) => {
                out.likert.entry(question).or_default().not_applicable += n
            }
            (None, Some(c)) => *out.choices.entry((question, c)).or_default() += n,
            (None, None) => {}
        }
    }
    // Ordered by the random response id: the order of submission stays unknown.
    let texts: Vec<(i32, Option<String>)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::QuestionId)
        .column(answer::Column::Text)
        .filter(answer::Column::ResponseId.in_subquery(responses))
        .filter(answer::Column::Text.is_not_null())
        .order_by_asc(answer::Column::ResponseId)
        .into_tuple()
        .all(db)
        .await?;
    for (question, text) in texts {
        out.texts.entry(question).or_default().extend(text);
    }
    Ok(out)
}

async fn figures(db: &Db, surveys: &[survey::Model]) -> Result<Figures, AppError> {
    let mut template_ids: Vec<i32> = surveys.iter().map(|s| s.template_id).collect();
    template_ids.sort_unstable();
    template_ids.dedup();
    let questions = questions_of(db, &template_ids).await?;
    let ids: Vec<i32> = surveys.iter().map(|s| s.id).collect();
    Ok(tabulate(&questions, &counts(db, &ids).await?))
}

/// Lays counts out by dimension. Questions from different template versions with the same
/// dimension and wording are pooled, so a project whose classes used two versions still
/// reads as one table.
pub fn tabulate(questions: &[Question], counts: &Counts) -> Figures {
    let mut figures = Figures {
        overall: None,
        dimensions: vec![],
        choices: vec![],
        comments: vec![],
    };
    for q in questions {
        match q.kind {
            QuestionKind::Likert => {
                let tally = counts.likert.get(&q.id).cloned().unwrap_or_default();
                if q.is_overall {
                    let overall = figures.overall.get_or_insert_with(|| ItemResult {
                        prompt: q.prompt.clone(),
                        tally: Tally::default(),
                    });
                    overall.tally.add(&tally);
                }
                let dim = match figures
                    .dimensions
                    .iter_mut()
                    .position(|d| d.name == q.dimension)
                {
                    Some(i) => &mut figures.dimensions[i],
                    None => {
                        figures.dimensions.push(DimensionResult {
                            name: q.dimension.clone(),
                            tally: Tally::default(),
                            items: vec![],
                        });
                        figures.dimensions.last_mut().expect("just pushed")
                    }
                };
                dim.tally.add(&tally);
                match dim.items.iter_mut().find(|i| i.prompt == q.prompt) {
                    Some(item) => item.tally.add(&tally),
                    None => dim.items.push(ItemResult {
                        prompt: q.prompt.clone(),
                        tally,
                    }),
                }
            }
            QuestionKind::Choice => {
                let options = q
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let n = counts.choices.get(&(q.id, i as i32)).copied().unwrap_or(0);
                        (label.clone(), n)
                    })
                    .collect();
                figures.choices.push(ChoiceResult {
                    prompt: q.prompt.clone(),
                    options,
                });
            }
            QuestionKind::Text => {
                let texts = counts.texts.get(&q.id).cloned().unwrap_or_default();
                match figures.comments.iter_mut().find(|c| c.prompt == q.prompt) {
                    Some(c) => c.texts.extend(texts),
                    None => figures.comments.push(Comments {
                        prompt: q.prompt.clone(),
                        texts,
                    }),
                }
            }
        }
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i32, kind: QuestionKind, dimension: &str, prompt: &str, overall: bool) -> Question {
        Question {
            id,
            kind,
            dimension: dimension.to_owned(),
            prompt: prompt.to_owned(),
            choices: vec![],
            is_overall: overall,
        }
    }

    #[test]
    fn dimensions_pool_their_items_and_versions_pool_by_wording() {
        use QuestionKind::*;
        // Two template versions ask the same 后勤 item (ids 2 and 12).
        let questions = [
            q(1, Likert, "课程内容", "内容实用", false),
            q(2, Likert, "后勤保障", "食宿妥当", false),
            q(3, Likert, "总体满意度", "总体满意", true),
            q(4, Text, "问答", "最大收获", false),
            q(12, Likert, "后勤保障", "食宿妥当", false),
        ];
        let mut counts = Counts::default();
        counts.likert.insert(
            1,
            Tally {
                counts: [0, 0, 1, 2, 2],
                not_applicable: 0,
            },
        );
        counts.likert.insert(
            2,
            Tally {
                counts: [1, 0, 0, 1, 0],
                not_applicable: 3,
            },
        );
        counts.likert.insert(
            12,
            Tally {
                counts: [0, 0, 0, 0, 1],
                not_applicable: 1,
            },
        );
        counts.likert.insert(
            3,
            Tally {
                counts: [0, 0, 1, 1, 3],
                not_applicable: 0,
            },
        );
        counts.texts.insert(4, vec!["案例很好".into()]);
        let f = tabulate(&questions, &counts);
        let names: Vec<_> = f.dimensions.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["课程内容", "后勤保障", "总体满意度"]);
        let logistics = &f.dimensions[1];
        assert_eq!(logistics.items.len(), 1);
        assert_eq!(logistics.tally.counts, [1, 0, 0, 1, 1]);
        assert_eq!(logistics.tally.not_applicable, 4);
        assert_eq!(logistics.tally.satisfaction(), Some(2.0 / 3.0));
        let overall = f.overall.unwrap();
        assert_eq!(overall.tally.satisfaction(), Some(0.8));
        assert_eq!(overall.tally.mean(), Some(4.4));
        assert_eq!(f.comments[0].texts, ["案例很好"]);
    }
}
