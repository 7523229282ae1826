//! Roster import: a head teacher's CSV or XLSX of 姓名, 手机号, 学校, 县区, 学科, 学段 becomes
//! trainee accounts enrolled in one class. A file with any error imports nothing, and every
//! error names its line and column.
//!
//! The import matches (issue 34): a row whose phone the county nominated for the project
//! (`nomination.rs`) enrols that nominee under the nomination's name. Any other row is the
//! contractor's own (承训单位自建): enrolled unconfirmed under the name the file gave, with no
//! credential, counted in nothing until its county confirms it. The report and the roster say
//! the same of a phone Peixun knows and one it does not, so an import discloses nothing, and
//! an import never issues, changes or reveals a credential (issue 12).
use super::access::owned_class;
use super::account::create_trainee;
use super::capacity::over_capacity;
use super::types::{RosterCell, RosterReport};
use crate::auth::service::audit;
use crate::auth::{Phone, Role};
use crate::db::{begin_write, now, Db};
use crate::entities::{app_user, class, county, enrolment, nomination, roster_import, trainee};
use crate::error::AppError;
use crate::i18n::t;
use sea_orm::{prelude::*, ActiveValue::Set};
use std::collections::HashMap;

/// The columns, by header text; the order in the file does not matter.
const COLUMNS: [(&str, &[&str]); 7] = [
    ("姓名", &["姓名", "学员姓名"]),
    (
        "手机号",
        &["手机号", "手机", "手机号码", "联系电话", "电话"],
    ),
    ("学校", &["学校", "单位", "工作单位", "任教学校"]),
    (
        "县区",
        &["县区", "县（市、区）", "县(市、区)", "县", "所在县区"],
    ),
    ("学科", &["学科", "任教学科"]),
    ("学段", &["学段", "任教学段"]),
    ("是否乡村学校", &["是否乡村学校", "乡村学校", "乡村"]),
];
const REQUIRED: [usize; 2] = [0, 1];

pub use super::account::RosterRow;

