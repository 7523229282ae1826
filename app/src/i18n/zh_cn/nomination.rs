//! 调训: places, nominations and confirmations (issue 34).
pub const ERR_PLACES: &str = "名额应为 0 到 100000 之间的整数。";
pub fn err_unknown_county(name: &str) -> String {
    format!("找不到县区“{name}”，请按附件中的县区名称填写。")
}
pub fn err_county_not_in_project(name: &str) -> String {
    format!("{name}不在本项目的实施范围内。")
}
pub fn err_places_over(headcount: i32, others: i32) -> String {
    format!("超出项目名额：本项目共 {headcount} 个名额，其他县区已分配 {others} 个。")
}
pub fn err_over_places(places: i32, before: i32) -> String {
    format!("超出本县区名额：分配 {places} 个，已提名 {before} 人。请减少名单或联系省级管理员调整名额。")
}
pub const ERR_ALREADY_CONFIRMED: &str = "该学员已确认，无需再次确认。";
pub const NOMINATIONS: &str = "调训名单";
pub const NOMINATIONS_HINT: &str = "按省里分配的名额提名本县区参训教师。提名后为未激活的教师打印调训通知（含一次性激活码），由县区发给教师本人；承训单位看不到激活码。";
pub const PLACES: &str = "名额分配";
pub const PLACES_COUNTY: &str = "县区";
pub const PLACES_GIVEN: &str = "名额";
pub const PLACES_USED: &str = "已提名";
pub const PLACES_EMPTY: &str = "尚未分配名额。";
pub const PLACES_SAVE: &str = "保存名额";
pub const NOMINATE: &str = "提名一位教师";
pub const NOMINATE_SAVE: &str = "提名";
pub const NOMINATE_FILE: &str =
    "导入调训名单（CSV 或 Excel：姓名、手机号、学校、县区、学科、学段、是否乡村学校）";
pub const NOMINATE_IMPORT: &str = "导入名单";
pub const NOMINEES_EMPTY: &str = "还没有提名学员。";
pub const RURAL: &str = "乡村学校";
pub const PENDING: &str = "承训单位自建学员（待确认补录）";
pub const PENDING_HINT: &str = "以下学员不在调训名单中，由承训单位自行加入班级。确认前不计入任何统计、不能登录。请核实确为本县区派出的教师后确认。";
pub const PENDING_EMPTY: &str = "没有待确认的学员。";
pub const PENDING_CLAIMED: &str = "承训单位填写的姓名";
pub const PENDING_KNOWN: &str = "本平台登记的姓名";
pub const CONFIRM: &str = "确认补录";
pub const CLASS_NAME: &str = "班级";
pub fn nomination_done(nominated: usize, already: usize, confirmed: usize) -> String {
    format!("已提名 {nominated} 人（{already} 人此前已在名单中；{confirmed} 个承训单位自建记录随之确认）。")
}
pub fn unconfirmed(n: u64) -> String {
    format!("未确认学员 {n} 人（不计入）")
}
pub const NOMINATED: &str = "已提名。";
pub const NOMINEE_SCHOOL: &str = "学校";
pub const NOMINEE_SUBJECT: &str = "学科";
pub const NOMINEE_STAGE: &str = "学段";
pub const SLIPS_TITLE: &str = "调训通知（学员登录条）";
pub const ROSTER_STATE_HINT: &str = "学员由县区按调训名单派出，登录条（一次性激活码）由县区打印发放，承训单位看不到激活码，也不能重置密码。不在调训名单中的学员记为“承训单位自建”，县区确认补录前不计入任何统计。";
/// A file's error for a message line: "第 3 行 手机号：…".
pub fn cell_error(line: usize, column: &str, message: &str) -> String {
    match line {
        0 => message.to_owned(),
        line => format!("第 {line} 行 {column}：{message}"),
    }
}
pub const SHEET_UNCONFIRMED: &str = "承训单位自建，待县区确认（不计入）";
pub const ERR_DISPUTE_SUBJECT: &str = "异议的对象不对，请从页面上的“有异议”按钮提交。";
pub const ERR_DISPUTE_NOTE: &str = "请写明异议的理由（500 字以内）。";
pub const ERR_DISPUTE_TWICE: &str = "这条记录你已经提出过异议，县区和省里会核实。";
pub const DISPUTE: &str = "有异议";
pub const DISPUTE_NOTE: &str = "异议理由";
pub const DISPUTE_SEND: &str = "提交异议";
pub const DISPUTED: &str = "已提出异议，等待县区和省里核实";
pub const DISPUTE_HINT: &str = "记录与事实不符时提交，县区教育局和省里都能看到。";
pub fn correction_note(who: &str, when: &str, why: &str, present: bool) -> String {
    let what = if present {
        "更正为出勤"
    } else {
        "更正为缺勤"
    };
    format!("{who} 于 {when} {what}：{why}")
}
pub fn disputes(n: u64) -> String {
    format!("学员异议 {n} 条")
}
pub const DISPUTES_TITLE: &str = "学员异议";
pub const DISPUTES_EMPTY: &str = "没有学员异议。";
pub const MANUAL_PRESENT: &str = "人工更正为出勤";
pub const DISPUTE_ON_SESSION: &str = "出勤";
pub const DISPUTE_ON_HOURS: &str = "学时";
pub const HOURS_BY_SOURCE: &str = "已计入学时按来源";
pub const ERR_NOMINEE_OTHER_COUNTY: &str =
    "该手机号的教师属于其他县区或已由省里派出，本县区不能提名；如确需调整，请联系省级管理员。";
pub fn shared_activations(n: u64) -> String {
    format!("可疑激活 {n} 人（激活所用手机也登录过工作人员账号或激活过其他学员）")
}
