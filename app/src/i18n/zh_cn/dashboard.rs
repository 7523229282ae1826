//! The evaluator's overview, comparisons, class report and their published definitions.

pub const OVERVIEW: &str = "项目总览";
pub fn as_of(at: &str) -> String {
    format!("实时数据，截至 {at}")
}
pub const TOTAL_PROJECTS: &str = "项目";
pub const TOTAL_CLASSES: &str = "培训班";
pub const TOTAL_ENROLLED: &str = "在册学员（人次）";
pub const TOTAL_SESSIONS: &str = "已开展场次";
pub const TOTAL_TODAY: &str = "今日签到";
pub const DEFINITION: &str = "口径";
pub const COUNTY_OTHER: &str = "其他（表外县区或未填）";
pub const COL_CLASSES: &str = "班级";
pub const COL_ENROLLED: &str = "在册";
pub const COL_WARNINGS: &str = "预警";
pub const COL_COUNTY: &str = "县区";
pub const SORT_BY: &str = "排序";
pub const SORT_DEFAULT: &str = "按项目序号";
pub const BY_PROJECT: &str = "各项目";
pub const BY_CONTRACTOR: &str = "承训单位对比";
pub const BY_COUNTY: &str = "县区对比（按学员所在县区）";
pub const COUNTY_SATISFACTION_NOTE: &str =
    "问卷答卷不记录答题人，满意率无法按学员县区拆分：县区表的满意率只来自县级项目中学员全部来自该县区的班级，其余班级的满意率见项目表与承训单位表。";
pub const NO_CLASSES_YET: &str = "还没有培训班数据。";
pub const EXPORT_TABLE: &str = "导出本表";
pub const WARNINGS_LEGEND: &str =
    "红色：低于（或高于）设计阈值；黄色：距阈值 5 个百分点以内（签到异常为 1 个百分点）。";

pub const METRIC_ATTENDANCE: &str = "出勤率";
pub const METRIC_HOURS: &str = "线上学时完成率";
pub const METRIC_RESPONSE: &str = "问卷回收率";
pub const METRIC_SATISFACTION: &str = "满意率";
pub const METRIC_INTEGRITY: &str = "签到异常率";

pub fn sort_label(key: &str) -> &'static str {
    match key {
        "enrolled" => "在册人数（多在前）",
        "attendance" => "出勤率（低在前）",
        "hours" => "学时完成率（低在前）",
        "response" => "回收率（低在前）",
        "satisfaction" => "满意率（低在前）",
        "flags" => "预警（多在前）",
        _ => SORT_DEFAULT,
    }
}

pub const WARN_ATTENDANCE: &str = "出勤率低";
pub const WARN_HOURS: &str = "学时完成率低";
pub const WARN_RESPONSE: &str = "回收率低";
pub const WARN_SATISFACTION: &str = "满意率低";
pub const WARN_INTEGRITY: &str = "签到异常多";

pub fn warn_amber(what: &str) -> String {
    format!("{what}（接近阈值）")
}

/// DESIGN's definitions, printed beside every figure; each takes its red threshold (%).
pub fn def_attendance(red: u32) -> String {
    format!("出勤率 = 有效签到人次 ÷（在册人数 × 已开展场次）。要求签退的场次，签到和签退都有才算出勤；已更正为缺勤的不算。低于 {red}% 为红色预警。")
}

pub const DEF_HOURS: &str = "线上学时完成率 = 已通过与平台核验的线上学时达到项目要求（如 50 学时）的学员 ÷ 在册学员。只统计有线上学时要求的项目。";

pub fn def_response(red: u32) -> String {
    format!("问卷回收率 = 提交问卷人数 ÷ 应答人数（在册且至少签到过一次的学员）。低于 {red}% 为红色预警。")
}

pub fn def_satisfaction(min_responses: u32, red: i32) -> String {
    format!("满意率 = “总体满意度”一题答 4（满意）或 5（很满意）的人数 ÷ 该题有效作答（不含“不适用”）。回收不足 {min_responses} 份的班级不公布、也不计入合计。低于本计划阈值 {red}% 为红色预警。")
}

pub fn def_integrity(red: u32) -> String {
    format!("签到异常率 = 带异常标记（迟到、同一设备多人签到、不在场地范围内）的签到 ÷ 有效签到。高于 {red}% 为红色预警。")
}

pub fn fraction(part: u64, whole: u64) -> String {
    format!(
        "{} / {}",
        super::group_thousands(part as i64),
        super::group_thousands(whole as i64)
    )
}

pub fn withheld_classes(n: u32, min: u32) -> String {
    format!("另有 {n} 个班回收不足 {min} 份，满意率未公布，也未计入上面的合计。")
}

// The class report (evidence pack)
pub const REPORT_TITLE: &str = "班级评估材料";
pub const REPORT_LINK: &str = "班级评估材料（可打印）";
pub const REPORT_PRINT: &str = "打印 / 存为 PDF";
pub const REPORT_SESSIONS: &str = "各场次出勤";
pub const REPORT_SESSION: &str = "场次";
pub const REPORT_PRESENT: &str = "出勤";
pub const REPORT_FLAGGED: &str = "有异常标记";
pub const REPORT_ABSENT: &str = "缺勤";
pub const REPORT_CHART: &str = "分布";
pub const REPORT_HOURS: &str = "线上学时进度";
pub const REPORT_NO_HOURS_REQUIRED: &str = "本项目没有线上学时要求。";
pub const VISIT_EVALUATOR: &str = "评估人";
// The printed pack's last block: the evaluator signs, the contractor confirms.
pub const SIGN_TITLE: &str = "签字确认";
pub const SIGN_EVALUATOR: &str = "评估人（签字）";
pub const SIGN_DATE: &str = "日期";
pub const SIGN_CONTRACTOR: &str = "承训单位确认（签字、盖章）";
pub fn report_generated(at: &str) -> String {
    format!("生成于 {at}")
}
pub fn report_county_note(county: &str) -> String {
    format!("出勤与学时只统计{county}的学员；问卷结果为全班（答卷不记录答题人）。")
}
pub fn report_hours_required(required: i32, pending: &str) -> String {
    format!("项目要求线上 {required} 学时。下图按已通过与平台核验的学时分段统计学员人数；另有 {pending} 学时待审核。")
}
