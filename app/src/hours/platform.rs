//! The online platform's log (CSV or XLSX: phone, course, minutes or hours, date) imported as
//! hours whose source is who sent it (`rules::Uploader`, issue 34). Each row gets a key
//! unique within its class, so importing the same file again adds nothing. A file with errors
//! imports nothing until its sender, having read the report, asks for the good rows alone.
pub use super::platform_rules::Uploader;
use super::platform_rules::{key, limits, source, stored_date};
use super::types::*;
use crate::auth::service::audit;
use crate::auth::Phone;
use crate::db::{begin_write, now, Db};
use crate::entities::{enrolment, hours_import, online_hours, trainee};
use crate::error::AppError;
use crate::i18n::t;
use crate::training::RosterCell;
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{prelude::*, ActiveValue::Set};
use std::collections::HashMap;

const PHONE: &[&str] = &["手机号", "手机", "手机号码", "电话"];
const COURSE: &[&str] = &["课程", "课程名称", "学习内容", "活动"];
const DATE: &[&str] = &["日期", "学习日期"];
const MINUTES: &[&str] = &[
    "分钟",
    "时长（分钟）",
    "时长(分钟)",
    "学习时长（分钟）",
    "学习时长(分钟)",
];
const HOURS: &[&str] = &["学时", "小时", "时长（小时）", "时长(小时)"];

/// Parses the log: good rows and every problem, each with its line and column.
pub fn parse(table: &[Vec<String>]) -> (Vec<PlatformRow>, Vec<RosterCell>) {
    let err = |line: usize, column: &str, message: String| RosterCell {
        line,
        column: column.to_owned(),
        message,
    };
    let Some(at) = table.iter().position(|r| r.iter().any(|c| !c.is_empty())) else {
        return (vec![], vec![err(1, "", t::ERR_PLATFORM_EMPTY.to_owned())]);
    };
    let find = |names: &[&str]| table[at].iter().position(|h| names.contains(&h.trim()));
    let (phone, course, date) = (find(PHONE), find(COURSE), find(DATE));
    let (minutes, hours) = (find(MINUTES), find(HOURS));
    let mut missing = Vec::new();
    for (col, name) in [(phone, "手机号"), (course, "课程"), (date, "日期")] {
        if col.is_none() {
            missing.push(err(at + 1, name, t::err_roster_column(name)));
        }
    }
    if minutes.is_none() && hours.is_none() {
        missing.push(err(
            at + 1,
            "分钟",
            t::ERR_PLATFORM_DURATION_COLUMN.to_owned(),
        ));
    }
    let (Some(phone), Some(course), Some(date), true) = (phone, course, date, missing.is_empty())
    else {
        return (vec![], missing);
    };
    let (mut good, mut errors) = (Vec::new(), Vec::new());
    for (i, record) in table.iter().enumerate().skip(at + 1) {
        let line = i + 1;
        let cell = |j: usize| record.get(j).map(|s| s.trim()).unwrap_or("");
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let p = Phone::parse(cell(phone))
            .map_err(|m| errors.push(err(line, "手机号", m)))
            .ok();
        let c = Some(cell(course).to_owned()).filter(|c| !c.is_empty());
        if c.is_none() {
            errors.push(err(line, "课程", t::ERR_PLATFORM_COURSE.to_owned()));
        }
        let d = parse_date(cell(date));
        if d.is_none() {
            errors.push(err(line, "日期", t::err_date("日期")));
        }
        let h = match (minutes, hours) {
            (Some(m), _) => duration(cell(m), 30.0),
            (None, Some(h)) => duration(cell(h), 0.5),
            (None, None) => None,
        };
        if h.is_none() {
            let column = if minutes.is_some() {
                "分钟"
            } else {
                "学时"
            };
            errors.push(err(line, column, t::ERR_PLATFORM_DURATION.to_owned()));
        }
        if let (Some(p), Some(c), Some(d), Some(h), true) = (p, c, d, h, errors.len() == before) {
            good.push(PlatformRow {
                line,
                phone: p.as_str().to_owned(),
                course: c,
                date: d.format("%Y-%m-%d").to_string(),
                hours: h,
            });
        }
    }
    (good, errors)
}

/// "2022-11-29", "2022/11/29", "2022.11.29", or an Excel date serial as XLSX stores it.
fn parse_date(s: &str) -> Option<NaiveDate> {
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return Some(d);
        }
    }
    let serial: f64 = s.parse().ok()?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (20_000.0..80_000.0)
        .contains(&serial)
        .then(|| epoch + chrono::Duration::days(serial as i64))
}

/// A positive amount in `unit`s per half-hour, rounded down to whole half-hours.
fn duration(s: &str, per_half: f64) -> Option<Hours> {
    let value: f64 = s.parse().ok().filter(|v: &f64| v.is_finite() && *v > 0.0)?;
    let halves = (value / per_half + 1e-9).floor() as i32;
    (1..=Hours::DAILY_CAP.halves())
        .contains(&halves)
        .then(|| Hours::from_halves(halves))
}

