//! Reading the tables people upload: CSV as Excel or WPS saves it on Chinese Windows, or
//! XLSX.
use crate::i18n::t;

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
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx_cells(bytes);
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(|c| c.trim().to_owned()).collect())
                .map_err(|e| t::err_roster_csv(e.position().map_or(0, |p| p.line() as usize)))
        })
        .collect()
}

fn xlsx_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| t::ERR_ROSTER_XLSX.to_owned())?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or_else(|| t::ERR_ROSTER_XLSX.to_owned())?
        .map_err(|_| t::ERR_ROSTER_XLSX.to_owned())?;
    // Rows keep their sheet line numbers even when the sheet starts lower down.
    let first = sheet.start().map_or(0, |(row, _)| row as usize);
    let mut rows = vec![Vec::new(); first];
    rows.extend(
        sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string().trim().to_owned()).collect()),
    );
    Ok(rows)
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
}
