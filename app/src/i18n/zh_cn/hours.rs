//! Online study hours: the trainee's ledger and the contractor's review.

pub const ERR_HOURS_EMPTY: &str = "请填写学时。";
pub const ERR_HOURS_FORMAT: &str = "学时应为数字，如 2 或 2.5。";
pub const ERR_HOURS_STEP: &str = "学时以 0.5 为单位，如 1、1.5、2。";
pub const ERR_HOURS_POSITIVE: &str = "学时应大于 0。";
pub const ERR_HOURS_DAY: &str = "一天最多记录 12 学时。";
pub const ERR_HOURS_FUTURE: &str = "日期不能晚于今天。";
pub const ERR_HOURS_ACTIVITY: &str = "请填写学习内容，如课程名称或研修活动。";
pub const ERR_HOURS_NOT_PENDING: &str = "这条记录已审核，不能再修改或撤回。";
pub fn err_hours_daily_cap(date: &str, already: &str) -> String {
    format!("{date} 已记录 {already} 学时，一天合计不能超过 12 学时。")
}
pub fn err_hours_outside(from: &str, to: &str) -> String {
    format!("日期应在 {from} 至 {to} 之间（本班的研修期）。")
}

pub const HOURS_PENDING: &str = "待审核";
pub const HOURS_APPROVED: &str = "已通过";
pub const HOURS_REJECTED: &str = "未通过";
pub const HOURS_WITHDRAWN: &str = "已撤回";
pub const HOURS_VERIFIED: &str = "平台核验";
pub const HOURS_REPORTED: &str = "承训单位上报";
pub const ERR_HOURS_NONE_SELECTED: &str = "请先勾选要审核的记录。";
pub const ERR_HOURS_REASON: &str = "退回时请填写原因，学员会看到它。";
pub const ERR_HOURS_ALREADY_REVIEWED: &str = "所选记录中有已审核或已撤回的，请刷新页面后重试。";

pub const HOURS_TITLE: &str = "线上学时";
pub const HOURS_ADD: &str = "记录学时";
pub const HOURS_FIELD: &str = "学时";
pub const HOURS_UNIT: &str = "学时";
pub const HOURS_ACTIVITY: &str = "学习内容";
pub const HOURS_NOTE: &str = "备注（可不填）";
pub const HOURS_EMPTY: &str = "还没有学时记录。每次线上学习后记一笔，班主任审核后计入。";
pub const HOURS_WITHDRAW: &str = "撤回";
pub const HOURS_REJECT_REASON: &str = "退回原因";
pub const HOURS_REASON_HINT: &str = "退回时必填，学员会看到";
pub const HOURS_QUEUE: &str = "学时审核";
pub const HOURS_QUEUE_EMPTY: &str = "没有待审核的学时记录。";
pub const HOURS_SELECT: &str = "选择";
pub const HOURS_APPROVE_SELECTED: &str = "通过所选";
pub const HOURS_REJECT_SELECTED: &str = "退回所选";
pub fn hours_progress(approved: &str, pending: &str, required: Option<i32>) -> String {
    match required {
        Some(r) => format!("已通过 {approved} / {r} 学时，待审核 {pending} 学时"),
        None => format!("已通过 {approved} 学时，待审核 {pending} 学时"),
    }
}
pub const HOURS_REVIEWED: &str = "已处理所选记录。";
pub const HOURS_DECISION: &str = "审核结果";
pub const HOURS_SUBMIT_REVIEW: &str = "提交审核";
pub const CREDITS_EXPORT: &str = "导出本班学时（学分登记用）";
pub const CREDITS_EXPORT_PROJECT: &str = "导出本项目全部学员学时（学分登记用）";
pub const ERR_PLATFORM_EMPTY: &str =
    "文件里没有记录。第一行应是表头：手机号、课程、分钟（或学时）、日期。";
pub const ERR_PLATFORM_DURATION_COLUMN: &str = "表头中找不到时长列（“分钟”或“学时”）。";
pub const ERR_PLATFORM_COURSE: &str = "课程为空。";
pub const ERR_PLATFORM_DURATION: &str =
    "时长应为正数，且不少于 0.5 学时（30 分钟）、不超过 12 学时。";
