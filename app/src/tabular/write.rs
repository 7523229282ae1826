//! One writer for every CSV and XLSX we hand out. CSV carries a BOM, so Excel and WPS on
//! Chinese Windows read it as UTF-8. Text that a spreadsheet would take for a formula (a
//! roster name like `=HYPERLINK(…)`) is written with a leading `'` in CSV (OWASP, "CSV
//! Injection"); XLSX cells are typed, so text stays text there.
use crate::error::AppError;
use crate::ui::percent;

pub enum Cell {
    Text(String),
    Count(u64),
    /// A figure written as `text` in CSV and as the number in XLSX, so sheets can sum it.
    Number(f64, String),
    /// A rate: as the page prints it in CSV, as a number formatted as percent in XLSX.
    Rate(Option<f64>),
}

pub struct Table {
    /// A first line in XLSX naming what the sheet is; CSV files start with the header.
    pub title: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// (column, width in characters) for columns that need more room in XLSX.
    pub widths: Vec<(u16, f64)>,
}

impl Table {
    pub fn new(header: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Table {
            title: None,
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            widths: Vec::new(),
        }
    }
}

/// A text cell that a spreadsheet would read as a formula gets a leading `'`.
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

pub fn csv(table: &Table) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| AppError::internal("write csv", e);
    out.write_record(table.header.iter().map(|h| guard_formula(h).into_owned()))
        .map_err(fail)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|c| match c {
            Cell::Text(s) => guard_formula(s).into_owned(),
            Cell::Count(n) => n.to_string(),
            Cell::Number(_, text) => text.clone(),
            Cell::Rate(r) => percent(*r),
        }))
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal("finish csv", e))
}

pub fn xlsx(table: &Table) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal("write xlsx", e);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let pct = Format::new().set_num_format("0.0%");
    let mut r = 0;
    if let Some(title) = &table.title {
        ws.write_string(r, 0, title).map_err(fail)?;
        r += 1;
    }
    for (col, h) in table.header.iter().enumerate() {
        ws.write_string(r, col as u16, h).map_err(fail)?;
    }
    for row in &table.rows {
        r += 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, col, s).map(|_| ()),
                Cell::Count(n) => ws.write_number(r, col, *n as f64).map(|_| ()),
                Cell::Number(x, _) => ws.write_number(r, col, *x).map(|_| ()),
                Cell::Rate(Some(x)) => ws.write_number_with_format(r, col, *x, &pct).map(|_| ()),
                Cell::Rate(None) => ws.write_string(r, col, "—").map(|_| ()),
            }
            .map_err(fail)?;
        }
    }
    for &(col, width) in &table.widths {
        ws.set_column_width(col, width).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        let mut t = Table::new(["姓名", "学时", "出勤率"]);
        t.rows.push(vec![
            Cell::Text(name.to_owned()),
            Cell::Number(2.5, "2.5".to_owned()),
            Cell::Rate(Some(0.5)),
        ]);
        t
    }

    #[test]
    fn a_cell_that_would_start_a_formula_is_quoted_in_csv() {
        for evil in ["=HYPERLINK(\"http://x\",\"点我\")", "+1", "-1", "@SUM(A1)"] {
            let bytes = csv(&table(evil)).unwrap();
            let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
            let line = text.lines().nth(1).unwrap();
            assert!(line.starts_with("\"'") || line.starts_with('\''), "{line}");
        }
        let text = String::from_utf8(csv(&table("李晓梅")).unwrap()[3..].to_vec()).unwrap();
        assert_eq!(text.lines().nth(1), Some("李晓梅,2.5,50.0%"));
    }

    #[test]
    fn xlsx_keeps_text_as_text_and_figures_as_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = xlsx(&table("=1+1")).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("=1+1".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(2.5)));
    }
}
