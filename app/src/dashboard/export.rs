//! Every dashboard table as CSV (with a BOM, for Excel on Chinese Windows) and XLSX. Rates
//! are written as the page prints them in CSV, and as numbers formatted as percent in XLSX,
//! beside the counts they were computed from.
use super::metrics_types::{Counts, Line};
use super::types::ProjectList;
use crate::tabular::{Cell, Table};

fn figure_header() -> Vec<String> {
    [
        "班级数",
        "在册",
        "出勤人次",
        "应出勤人次",
        "出勤率",
        "学时达标人数",
        "有学时要求的在册人数",
        "线上学时完成率",
        "提交问卷",
        "应答人数",
        "问卷回收率",
        "总体满意（4-5 分）",
        "总体有效作答",
        "满意率",
        "签到",
        "异常签到",
        "预警",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn figure_cells(c: &Counts, warnings: String) -> Vec<Cell> {
    use Cell::{Count, Rate, Text};
    vec![
        Count(u64::from(c.classes)),
        Count(c.enrolled),
        Count(c.attended),
        Count(c.expected),
        Rate(c.attendance()),
        Count(c.hours_complete),
        Count(c.hours_enrolled),
        Rate(c.hours_completion()),
        Count(c.responses),
        Count(c.eligible),
        Rate(c.response_rate()),
        Count(u64::from(c.overall.counts[3] + c.overall.counts[4])),
        Count(u64::from(c.overall.valid())),
        Rate(c.satisfaction()),
        Count(c.checkins),
        Count(c.flagged),
        Text(warnings),
    ]
}

fn warning_text(w: &[super::metrics_types::Warning]) -> String {
    w.iter().map(|w| w.label()).collect::<Vec<_>>().join("；")
}

pub fn projects_table(list: &ProjectList) -> Table {
    let mut header: Vec<String> = ["序号", "项目", "承训单位", "方式", "范围"]
        .map(str::to_owned)
        .to_vec();
    header.extend(figure_header());
    let rows = list
        .projects
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::Count(p.seq.max(0) as u64),
                Cell::Text(p.name.clone()),
                Cell::Text(p.contractor.clone().unwrap_or_default()),
                Cell::Text(p.mode.clone()),
                Cell::Text(p.scope.clone()),
            ];
            row.extend(figure_cells(&p.counts, warning_text(&p.warnings)));
            row
        })
        .collect();
    Table {
        rows,
        ..Table::new(header)
    }
}

pub fn lines_table(first: &str, lines: &[Line]) -> Table {
    let mut header = vec![first.to_owned()];
    header.extend(figure_header());
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![Cell::Text(l.name.clone())];
            row.extend(figure_cells(&l.counts, warning_text(&l.warnings)));
            row
        })
        .collect();
    Table {
        rows,
        ..Table::new(header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::Counts;
    use crate::tabular::{csv, xlsx};

    fn line() -> Line {
        Line {
            id: Some(1),
            name: "南昌县".to_owned(),
            counts: Counts {
                classes: 2,
                enrolled: 80,
                expected: 240,
                attended: 200,
                ..Counts::default()
            },
            warnings: vec![],
        }
    }

    #[test]
    fn csv_prints_rates_as_the_page_does_beside_their_counts() {
        let bytes = csv(&lines_table("县区", &[line()])).unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let mut lines = text.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("县区,班级数,在册,出勤人次,应出勤人次,出勤率"));
        assert!(lines
            .next()
            .unwrap()
            .starts_with("南昌县,2,80,200,240,83.3%,0,0,—"));
    }

    #[test]
    fn xlsx_is_a_workbook() {
        let bytes = xlsx(&lines_table("县区", &[line()])).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
