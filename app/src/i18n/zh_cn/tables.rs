//! The tables people upload and download: the annex import's messages and every export's
//! column headers.

// The programme's annex tables (admin import)
pub fn err_header(expected: &str) -> String {
    format!("表头应为：{expected}")
}

pub fn err_columns(expected: usize, found: usize) -> String {
    format!("应有 {expected} 列，实际 {found} 列")
}

pub const ERR_NO_ROWS: &str = "文件中没有数据行";
pub const ERR_COUNTY_EMPTY: &str = "县区名称为空";

pub fn err_county_duplicate(name: &str) -> String {
    format!("县区“{name}”重复")
}

pub fn err_category(category: &str, expected: &str) -> String {
    format!("类别“{category}”无效，应为：{expected}")
}

pub fn err_headcount(cell: &str) -> String {
    format!("人数“{cell}”不是正整数")
}

pub fn err_row_repeats(first: usize) -> String {
    format!("与第 {first} 行完全相同（重复的行会多算一个项目和它的名额）")
}

pub const ERR_PROJECT_EMPTY: &str = "项目名称和实施范围不能为空";

// Any uploaded table (roster, platform log)
pub fn err_table_too_big(mb: usize) -> String {
    format!("文件太大：请上传不超过 {mb} MB 的表格。")
}

pub fn err_table_too_long(rows: usize) -> String {
    format!("表格超过 {rows} 行，请拆分后分别上传。")
}

// Export headers
pub const SHEET_HEADER: [&str; 8] = [
    "姓名",
    "手机号",
    "学校",
    "签到时间",
    "签退时间",
    "方式",
    "标记",
    "更正原因",
];
pub const SHEET_ABSENT: &str = "缺勤";

pub fn sheet_file(class_name: &str, title: &str) -> String {
    format!("签到表-{class_name}-{title}")
}

pub const CREDITS_HEADER: [&str; 10] = [
    "姓名",
    "手机号",
    "学校",
    "县区",
    "项目",
    "班级",
    "线下学时",
    "线上学时",
    "总学时",
    "是否达标",
];
pub const YES: &str = "是";
pub const NO: &str = "否";