/// Parses the table into rows, or every problem found, each with its line and column.
pub fn parse(table: &[Vec<String>]) -> Result<Vec<RosterRow>, Vec<RosterCell>> {
    let err = |line: usize, column: &str, message: String| RosterCell {
        line,
        column: column.to_owned(),
        message,
    };
    let Some(header_at) = table.iter().position(|r| r.iter().any(|c| !c.is_empty())) else {
        return Err(vec![err(1, "", t::ERR_ROSTER_EMPTY.to_owned())]);
    };
    let header = &table[header_at];
    let index: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|(_, names)| header.iter().position(|h| names.contains(&h.trim())))
        .collect();
    let missing: Vec<RosterCell> = REQUIRED
        .iter()
        .filter(|&&i| index[i].is_none())
        .map(|&i| {
            err(
                header_at + 1,
                COLUMNS[i].0,
                t::err_roster_column(COLUMNS[i].0),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, record) in table.iter().enumerate().skip(header_at + 1) {
        let line = i + 1;
        let cell = |col: usize| {
            index[col]
                .and_then(|j| record.get(j))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = cell(0);
        if name.is_none() {
            errors.push(err(line, "姓名", t::ERR_ROSTER_NAME.to_owned()));
        }
        let phone = match Phone::parse(&cell(1).unwrap_or_default()) {
            Ok(phone) => match seen.insert(phone.as_str().to_owned(), line) {
                Some(first) => {
                    errors.push(err(line, "手机号", t::err_roster_duplicate(first)));
                    None
                }
                None => Some(phone),
            },
            Err(message) => {
                errors.push(err(line, "手机号", message));
                None
            }
        };
        if let (Some(name), Some(phone)) = (name, phone) {
            rows.push(RosterRow {
                line,
                name,
                phone,
                school: cell(2),
                county: cell(3),
                subject: cell(4),
                stage: cell(5),
                rural: cell(6).is_some_and(|v| matches!(v.as_str(), "是" | "Y" | "y" | "1")),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![err(header_at + 2, "", t::ERR_ROSTER_EMPTY.to_owned())]);
    }
    Ok(rows)
}

/// Imports a roster into a class and keeps the report. Phones already known as trainees are
/// enrolled as they are; new phones get an account that is activated from a printed slip.
pub async fn import_roster(
    db: &Db,
    (actor, contractor_id): (i32, i32),
    class_id: i32,
    (file_name, bytes): (&str, &[u8]),
) -> Result<(i32, RosterReport), AppError> {
    let class = owned_class(db, contractor_id, class_id).await?;
    let mut report = RosterReport {
        file: file_name.to_owned(),
        ..Default::default()
    };
    match crate::tabular::cells_off_thread(bytes)
        .await?
        .map_err(|m| {
            vec![RosterCell {
                line: 0,
                column: String::new(),
                message: m,
            }]
        })
        .and_then(|table| parse(&table))
    {
        Err(errors) => report.errors = errors,
        Ok(rows) => {
            let who = (actor, contractor_id);
            enrol(db, who, &class, rows, &mut report).await?
        }
    }
    let run = roster_import::ActiveModel {
        class_id: Set(class.id),
        user_id: Set(actor),
        succeeded: Set(report.errors.is_empty()),
        created_at: Set(now()),
        report_json: Set(serde_json::to_string(&report)
            .map_err(|e| AppError::internal("encode roster report", e))?),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((run.id, report))
}

/// A kept report, for the contractor whose class it was.
pub async fn report(
    db: &Db,
    contractor_id: i32,
    run_id: i32,
) -> Result<(i32, RosterReport), AppError> {
    let run = roster_import::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    owned_class(db, contractor_id, run.class_id).await?;
    let report = serde_json::from_str(&run.report_json)
        .map_err(|e| AppError::internal("decode roster report", e))?;
    Ok((run.class_id, report))
}

async fn enrol(
    db: &Db,
    (actor, contractor_id): (i32, i32),
    class: &class::Model,
    rows: Vec<RosterRow>,
    report: &mut RosterReport,
) -> Result<(), AppError> {
    let class_id = class.id;
    let phones: Vec<String> = rows.iter().map(|r| r.phone.as_str().to_owned()).collect();
    let staff: Vec<String> = app_user::Entity::find()
        .filter(app_user::Column::Login.is_in(phones.clone()))
        .filter(app_user::Column::Role.ne(Role::Trainee.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.login)
        .collect();
    for row in rows
        .iter()
        .filter(|r| staff.iter().any(|s| s == r.phone.as_str()))
    {
        report.errors.push(RosterCell {
            line: row.line,
            column: "手机号".to_owned(),
            message: t::ERR_ROSTER_STAFF_PHONE.to_owned(),
        });
    }
    if !report.errors.is_empty() {
        return Ok(());
    }
    let counties: HashMap<String, i32> = county::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.name, c.id))
        .collect();
    let txn = begin_write(db).await?;
    // Who is already a trainee is read inside the write transaction: on SQLite it holds the
    // write lock, so an import running at the same time cannot add the same phone between
    // this read and the inserts below. On PostgreSQL that can still happen across projects;
    // the loser is told to try again rather than getting a 500.
    let known: HashMap<String, trainee::Model> = trainee::Entity::find()
        .filter(trainee::Column::Phone.is_in(phones))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| (t.phone.clone(), t))
        .collect();
    let already: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| e.trainee_id)
        .collect();
    let nominated: Vec<i32> = nomination::Entity::find()
        .filter(nomination::Column::ProjectId.eq(class.project_id))
        .filter(nomination::Column::TraineeId.is_in(known.values().map(|t| t.id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|n| n.trainee_id)
        .collect();
    let trainees: Vec<Option<i32>> = rows
        .iter()
        .map(|r| known.get(r.phone.as_str()).map(|t| t.id))
        .collect();
    if let Some(message) = over_capacity(&txn, class, &trainees).await? {
        report.errors.push(RosterCell {
            line: 0,
            column: String::new(),
            message,
        });
        return Ok(());
    }
    for row in rows {
        let county_id = row.county.as_ref().and_then(|c| counties.get(c).copied());
        if let (Some(name), None) = (&row.county, county_id) {
            if !report.unknown_counties.contains(name) {
                report.unknown_counties.push(name.clone());
            }
        }
        let trainee_id = match known.get(row.phone.as_str()) {
            Some(t) => t.id,
            None => {
                // No credential: not a PIN, not a code. Only its county's confirmation lets
                // the county print one.
                let county = (county_id, row.county.clone());
                create_trainee(&txn, &row, county, Some(contractor_id))
                    .await?
                    .id
            }
        };
        if already.contains(&trainee_id) {
            report.already_enrolled += 1;
            continue;
        }
        let confirmed = nominated.contains(&trainee_id);
        enrolment::ActiveModel {
            class_id: Set(class_id),
            trainee_id: Set(trainee_id),
            created_at: Set(now()),
            confirmed: Set(confirmed),
            claimed_name: Set((!confirmed).then_some(row.name)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if confirmed {
            report.enrolled += 1;
        } else {
            report.pending += 1;
        }
    }
    let detail = format!(
        "{}: +{} nominees enrolled, {} awaiting their county",
        report.file, report.enrolled, report.pending
    );
    audit(
        &txn,
        Some(actor),
        "import_roster",
        &format!("class:{class_id}"),
        &detail,
        None,
    )
    .await?;
    super::counts::refresh(&txn, &[class_id]).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tabular::cells;

    fn table(csv: &str) -> Vec<Vec<String>> {
        cells(csv.as_bytes()).unwrap()
    }

    #[test]
    fn columns_are_found_by_header_in_any_order() {
        let rows = parse(&table(
            "手机号,姓名,学段,学科,县区,学校\n13800138001,张三,初中,语文,遂川县,泉江中学\n",
        ))
        .unwrap();
        assert_eq!(rows[0].name, "张三");
        assert_eq!(rows[0].phone.as_str(), "13800138001");
        assert_eq!(rows[0].county.as_deref(), Some("遂川县"));
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn errors_name_their_line_and_column() {
        let errors = parse(&table(
            "姓名,手机号\n张三,13800138001\n,13800138002\n李四,1380013\n",
        ))
        .unwrap_err();
        let at: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(at, vec![(3, "姓名"), (4, "手机号")]);
    }

    #[test]
    fn duplicate_phones_point_at_the_first_line() {
        let errors = parse(&table(
            "姓名,手机号\n张三,13800138001\n李四,138 0013 8001\n",
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0].message.contains("第 2 行"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_file_without_the_phone_column_is_refused() {
        let errors = parse(&table("姓名,学校\n张三,泉江中学\n")).unwrap_err();
        assert_eq!(errors[0].column, "手机号");
    }

    #[test]
    fn gb18030_csv_from_excel_is_read() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,手机号\r\n王芳,13900139000\r\n");
        let rows = parse(&cells(&bytes).unwrap()).unwrap();
        assert_eq!(rows[0].name, "王芳");
    }

    #[test]
    fn an_xlsx_roster_is_read_with_its_line_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_row(0, 0, ["姓名", "手机号", "学校"]).unwrap();
        sheet
            .write_row(1, 0, ["赵六", "13700137000", "永新县城关小学"])
            .unwrap();
        sheet.write(2, 0, "钱七").unwrap();
        sheet.write(2, 1, 13_700_137_001_f64).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = parse(&cells(&bytes).unwrap()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].phone.as_str(), "13700137001");
        assert_eq!(rows[1].line, 3);
    }
}