pub const ERR_PLATFORM_NOT_ON_ROSTER: &str = "这个手机号不在本班学员名单中。";
pub const ERR_PLATFORM_APPLIED: &str = "这批记录已经导入过了。";
pub fn err_platform_line(line: usize, message: &str) -> String {
    format!("第 {line} 行：{message}（自报告生成后已有新的学时记录，请重新上传。）")
}
pub const PLATFORM_TITLE: &str = "导入平台学习记录";
pub const PLATFORM_HINT: &str = "上传研修平台导出的 Excel 或 CSV：手机号、课程、分钟（或学时）、日期。导入的记录为“平台核验”，重复导入同一文件不会重复计入。";
pub const PLATFORM_FILE: &str = "平台记录文件";
pub const PLATFORM_UPLOAD: &str = "上传";
pub const PLATFORM_REPORT: &str = "平台学习记录导入结果";
pub const PLATFORM_FAILED: &str =
    "文件有错误，尚未导入任何记录。可以修改后重新上传，或只导入正确的行：";
pub const PLATFORM_PARTIAL: &str = "以下行有错误，未导入：";
pub fn platform_done(added: usize, duplicates: usize) -> String {
    format!("已导入 {added} 条平台核验记录；{duplicates} 条以前已导入，未重复计入。")
}
pub fn platform_apply_good(n: usize) -> String {
    format!("只导入正确的 {n} 行")
}
pub const HOURS_EDIT: &str = "修改";
pub const ERR_EVIDENCE_NONE: &str = "请选择要上传的图片。";
pub fn err_evidence_quota_trainee(limit_mb: String, used_mb: String) -> String {
    format!(
        "您在本班的证明图片已用 {used_mb} MB，每人每班最多 {limit_mb} MB。\
         请压缩图片（微信发送后保存即可）或删去不必要的图片后再上传。"
    )
}
pub fn err_evidence_quota_class(limit_mb: String) -> String {
    format!("本班证明图片已达上限（每班 {limit_mb} MB），暂不能再上传，请联系管理员。")
}
pub const EVIDENCE_SPACE_TITLE: &str = "证明图片占用空间";
pub fn evidence_space_hint(trainee_mb: String, class_mb: String) -> String {
    format!(
        "每人每班最多 {trainee_mb} MB，每班最多 {class_mb} MB。按占用从多到少列出前 50 个班级。"
    )
}
pub fn evidence_space_total(mb: String, classes: usize) -> String {
    format!("共 {mb} MB，{classes} 个班级有证明图片。")
}
pub const EVIDENCE_SPACE_EMPTY: &str = "还没有学员上传证明图片。";
pub const EVIDENCE_SPACE_COLUMNS: [&str; 5] =
    ["项目", "班级", "上传人数", "占用（MB）", "占班级上限"];
pub const ERR_EVIDENCE_COUNT: &str = "每条记录最多 3 张证明图片。";
pub fn err_evidence_size(name: &str) -> String {
    format!("图片不能超过 2 MB：{name}。请压缩或截取后再上传。")
}
pub fn err_evidence_type(name: &str) -> String {
    format!("只能上传图片（JPG、PNG、WebP、GIF）：{name}")
}
pub const EVIDENCE_UPLOAD: &str = "上传证明图片（每张不超过 2 MB）";
pub const EVIDENCE_SUBMIT: &str = "上传";
pub const EVIDENCE_LINK: &str = "证明图片";
pub const RULES_TITLE: &str = "学时认定规则";
pub const RULES_HINT: &str = "用于学时学分登记导出：线下每满一天（4 小时及以上的场次）计多少学时，半天计一半；线上学时是否以项目要求为上限。导入学员名单时，一个班不得超过其容量、一个项目各班合计不得超过计划名额，超出部分以下面的比例为限。";
pub const RULES_DAY_HOURS: &str = "线下一天计学时";
pub const RULES_CAP: &str = "线上学时以项目要求为上限（如 50 学时）";
pub const ERR_DAY_HOURS: &str = "线下一天计学时应为 1 到 12 之间的整数。";
pub const RULES_MARGIN: &str = "学员名单可超出班级容量和项目名额（%）";
pub const ERR_ROSTER_MARGIN: &str = "名单可超出比例应为 0 到 50 之间的整数。";
pub const RULES_SURVEY_DAYS: &str = "问卷在结业后几天截止（0 到 60 天）";
pub const RULES_FIRST_DAY: &str = "本计划班级最早开班日期";
pub const RULES_LAST_DAY: &str = "本计划班级最晚结业日期（两年递进项目可跨年）";
pub const ERR_PROGRAMME_WINDOW: &str =
    "请填写计划的起止日期（如 2022-01-01 和 2023-12-31），结束不早于开始，前后不超过十年。";
pub const ERR_SURVEY_DAYS: &str = "问卷截止天数应为 0 到 60 之间的整数。";
pub fn err_platform_daily_cap(date: &str) -> String {
    format!("{date} 该学员的学时合计将超过 12 学时（一天最多 12 学时）。")
}
