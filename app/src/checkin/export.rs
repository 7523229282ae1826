//! The attendance sheet as files, written by the shared `tabular` writer.
use super::sheet_types::Sheet;
use crate::error::AppError;
use crate::i18n::t;
use crate::tabular::{self, Cell, Table};

fn records(sheet: &Sheet) -> Vec<[String; 8]> {
    sheet
        .rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.phone.clone(),
                r.school.clone().unwrap_or_default(),
                r.checked_in
                    .clone()
                    .unwrap_or_else(|| t::SHEET_ABSENT.to_owned()),
                r.checked_out.clone().unwrap_or_default(),
                r.method.clone().unwrap_or_default(),
                r.flags
                    .iter()
                    .map(String::as_str)
                    .chain((!r.counted).then_some(t::SHEET_UNCONFIRMED))
                    .collect::<Vec<_>>()
                    .join("；"),
                r.correction.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

pub fn file_stem(sheet: &Sheet) -> String {
    t::sheet_file(&sheet.class_name, &sheet.title)
}

/// The sheet as a table: the XLSX names the class, session and time on its first line.
pub fn sheet_table(sheet: &Sheet) -> Table {
    Table {
        title: Some(format!(
            "{} · {} · {}",
            sheet.class_name, sheet.title, sheet.when
        )),
        rows: records(sheet)
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
        widths: vec![(2, 24.0)],
        ..Table::new(t::SHEET_HEADER)
    }
}

pub fn sheet_csv(sheet: &Sheet) -> Result<Vec<u8>, AppError> {
    tabular::csv(&sheet_table(sheet))
}

pub fn sheet_xlsx(sheet: &Sheet) -> Result<Vec<u8>, AppError> {
    tabular::xlsx(&sheet_table(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::SheetRow;

    fn sheet() -> Sheet {
        Sheet {
            session_id: 1,
            class_id: 1,
            can_correct: true,
            title: "上午".into(),
            class_name: "一班".into(),
            when: "11月29日 08:30–11:30".into(),
            rows: vec![
                SheetRow {
                    trainee_id: 1,
                    name: "李晓梅".into(),
                    phone: "138****8000".into(),
                    school: Some("泉江中学".into()),
                    checked_in: Some("08:57".into()),
                    checked_out: None,
                    method: Some("扫码".into()),
                    flags: vec!["迟到".into()],
                    present: true,
                    correction: None,
                    counted: true,
                    flagged: true,
                },
                SheetRow {
                    trainee_id: 2,
                    name: "王芳".into(),
                    phone: "139****9000".into(),
                    school: None,
                    checked_in: None,
                    checked_out: None,
                    method: None,
                    flags: vec![],
                    present: false,
                    correction: None,
                    counted: false,
                    flagged: false,
                },
            ],
            present: 1,
            flagged: 1,
        }
    }

    #[test]
    fn the_csv_has_a_bom_a_header_and_one_line_per_trainee() {
        let bytes = sheet_csv(&sheet()).unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "姓名,手机号,学校,签到时间,签退时间,方式,标记,更正原因"
        );
        assert_eq!(lines[1], "李晓梅,138****8000,泉江中学,08:57,,扫码,迟到,");
        assert_eq!(
            lines[2],
            "王芳,139****9000,,缺勤,,,承训单位自建，待县区确认（不计入）,"
        );
    }

    #[test]
    fn the_xlsx_reads_back_with_the_same_cells() {
        use calamine::{Reader, Xlsx};
        let bytes = sheet_xlsx(&sheet()).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get_value((2, 0)).unwrap().to_string(), "李晓梅");
        assert_eq!(range.get_value((3, 3)).unwrap().to_string(), "缺勤");
    }
}