/// Reads a log for a class and keeps its report; imports at once if it has no errors.
pub async fn upload(
    db: &Db,
    who: Uploader,
    class_id: i32,
    (file_name, bytes): (&str, &[u8]),
    today: NaiveDate,
) -> Result<i32, AppError> {
    let class = who.class(db, class_id).await?;
    let mut report = PlatformReport {
        file: file_name.to_owned(),
        ..Default::default()
    };
    match crate::tabular::cells_off_thread(bytes).await? {
        Err(message) => report.errors.push(RosterCell {
            line: 0,
            column: String::new(),
            message,
        }),
        Ok(table) => (report.good, report.errors) = parse(&table),
    }
    let roster = roster_phones(db, class.id).await?;
    for row in &report.good {
        if !roster.contains_key(&row.phone) {
            report.errors.push(RosterCell {
                line: row.line,
                column: "手机号".into(),
                message: t::ERR_PLATFORM_NOT_ON_ROSTER.into(),
            });
        }
    }
    report.good.retain(|r| roster.contains_key(&r.phone));
    let refused = limits(db, class.id, &roster, &report.good, today).await?;
    report
        .good
        .retain(|r| !refused.iter().any(|e| e.line == r.line));
    report.errors.extend(refused);
    report.errors.sort_by_key(|e| e.line);
    let run = hours_import::ActiveModel {
        class_id: Set(class.id),
        user_id: Set(who.user()),
        applied: Set(false),
        created_at: Set(now()),
        report_json: Set(encode(&report)?),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if report.errors.is_empty() {
        apply(db, who, run.id).await?;
    }
    Ok(run.id)
}

async fn roster_phones(db: &Db, class_id: i32) -> Result<HashMap<String, i32>, AppError> {
    let ids: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.trainee_id)
        .collect();
    Ok(trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.phone, t.id))
        .collect())
}

fn encode(report: &PlatformReport) -> Result<String, AppError> {
    serde_json::to_string(report).map_err(|e| AppError::internal("encode hours import", e))
}

async fn run_of(db: &Db, who: Uploader, run_id: i32) -> Result<hours_import::Model, AppError> {
    let run = hours_import::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    who.class(db, run.class_id).await?;
    Ok(run)
}

/// The run's report, for the contractor whose class it was (or the platform's side).
pub async fn report(
    db: &Db,
    who: Uploader,
    run_id: i32,
) -> Result<(i32, PlatformReport), AppError> {
    let run = run_of(db, who, run_id).await?;
    let mut report: PlatformReport = serde_json::from_str(&run.report_json)
        .map_err(|e| AppError::internal("decode hours import", e))?;
    report.applied = run.applied;
    Ok((run.class_id, report))
}

/// Writes a run's good rows, once, as what its uploader's word is worth (`source`); rows
/// imported before are skipped by their key. The daily cap is asked again inside the write,
/// since hours may have been recorded since the report.
pub async fn apply(db: &Db, who: Uploader, run_id: i32) -> Result<PlatformReport, AppError> {
    let run = run_of(db, who, run_id).await?;
    let (class_id, mut report) = report(db, who, run_id).await?;
    if report.applied {
        return Err(AppError::invalid(t::ERR_PLATFORM_APPLIED));
    }
    let state = source(db, &run).await?;
    let roster = roster_phones(db, class_id).await?;
    let today = crate::time::cst_today();
    // Asked again inside the write: hours may have been recorded since the report, and two
    // files applied at once must not both fit under one day's cap.
    let txn = begin_write(db).await?;
    if let Some(e) = limits(&txn, class_id, &roster, &report.good, today)
        .await?
        .into_iter()
        .next()
    {
        txn.rollback().await?;
        return Err(AppError::invalid(t::err_platform_line(e.line, &e.message)));
    }
    for row in &report.good {
        let Some(&trainee_id) = roster.get(&row.phone) else {
            continue;
        };
        let new = online_hours::ActiveModel {
            class_id: Set(class_id),
            trainee_id: Set(trainee_id),
            date: Set(stored_date(&row.date)?),
            half_hours: Set(row.hours.halves()),
            activity: Set(row.course.clone()),
            state: Set(state),
            reviewed_by: Set(Some(who.user())),
            created_at: Set(now()),
            import_key: Set(Some(key(class_id, row))),
            ..Default::default()
        };
        let written = online_hours::Entity::insert(new)
            .on_conflict(
                OnConflict::columns([
                    online_hours::Column::ClassId,
                    online_hours::Column::ImportKey,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        if written > 0 {
            report.added += 1;
        } else {
            report.duplicates += 1;
        }
    }
    report.applied = true;
    report.source = Some(state);
    let mut run: hours_import::ActiveModel = run.into();
    run.applied = Set(true);
    run.report_json = Set(encode(&report)?);
    run.update(&txn).await?;
    let detail = format!(
        "{}: +{} {}, {} already imported",
        report.file,
        report.added,
        state.as_str(),
        report.duplicates
    );
    audit(
        &txn,
        Some(who.user()),
        "import_platform_hours",
        &format!("class:{class_id}"),
        &detail,
        None,
    )
    .await?;
    crate::training::counts::refresh(&txn, &[class_id]).await?;
    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tabular::cells;

    fn table(csv: &str) -> Vec<Vec<String>> {
        cells(csv.as_bytes()).unwrap()
    }

    #[test]
    fn minutes_round_down_to_half_hours_and_dates_take_common_forms() {
        let (good, errors) = parse(&table("手机号,课程,分钟,日期\n13800138001,课程甲,95,2022/11/29\n13800138001,课程乙,30,44894\n"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            (good[0].hours.to_string(), good[0].date.as_str()),
            ("1.5".into(), "2022-11-29")
        );
        assert_eq!(
            (good[1].hours.to_string(), good[1].date.as_str()),
            ("0.5".into(), "2022-11-29")
        );
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_column() {
        let (good, errors) = parse(&table("手机号,课程,学时,日期\n13800138001,课程甲,2,2022-11-29\n1380013,课程乙,2,2022-11-29\n13800138001,,abc,昨天\n"));
        assert_eq!(good.len(), 1);
        let at: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            at,
            vec![(3, "手机号"), (4, "课程"), (4, "日期"), (4, "学时")]
        );
    }

    #[test]
    fn a_log_without_a_duration_column_is_refused() {
        let (_, errors) = parse(&table("手机号,课程,日期\n13800138001,课程甲,2022-11-29\n"));
        assert_eq!(errors[0].column, "分钟");
    }
}
