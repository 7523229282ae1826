//! Reading the annual notice's annex tables (see shared/seed-data/README.md): pure functions,
//! no database, so every quirk of the real 2022 files is unit-tested.
pub use super::types::LineError;
use crate::i18n::t;
use serde::{Deserialize, Serialize};

pub const PROJECT_HEADER: [&str; 7] = [
    "name",
    "trainees",
    "mode",
    "duration",
    "headcount",
    "scope",
    "contractor",
];
pub const COUNTY_HEADER: [&str; 4] = ["county", "city", "category", "category_en"];
pub const COUNTY_CATEGORIES: [&str; 3] = ["示范县", "项目县", "振兴帮扶县"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyRow {
    pub name: String,
    pub city: Option<String>,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Province,
    Category(String),
    Counties(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    /// 1-based line in the file, kept so reports can point at it.
    pub line: usize,
    pub name: String,
    pub trainees: String,
    pub mode: String,
    pub duration: Duration,
    pub headcount: i32,
    pub scope: Scope,
    pub scope_text: String,
    pub contractor: Option<String>,
}

/// The duration text and what could be read from it; None where the text does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    pub text: String,
    pub onsite_days: Option<i32>,
    pub online_hours: Option<i32>,
}

/// Splits a TSV into trimmed cells, checking the header and the column count of every row.
fn rows<'a>(
    file: &str,
    text: &'a str,
    header: &[&str],
    errors: &mut Vec<LineError>,
) -> Vec<(usize, Vec<&'a str>)> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let err = |line, message: String| LineError {
        file: file.to_owned(),
        line,
        message,
    };
    match lines.next() {
        Some((_, first)) if first.split('\t').map(str::trim).eq(header.iter().copied()) => {}
        _ => {
            errors.push(err(1, t::err_header(&header.join("、"))));
            return vec![];
        }
    }
    let mut out = vec![];
    for (line, raw) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let cells: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if cells.len() != header.len() {
            errors.push(err(line, t::err_columns(header.len(), cells.len())));
            continue;
        }
        out.push((line, cells));
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(err(2, t::ERR_NO_ROWS.to_owned()));
    }
    out
}

pub fn parse_counties(file: &str, text: &str, errors: &mut Vec<LineError>) -> Vec<CountyRow> {
    let mut seen = std::collections::HashSet::new();
    let mut out = vec![];
    for (line, cells) in rows(file, text, &COUNTY_HEADER, errors) {
        let err = |message: String| LineError {
            file: file.to_owned(),
            line,
            message,
        };
        let (name, city, category) = (cells[0], cells[1], cells[2]);
        if name.is_empty() {
            errors.push(err(t::ERR_COUNTY_EMPTY.to_owned()));
        } else if !COUNTY_CATEGORIES.contains(&category) {
            errors.push(err(t::err_category(
                category,
                &COUNTY_CATEGORIES.join("、"),
            )));
        } else if !seen.insert(name) {
            errors.push(err(t::err_county_duplicate(name)));
        } else {
            let city = (!city.is_empty()).then(|| city.to_owned());
            out.push(CountyRow {
                name: name.to_owned(),
                city,
                category: category.to_owned(),
            });
        }
    }
    out
}

pub fn parse_projects(file: &str, text: &str, errors: &mut Vec<LineError>) -> Vec<ProjectRow> {
    let mut out = vec![];
    // A row that repeats an earlier one exactly would become one more project and inflate
    // the places total without a word: it is refused, naming the line it repeats.
    let mut seen: std::collections::HashMap<Vec<&str>, usize> = std::collections::HashMap::new();
    for (line, cells) in rows(file, text, &PROJECT_HEADER, errors) {
        if let Some(first) = seen.get(&cells) {
            errors.push(LineError {
                file: file.to_owned(),
                line,
                message: t::err_row_repeats(*first),
            });
            continue;
        }
        seen.insert(cells.clone(), line);
        let err = |message: String| LineError {
            file: file.to_owned(),
            line,
            message,
        };
        let headcount = match cells[4].replace(',', "").parse::<i32>() {
            Ok(n) if n > 0 => n,
            _ => {
                errors.push(err(t::err_headcount(cells[4])));
                continue;
            }
        };
        if cells[0].is_empty() || cells[5].is_empty() {
            errors.push(err(t::ERR_PROJECT_EMPTY.to_owned()));
            continue;
        }
        out.push(ProjectRow {
            line,
            name: cells[0].to_owned(),
            trainees: cells[1].to_owned(),
            mode: cells[2].to_owned(),
            duration: parse_duration(cells[3]),
            headcount,
            scope: parse_scope(cells[5]),
            scope_text: cells[5].to_owned(),
            contractor: (!cells[6].is_empty()).then(|| cells[6].to_owned()),
        })
    }
    out
}

