//! Reading the tables people upload: CSV as Excel or WPS saves it on Chinese Windows, or
//! XLSX. Every reader is bounded before it allocates: a file of at most `MAX_BYTES`, whose
//! zip parts unpack to at most `MAX_UNPACKED`, read cell by cell into at most `MAX_ROWS` lines
//! of `MAX_COLUMNS` cells. A 1.5 KB XLSX naming cells A1 and XFD1048576 once made calamine's
//! dense range ask for 512 GiB and abort the whole server (issue 13).
use crate::i18n::t;

/// The largest upload read: a roster of a few thousand lines is well under 1 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most an XLSX's parts may unpack to (a zip bomb unpacks to gigabytes).
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// Lines of a table, header included: more than any class or platform log.
pub const MAX_ROWS: usize = 20_000;
/// Cells per line that are kept; columns further right are never ours.
pub const MAX_COLUMNS: usize = 40;

/// Decodes an uploaded table: UTF-8 (with or without BOM) or, failing that, GB18030 as Excel
/// on a Chinese Windows saves it.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Reads an XLSX (by its zip signature) or a CSV in UTF-8 or GB18030 into rows of cells.
pub fn cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if bytes.len() > MAX_BYTES {
        return Err(t::err_table_too_big(MAX_BYTES / (1024 * 1024)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx_cells(bytes);
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| t::err_roster_csv(e.position().map_or(0, |p| p.line() as usize)))?;
        if rows.len() == MAX_ROWS {
            return Err(t::err_table_too_long(MAX_ROWS));
        }
        rows.push(
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(|c| c.trim().to_owned())
                .collect(),
        );
    }
    Ok(rows)
}

/// The first sheet, read cell by cell from the XML stream (never as a dense range), so the
/// memory used follows the cells that exist, within the bounds above.
fn xlsx_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Reader, Xlsx};
    let unreadable = |_| t::ERR_ROSTER_XLSX.to_owned();
    if unpacked_size(bytes).ok_or_else(|| t::ERR_ROSTER_XLSX.to_owned())? > MAX_UNPACKED {
        return Err(t::err_table_too_big(MAX_BYTES / (1024 * 1024)));
    }
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| t::ERR_ROSTER_XLSX.to_owned())?;
    let mut reader = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        // Rows keep their sheet line numbers even when the sheet starts lower down.
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        if col >= MAX_COLUMNS {
            continue;
        }
        // Blank cells far down (a template's formulas giving "") are not lines.
        let text = calamine::Data::from(cell.get_value().clone()).to_string();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if row >= MAX_ROWS {
            return Err(t::err_table_too_long(MAX_ROWS));
        }
        if rows.len() <= row {
            rows.resize(row + 1, Vec::new());
        }
        let line = &mut rows[row];
        if line.len() <= col {
            line.resize(col + 1, String::new());
        }
        line[col] = text.to_owned();
    }
    Ok(rows)
}

/// The total size the zip's parts declare they unpack to, or `None` if it is no zip.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    (0..archive.len()).try_fold(0u64, |sum, i| {
        Some(sum.saturating_add(archive.by_index_raw(i).ok()?.size()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_gb18030_files_decode_to_the_same_text() {
        let text = "county\tcity\n遂川县\t吉安市\n";
        let gb = encoding_rs::GB18030.encode(text).0.into_owned();
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&gb), text);
        assert_eq!(decode(&bom), text);
    }

    fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for &(row, col, text) in cells {
            ws.write_string(row, col, text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_sheet_naming_its_last_cell_is_refused_without_allocating_it() {
        // A1 and XFD1048576: a dense range of this sheet is 2^34 cells.
        let bytes = xlsx(&[(0, 0, "姓名"), (1_048_575, 16_383, "x")]);
        assert!(bytes.len() < 10_000);
        assert_eq!(cells(&bytes), Ok(vec![vec!["姓名".to_owned()]]));
        let far_down = xlsx(&[(0, 0, "姓名"), (1_048_575, 0, "x")]);
        assert_eq!(cells(&far_down), Err(t::err_table_too_long(MAX_ROWS)));
    }

    #[test]
    fn cells_keep_their_sheet_lines_and_far_columns_are_dropped() {
        let bytes = xlsx(&[
            (2, 0, "姓名"),
            (2, 1, "手机号"),
            (3, 0, "李晓梅"),
            (3, 500, "x"),
        ]);
        let rows = cells(&bytes).unwrap();
        assert_eq!(rows.len(), 4);
        assert!(rows[0].is_empty() && rows[1].is_empty());
        assert_eq!(rows[2], ["姓名", "手机号"]);
        assert_eq!(rows[3], ["李晓梅"]);
    }

    #[test]
    fn a_csv_longer_than_the_bound_is_refused() {
        let csv = "姓名,手机号\n".repeat(MAX_ROWS + 1);
        assert_eq!(cells(csv.as_bytes()), Err(t::err_table_too_long(MAX_ROWS)));
        let wide = vec!["x"; MAX_COLUMNS + 10].join(",");
        assert_eq!(cells(wide.as_bytes()).unwrap()[0].len(), MAX_COLUMNS);
    }

    #[test]
    fn a_file_over_the_size_bound_is_refused_before_it_is_read() {
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(cells(&big).is_err());
    }
}
