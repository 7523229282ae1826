//! What each `/api/v1` endpoint reads, for one token's scope. Every figure comes from the
//! service behind the matching page, called as the evaluator the token stands for
//! (`ApiScope::reader`), so the API shows exactly what that evaluator's pages show; the token
//! adds one limit of its own: its programme.
use super::schema::{self, warnings, Figures};
use super::token::ApiScope;
use crate::dashboard::ProjectList;
use crate::db::Db;
use crate::error::AppError;
use crate::hours::credits::{credits, Phones};
use crate::i18n::t;
use crate::training::access::{readable_class, readable_project, ReadableClass};

/// Where a page starts: after the item with this id. Opaque to clients, who pass back the
/// `next_cursor` they were given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cursor(Option<i32>);

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

impl Cursor {
    pub fn parse(raw: Option<&str>) -> Result<Cursor, AppError> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(Cursor(None)),
            Some(r) => r
                .parse::<i32>()
                .map(|id| Cursor(Some(id)))
                .map_err(|_| AppError::invalid(t::ERR_API_CURSOR)),
        }
    }
}

/// 1 to MAX_LIMIT items a page; DEFAULT_LIMIT when not given.
pub fn parse_limit(raw: Option<&str>) -> Result<usize, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(DEFAULT_LIMIT),
        Some(r) => r
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| AppError::invalid(t::ERR_API_LIMIT)),
    }
}

/// Items in id order, those after the cursor, at most `limit`, and the cursor of the rest.
pub fn page<T>(
    mut items: Vec<T>,
    id: impl Fn(&T) -> i32,
    after: Cursor,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    items.sort_by_key(&id);
    items.retain(|x| after.0.is_none_or(|a| id(x) > a));
    let more = items.len() > limit;
    items.truncate(limit);
    let next = more
        .then(|| items.last().map(|x| id(x).to_string()))
        .flatten();
    (items, next)
}

/// Outside the token's view is 404 whatever the reason, so a county's token cannot tell
/// another county's class from one that does not exist (403 would say it exists).
fn unseen(err: AppError) -> AppError {
    match err {
        AppError::Forbidden => AppError::NotFound,
        other => other,
    }
}