pub fn parse_scope(text: &str) -> Scope {
    match text.trim() {
        "全省" => Scope::Province,
        category if COUNTY_CATEGORIES.contains(&category) => Scope::Category(category.to_owned()),
        list => Scope::Counties(
            list.split(['、', ',', '，'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
    }
}

/// Reads on-site days and online hours out of texts like "线下集中 7 天+线上 50 学时" or
/// "集中学习 4 天+评测实践(30 天)+2 天总结展示". Rules, each from a row of the 2022 annex:
/// parenthesised remarks do not count (practice at school, which year is where); a second
/// year ("第2年…") is a later training, not this one; minimums ("不少于10天") count as stated.
pub fn parse_duration(text: &str) -> Duration {
    let compact: String = strip_parentheses(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let first_year = compact.split("第2年").next().unwrap_or_default();
    let (mut days, mut hours) = (None, None);
    for (number, unit) in numbers_with_units(first_year) {
        if unit.starts_with('天') {
            *days.get_or_insert(0) += number;
        } else if unit.starts_with("学时") {
            *hours.get_or_insert(0) += number;
        }
    }
    Duration {
        text: text.to_owned(),
        onsite_days: days,
        online_hours: hours,
    }
}

fn strip_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each run of digits with the text that follows it.
fn numbers_with_units(text: &str) -> Vec<(i32, &str)> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits_end = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |i| start + i);
        if let Ok(n) = rest[start..digits_end].parse() {
            out.push((n, &rest[digits_end..]));
        }
        rest = &rest[digits_end..];
    }
    out
}

/// Pairs of names that look like one body spelled two ways: one is the other with a short
/// insertion inside it, e.g. 北京继教网教育科技有限公司 / 北京继教网教育科技发展有限公司.
/// An insertion at the very end ("北京师范大学" + "珠海分校") is a different body, so it is not
/// reported.
pub fn alias_candidates(names: &[String]) -> Vec<(String, String)> {
    let mut pairs = vec![];
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let (short, long) = if a.chars().count() <= b.chars().count() {
                (a, b)
            } else {
                (b, a)
            };
            if is_inner_insertion(short, long) {
                pairs.push((short.clone(), long.clone()));
            }
        }
    }
    pairs.sort();
    pairs
}

fn is_inner_insertion(short: &str, long: &str) -> bool {
    let (s, l): (Vec<char>, Vec<char>) = (short.chars().collect(), long.chars().collect());
    let extra = l.len().saturating_sub(s.len());
    if s.len() < 6 || !(1..=4).contains(&extra) {
        return false;
    }
    let prefix = s.iter().zip(&l).take_while(|(x, y)| x == y).count();
    let suffix = s
        .iter()
        .rev()
        .zip(l.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix > 0 && suffix > 0 && prefix + suffix >= s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days_hours(text: &str) -> (Option<i32>, Option<i32>) {
        let d = parse_duration(text);
        (d.onsite_days, d.online_hours)
    }

    #[test]
    fn duration_reads_days_and_hours_from_the_annex_wordings() {
        assert_eq!(
            days_hours("线下集中 7 天+线上 50 学时"),
            (Some(7), Some(50))
        );
        assert_eq!(
            days_hours("每年线下集中 7 天(第 1 年省内、第 2 年省外)+线上 50 学时"),
            (Some(7), Some(50))
        );
        assert_eq!(days_hours("线上 50 学时"), (None, Some(50)));
        assert_eq!(days_hours("线下集中不少于8天"), (Some(8), None));
        assert_eq!(days_hours("集中3天+访学2天+实训3 天"), (Some(8), None));
        assert_eq!(
            days_hours("每年线下集中不少于10天, 工作坊研修不少于50学时"),
            (Some(10), Some(50))
        );
        assert_eq!(
            days_hours("线下集中7天+工作坊上50 学时"),
            (Some(7), Some(50))
        );
    }

    #[test]
    fn duration_ignores_parenthesised_practice_and_the_second_year() {
        assert_eq!(
            days_hours("集中学习 4 天+评测实践(30 天)+2 天总结展示"),
            (Some(6), None)
        );
        assert_eq!(
            days_hours("集中10天+工作坊研修50 学时，第2年7天访学"),
            (Some(10), Some(50))
        );
    }

    #[test]
    fn duration_keeps_the_original_text() {
        assert_eq!(parse_duration("线下集中 5 天").text, "线下集中 5 天");
    }

    #[test]
    fn scope_is_province_category_or_named_counties() {
        assert_eq!(parse_scope("全省"), Scope::Province);
        assert_eq!(
            parse_scope("振兴帮扶县"),
            Scope::Category("振兴帮扶县".into())
        );
        assert_eq!(
            parse_scope("上犹县、乐安县"),
            Scope::Counties(vec!["上犹县".into(), "乐安县".into()])
        );
    }

    #[test]
    fn contractor_spelled_with_an_inserted_word_is_an_alias_candidate() {
        let names: Vec<String> = [
            "北京继教网教育科技有限公司",
            "北京继教网教育科技发展有限公司",
            "北京师范大学",
            "北京师范大学珠海分校",
            "北京教育学院",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            alias_candidates(&names),
            vec![(
                "北京继教网教育科技有限公司".to_owned(),
                "北京继教网教育科技发展有限公司".to_owned()
            )]
        );
    }

    #[test]
    fn malformed_rows_are_reported_with_their_line_numbers() {
        let text = "name\ttrainees\tmode\tduration\theadcount\tscope\tcontractor\n\
                    好项目\t教师\t集中培训\t线下集中5天\t100\t全省\t\n\
                    缺列\t教师\t集中培训\n\
                    人数错\t教师\t集中培训\t线下集中5天\t一百\t全省\t\n";
        let mut errors = vec![];
        let rows = parse_projects("p.tsv", text, &mut errors);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert!(errors[0].message.contains("应有 7 列"));
        assert!(errors[1].message.contains("一百"));
    }

    #[test]
    fn a_row_repeating_an_earlier_one_is_refused_with_both_lines() {
        let mut errors = vec![];
        let row = "乡村教师培训\t初中教师\t线下\t线下集中 7 天\t100\t全省\t甲大学";
        let text = format!("{}\n{row}\n{row}\n", PROJECT_HEADER.join("\t"));
        let rows = parse_projects("p.tsv", &text, &mut errors);
        assert_eq!(rows.len(), 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[0].message, t::err_row_repeats(2));
    }

    #[test]
    fn a_wrong_header_is_refused_on_line_one() {
        let mut errors = vec![];
        parse_counties("c.tsv", "县\t市\n遂川县\t吉安市\n", &mut errors);
        assert_eq!(errors[0].line, 1);
    }
}
