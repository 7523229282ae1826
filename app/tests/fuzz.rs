//! Every parser of outside input, fed arbitrary input with a fixed budget (issue 13): none
//! panics, none returns more than its bounds allow, and every error names its line. Runs in
//! `cargo test` with proptest's shrinking, so a failure prints the smallest input.
use app::admin::import::{parse_counties, parse_projects};
use app::auth::{local_path, AccessCode, Phone, Pin};
use app::checkin::code::{CheckinCode, TypedCode};
use app::hours::Hours;
use app::tabular::{cells, MAX_COLUMNS, MAX_ROWS};
use proptest::prelude::*;

fn budget() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

/// Short tables of short cells, with the header words a parser looks for mixed in.
fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let cell = prop_oneof![
        Just(String::new()),
        Just("姓名".to_owned()),
        Just("手机号".to_owned()),
        Just("课程".to_owned()),
        Just("学习日期".to_owned()),
        Just("13800138001".to_owned()),
        Just("2022-11-29".to_owned()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(prop::collection::vec(cell, 0..6), 0..12)
}

proptest! {
    #![proptest_config(budget())]

    #[test]
    fn any_bytes_are_a_bounded_table_or_a_chinese_error(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        zip in any::<bool>(),
    ) {
        // Half the inputs claim to be an XLSX (a zip), so the zip path is fuzzed too.
        let input = if zip { [b"PK\x03\x04".as_slice(), &bytes].concat() } else { bytes };
        match cells(&input) {
            Ok(rows) => {
                prop_assert!(rows.len() <= MAX_ROWS);
                prop_assert!(rows.iter().all(|r| r.len() <= MAX_COLUMNS));
            }
            Err(message) => prop_assert!(!message.is_empty() && !message.is_ascii()),
        }
    }

    #[test]
    fn a_roster_table_imports_or_names_each_bad_line(t in table()) {
        match app::training::roster::parse(&t) {
            Ok(rows) => prop_assert!(rows.iter().all(|r| r.line >= 1 && r.line <= t.len())),
            // Each error names a line of the table (1-based), or the line after the header
            // where the first row was expected.
            Err(errors) => prop_assert!(errors
                .iter()
                .all(|e| (1..=t.len() + 1).contains(&e.line) && !e.message.is_empty())),
        }
    }

    #[test]
    fn a_platform_log_names_each_bad_line(t in table()) {
        let (_, errors) = app::hours::platform::parse(&t);
        prop_assert!(errors
            .iter()
            .all(|e| (1..=t.len().max(1)).contains(&e.line) && !e.message.is_empty()));
    }

    #[test]
    fn a_survey_template_reads_or_names_its_line(text in "(\\[[^\\]]{0,6}\\]|[*?]?[^\\n]{0,20}|)(\\n(\\[[^\\]]{0,6}\\]|[*?]?[^\\n]{0,20}|)){0,12}") {
        // A mistake on a line says "第 N 行" with N a line of the text; the others are about
        // the template as a whole, and say so in one of their own words.
        if let Err(err) = app::survey::template::parse(&text) {
            let message = err.to_string();
            match message.strip_prefix("第 ").and_then(|m| m.split_once(" 行：")) {
                Some((n, _)) => {
                    let n: usize = n.parse().unwrap();
                    prop_assert!((1..=text.lines().count()).contains(&n), "{message}");
                }
                None => {
                    use app::i18n::t;
                    let whole = [t::TEMPLATE_NO_LIKERT, t::TEMPLATE_TOO_MANY, t::TEMPLATE_ONE_OVERALL];
                    prop_assert!(whole.iter().any(|w| message.contains(w)), "{message}");
                }
            }
        }
    }

    #[test]
    fn annex_tables_name_the_line_of_each_error(text in "([^\\n]{0,40}\\n){0,10}") {
        let mut errors = vec![];
        parse_counties("附件1.tsv", &text, &mut errors);
        parse_projects("附件2.tsv", &text, &mut errors);
        let lines = text.lines().count().max(1);
        prop_assert!(errors
            .iter()
            .all(|e| (1..=lines).contains(&e.line) && !e.message.is_empty()));
    }

    #[test]
    fn short_inputs_parse_to_their_canonical_form_or_a_chinese_message(s in "\\PC{0,24}") {
        if let Ok(p) = Phone::parse(&s) {
            prop_assert_eq!(p.as_str().len(), 11);
        }
        if let Ok(c) = AccessCode::parse(&s) {
            prop_assert!(c.expose().len() == 6 && c.expose().bytes().all(|b| b.is_ascii_digit()));
        }
        if let Ok(p) = Pin::parse(&s) {
            prop_assert_eq!(p.expose().len(), 6);
        }
        if let Ok(c) = TypedCode::parse(&s) {
            prop_assert!(c.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
        }
        let _ = CheckinCode::parse(&s);
        match Hours::parse(&s) {
            Ok(_) => {}
            Err(message) => prop_assert!(!message.is_ascii()),
        }
    }

    #[test]
    fn login_returns_only_to_a_path_on_this_site(next in "\\PC{0,24}|/[\\t\\n\\r /\\\\a-z.:]{0,12}") {
        let path = local_path(Some(&next));
        prop_assert!(path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'));
        prop_assert!(path.chars().all(|c| c.is_ascii_graphic()));
    }
}