/// A project the token may read: in its programme and in its county's view.
async fn project_in_scope(db: &Db, scope: &ApiScope, project_id: i32) -> Result<(), AppError> {
    let p = readable_project(db, &scope.reader(), project_id)
        .await
        .map_err(unseen)?;
    if p.programme_id != scope.programme_id {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub(super) async fn class_in_scope(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
) -> Result<ReadableClass, AppError> {
    let r = readable_class(db, &scope.reader(), class_id)
        .await
        .map_err(unseen)?;
    if r.project.programme_id != scope.programme_id {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// The programme's projects with their figures, from the overview's own list.
pub fn projects(list: &ProjectList) -> Vec<schema::Project> {
    list.projects
        .iter()
        .map(|p| schema::Project {
            id: p.id,
            seq: p.seq,
            name: p.name.clone(),
            mode: p.mode.clone(),
            duration: p.duration.clone(),
            headcount: p.headcount,
            scope: p.scope.clone(),
            contractor: p.contractor.clone(),
            classes: p.classes,
            figures: Figures::from(&p.counts),
            warnings: warnings(&p.warnings),
        })
        .collect()
}

pub async fn classes(
    db: &Db,
    scope: &ApiScope,
    project_id: i32,
) -> Result<Vec<schema::Class>, AppError> {
    project_in_scope(db, scope, project_id).await?;
    let list = crate::dashboard::project::project_classes(db, &scope.reader(), project_id).await?;
    let ids: Vec<i32> = list.classes.iter().map(|c| c.class.id).collect();
    let witness = crate::training::dispute::per_class(db, &ids, scope.county_id).await?;
    Ok(list
        .classes
        .into_iter()
        .map(|c| schema::Class {
            unconfirmed: witness.get(&c.class.id).map_or(0, |w| w.0),
            disputes: witness.get(&c.class.id).map_or(0, |w| w.1),
            id: c.class.id,
            project_id,
            name: c.class.name,
            dates: c.class.dates,
            venue: c.class.venue,
            head_teacher: c.class.head_teacher,
            capacity: c.class.capacity,
            sessions: c.class.sessions,
            figures: Figures::from(&c.counts),
            warnings: warnings(&c.warnings),
        })
        .collect())
}

pub async fn sessions(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
) -> Result<Vec<schema::Session>, AppError> {
    class_in_scope(db, scope, class_id).await?;
    let trainees = crate::dashboard::report::roster_ids(db, class_id, scope.county_id).await?;
    let list = crate::dashboard::report::sessions(
        db,
        class_id,
        scope.county_id,
        trainees.len() as u64,
        crate::db::now(),
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|s| schema::Session {
            id: s.id,
            title: s.title,
            when: s.when,
            held: s.held,
            present: s.present,
            flagged: s.flagged,
            enrolled: s.enrolled,
        })
        .collect())
}

/// Credits of the class's trainees, the county's only for a county token.
pub async fn class_credits(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
) -> Result<Vec<schema::Credit>, AppError> {
    class_in_scope(db, scope, class_id).await?;
    let phones = if scope.full_phones {
        Phones::Full
    } else {
        Phones::Masked
    };
    Ok(credits(db, vec![class_id], phones)
        .await?
        .into_iter()
        .filter(|r| scope.county_id.is_none() || r.county_id == scope.county_id)
        .map(|r| schema::Credit {
            trainee_id: r.trainee_id,
            name: r.name,
            phone: r.phone,
            school: r.school,
            county: r.county,
            onsite_hours: f64::from(r.onsite.halves()) / 2.0,
            online_hours: f64::from(r.online.halves()) / 2.0,
            total_hours: f64::from(r.total.halves()) / 2.0,
            online_required: r.required,
            online_met: r.met,
        })
        .collect())
}

fn item(prompt: String, tally: &crate::survey::Tally) -> schema::Item {
    schema::Item {
        prompt,
        counts: tally.counts.to_vec(),
        not_applicable: tally.not_applicable,
        satisfaction_rate: tally.satisfaction(),
        mean: tally.mean(),
    }
}

/// The class's survey results exactly as the evaluator's page publishes them.
pub async fn survey(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
) -> Result<schema::SurveyResult, AppError> {
    class_in_scope(db, scope, class_id).await?;
    let r = crate::survey::results::class_results(db, &scope.reader(), class_id).await?;
    let (overall, dimensions) = match &r.figures {
        Some(f) => (
            f.overall.as_ref().map(|o| item(o.prompt.clone(), &o.tally)),
            f.dimensions
                .iter()
                .map(|d| schema::Dimension {
                    name: d.name.clone(),
                    satisfaction_rate: d.tally.satisfaction(),
                    items: d
                        .items
                        .iter()
                        .map(|i| item(i.prompt.clone(), &i.tally))
                        .collect(),
                })
                .collect(),
        ),
        None => (None, vec![]),
    };
    Ok(schema::SurveyResult {
        class_id,
        eligible: r.eligible,
        responses: r.responses,
        published: r.figures.is_some(),
        stepping: r.stepping,
        published_at: r.published_at,
        overall,
        dimensions,
    })
}

pub async fn visits(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
) -> Result<Vec<schema::Visit>, AppError> {
    class_in_scope(db, scope, class_id).await?;
    let v = crate::dashboard::visits::class_visits(
        db,
        &scope.reader(),
        class_id,
        crate::time::cst_today(),
    )
    .await?;
    Ok(v.visits
        .into_iter()
        .map(|row| schema::Visit {
            average: row.average(),
            id: row.id,
            date: row.date,
            evaluator: row.evaluator,
            scores: row
                .scores
                .into_iter()
                .map(|(item, score)| schema::Score { item, score })
                .collect(),
            notes: row.notes,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_ids_after_the_cursor_and_the_last_page_has_no_cursor() {
        let ids = vec![5, 1, 9, 3, 7];
        let (first, next) = page(ids.clone(), |x| *x, Cursor::parse(None).unwrap(), 2);
        assert_eq!((first, next.as_deref()), (vec![1, 3], Some("3")));
        let (second, next) = page(ids.clone(), |x| *x, Cursor::parse(Some("3")).unwrap(), 2);
        assert_eq!((second, next.as_deref()), (vec![5, 7], Some("7")));
        let (last, next) = page(ids, |x| *x, Cursor::parse(Some("7")).unwrap(), 2);
        assert_eq!((last, next), (vec![9], None));
    }

    #[test]
    fn a_bad_cursor_or_limit_is_refused_in_chinese() {
        assert!(Cursor::parse(Some("abc")).is_err());
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        for bad in ["0", "201", "-1", "ten"] {
            assert_eq!(
                parse_limit(Some(bad)),
                Err(AppError::invalid(t::ERR_API_LIMIT))
            );
        }
    }
}
