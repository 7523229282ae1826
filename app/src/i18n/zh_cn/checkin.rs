//! On-site check-in: scan page, projector, classes, sessions, rosters, attendance sheets.

pub const CHECK_IN: &str = "签到";
pub const CHECK_OUT: &str = "签退";
pub const ERR_BAD_KIND: &str = "请选择签到或签退。";

// Code and tap errors: a trainee at the door reads these, so each says what to do next.
pub const ERR_CHECKIN_CODE_BAD: &str = "二维码内容不完整，请重新扫描投影上的二维码。";
pub fn err_typed_code_bad(len: usize) -> String {
    format!("签到码是 {len} 位字母或数字，请对照投影屏幕重新输入。")
}
pub fn err_typed_code_expired(step_secs: i64) -> String {
    format!("这个签到码已过期（每 {step_secs} 秒更换一次），请输入投影上现在显示的签到码。")
}
pub const ERR_TYPED_CODE_WRONG: &str = "签到码不正确，请对照投影屏幕重新输入。";
pub fn err_ticket_expired(ticket_secs: i64) -> String {
    let minutes = ticket_secs / 60;
    format!("扫码已超过 {minutes} 分钟，请重新扫描投影上的二维码，或输入屏幕上的签到码。")
}
pub const ERR_NOT_ON_ROSTER: &str = "您不在本班学员名单中，无法签到。如有疑问，请联系班主任。";
pub const ERR_SESSION_OVER: &str = "本场培训已结束，不能再签到。如确实到场，请联系班主任更正。";
pub const ERR_NO_CHECKOUT: &str = "本场培训不需要签退。";
pub const ERR_CHECKIN_REVOKED: &str = "班主任已更正了您本场的签到记录，如有疑问请联系班主任。";
pub fn err_checkin_not_open(opens: &str) -> String {
    format!("签到尚未开始，将于 {opens} 开放。")
}
pub fn err_checkout_not_open(opens: &str) -> String {
    format!("签退将于 {opens} 开放。")
}

// Scan page
pub fn scan_expired(step_secs: i64, len: usize) -> String {
    format!("这个二维码已过期（二维码每 {step_secs} 秒更换一次）。请重新扫描投影上的二维码，或输入屏幕上的 {len} 位签到码：")
}
pub fn scan_wrong(len: usize) -> String {
    format!("二维码无效。请重新扫描投影上的二维码，或输入屏幕上的 {len} 位签到码：")
}
pub fn scan_missing(len: usize) -> String {
    format!("请输入投影屏幕上二维码下方的 {len} 位签到码：")
}
pub const SCAN_LOGIN_FIRST: &str = "请先登录，登录后回到本页签到。";
pub const SCAN_NOT_TRAINEE: &str = "签到只对学员开放。您当前登录的是工作人员账号。";
pub const SCAN_TYPED_LABEL: &str = "签到码";
pub const SCAN_BUSY: &str = "正在提交…";
pub const SCAN_GEO_NOTE: &str = "本场启用了位置核验：只记录是否在场地范围内，不保存您的位置。";
/// For the class's WeChat group: who has not checked in to this session (issue 16).
pub fn absentees_text(title: &str, names: &[String]) -> String {
    format!(
        "【{title}】尚未签到（{} 人）：{}。请尽快扫码签到。",
        names.len(),
        names.join("、")
    )
}
pub const COPY_ABSENTEES: &str = "复制未签到名单";
pub const COPY: &str = "复制";
pub const COPIED: &str = "已复制，可粘贴到班级群。";
pub fn scan_done(kind: &str, at: &str) -> String {
    format!("{kind}成功 {at}")
}
pub fn scan_already(kind: &str, at: &str) -> String {
    format!("已于 {at} {kind}")
}
pub const SCAN_LATE: &str = "（迟到）";

// My attendance
pub const MY_ATTENDANCE: &str = "我的考勤";
pub const MY_ATTENDANCE_EMPTY: &str = "您的培训班还没有安排场次。";
pub const STATUS_PRESENT: &str = "已签到";
pub const STATUS_ABSENT: &str = "缺勤";
pub const STATUS_UPCOMING: &str = "未开始";
pub const STATUS_ONGOING: &str = "进行中，未签到";
pub const STATUS_NO_CHECKOUT: &str = "已签到，未签退";

/// The sheet and the trainee show flags in words, never as codes.
pub const FLAG_LATE: &str = "迟到";
pub const FLAG_SHARED_DEVICE: &str = "同一手机为多人签到";
pub const FLAG_OUTSIDE_GEOFENCE: &str = "不在场地范围内";
pub const FLAG_NO_POSITION: &str = "未提供位置";
pub const FLAG_DELAYED: &str = "延迟提交";
/// The scan page's words for a tap kept on the phone (issue 14): never "签到成功".
pub const TAP_QUEUED: &str = "已暂存，网络恢复后自动提交";
pub const TAP_QUEUE_SENT: &str = "暂存的签到已提交。";
pub const TAP_SENDING: &str = "正在提交…";
pub const TAP_NOT_KEPT: &str = "网络不通，这部手机也无法暂存签到。请网络恢复后重新点签到。";
pub const ERR_QUEUED_OTHER_TRAINEE: &str =
    "这次暂存的签到是另一位学员在这部手机上点的，不能记在当前登录的账号下，未记录。";
pub const TAP_QUEUE_FAILED: &str = "暂存的签到未被接受：";

/// The sheet's words for a delayed tap: the flag and how long the phone kept it.
pub fn flag_delayed_by(secs: i32) -> String {
    match secs {
        ..=59 => format!("{FLAG_DELAYED} {} 秒", secs.max(0)),
        60..=3599 => format!("{FLAG_DELAYED} {} 分钟", secs / 60),
        _ => format!(
            "{FLAG_DELAYED} {} 小时 {} 分钟",
            secs / 3600,
            secs % 3600 / 60
        ),
    }
}

/// A tap the phone kept arrived after its window closed plus this many minutes (issue 14).
pub fn err_queued_too_late(minutes: i64) -> String {
    format!("这次暂存的签到送达时已超过补交期限（签到或签退截止后 {minutes} 分钟），未记录。请联系承训单位更正考勤。")
}
pub const ERR_QUEUED_UNPROVEN: &str =
    "这次暂存的签到无法核实点击的时间，未记录。请重新打开签到页面签到。";
/// Why a kept tap was refused when the server gave no words of its own.
pub const TAP_QUEUE_REFUSED: &str = "请重新扫码签到，或联系承训单位更正考勤。";
pub const METHOD_QR: &str = "扫码";
pub const METHOD_TYPED: &str = "签到码";
pub const METHOD_MANUAL: &str = "人工更正";

// Classes and sessions (contractor)
pub const FIELD_CLASS_NAME: &str = "班级名称";
pub const FIELD_START_DATE: &str = "开班日期";
pub const FIELD_END_DATE: &str = "结业日期";
pub const FIELD_VENUE: &str = "培训地点";
pub const FIELD_HEAD_TEACHER: &str = "班主任";
pub const FIELD_CAPACITY: &str = "计划人数";
pub const FIELD_SESSION_TITLE: &str = "场次名称";
pub const FIELD_DATE: &str = "日期";
pub const FIELD_STARTS: &str = "开始时间";
pub const FIELD_ENDS: &str = "结束时间";
pub const FIELD_OPENS: &str = "提前开放签到（分钟）";
pub const FIELD_LATE: &str = "开始后多少分钟算迟到";
pub const FIELD_CHECKOUT: &str = "需要签退";
pub const FIELD_GEOFENCE: &str = "场地位置（纬度, 经度，可不填）";
pub const FIELD_RADIUS: &str = "范围半径（米）";
pub const ERR_CLASS_NAME: &str = "请填写班级名称。";
pub const ERR_END_BEFORE_START: &str = "结束不能早于开始，请检查日期和时间。";
/// A class's dates lie within its programme's (issue 35): a mistyped year is refused.
pub fn err_class_outside_programme(first: &str, last: &str) -> String {
    format!("班级日期须在本年度培训计划的起止日期（{first} 至 {last}）之内；计划有变请管理员修改起止日期。")
}
pub const ERR_CAPACITY: &str = "计划人数应为 1 到 5000 之间的整数。";
pub const ERR_SESSION_TITLE: &str = "请填写场次名称，如“11月29日上午：专家讲座”。";
pub const ERR_SESSION_OUTSIDE_CLASS: &str = "场次日期不在本班的开班和结业日期之间。";
pub const ERR_GEOFENCE: &str =
    "场地位置应写成“纬度, 经度”，如 28.6837, 115.8900；半径 20 到 5000 米。";
pub const ERR_REASON_REQUIRED: &str = "请填写更正原因，它会记入操作日志。";
pub fn err_date(field: &str) -> String {
    format!("{field}格式不对，请写成 2022-11-29。")
}
pub fn err_time(field: &str) -> String {
    format!("{field}格式不对，请写成 08:30。")
}
pub fn err_minutes(field: &str) -> String {
    format!("{field}应为 0 到 240 之间的整数。")
}

// Roster import
pub const ERR_ROSTER_XLSX: &str = "无法读取这个 Excel 文件。请另存为 .xlsx 或 .csv 后重新上传。";
pub const ERR_ROSTER_EMPTY: &str =
    "名单里没有学员。第一行应是表头（姓名、手机号、学校、县区、学科、学段），其下每行一名学员。";
pub const ERR_ROSTER_NAME: &str = "姓名为空。";
pub const ERR_ROSTER_STAFF_PHONE: &str = "这个手机号已是工作人员账号的用户名，不能再作为学员账号。";
pub const ERR_ROSTER_RACED: &str =
    "另一份名单正在同时导入同一批学员，本次未导入任何人。请稍后重新导入这份名单。";
pub fn err_roster_csv(line: usize) -> String {
    format!("第 {line} 行附近的 CSV 格式有误（可能是引号不配对），请用 Excel 另存为 CSV 后重试。")
}
pub fn err_roster_column(column: &str) -> String {
    format!("表头中找不到“{column}”列。")
}
pub fn err_roster_duplicate(first: usize) -> String {
    format!("手机号与第 {first} 行重复。")
}
/// A roster that would overfill its class (capacity) or its project (the official places).
pub fn err_roster_over(whole: &str, size: i64, margin: i32, would: i64) -> String {
    let most = size * (100 + i64::from(margin)) / 100;
    format!(
        "{whole} {size} 人，管理员允许超出 {margin}%，最多 {most} 人；导入后将有 {would} 人，已拒绝，未导入任何人。请核对名单或联系管理员。"
    )
}
/// The line column of a problem with the file as a whole.
pub const WHOLE_FILE: &str = "整个文件";
pub const ROSTER_OVER_CLASS: &str = "本班容量";
pub const ROSTER_OVER_PROJECT: &str = "本项目计划名额（各班合计）";
pub const ERR_ROSTER_NO_FILE: &str = "请选择名单文件（.xlsx 或 .csv）后再上传。";

// Projector
pub const PROJECTOR_QR: &str = "签到二维码";
pub const PROJECTOR_TYPED: &str = "扫不了码？打开签到页输入签到码：";
pub const PROJECTOR_MISSING: &str = "尚未签到";
pub const PROJECTOR_ALL_IN: &str = "全部到齐！";
pub fn projector_count(done: u64, of: u64) -> String {
    format!("已签到 {done} / {of}")
}
pub fn projector_countdown(secs: i64) -> String {
    format!("{secs} 秒后更换")
}
pub fn projector_every(secs: i64) -> String {
    format!("二维码每 {secs} 秒更换一次，截图或转发无效")
}
pub const SHEET_TITLE: &str = "签到表";

// Contractor pages
pub const CLASSES_TITLE: &str = "培训班";
pub const CLASSES_EMPTY: &str = "这个项目还没有培训班。用下面的表单新建第一个班。";
pub const CLASS_CREATE: &str = "新建培训班";
pub const SESSIONS_TITLE: &str = "场次";
pub const SESSIONS_EMPTY: &str = "还没有场次。每个半天或一天的现场培训建一个场次，学员按场次签到。";
pub const SESSION_CREATE: &str = "新建场次";
pub const SAVING: &str = "正在保存…";
pub const PROJECTOR_OPEN: &str = "投屏签到";
pub const ROSTER_TITLE: &str = "学员名单";
pub const ROSTER_HINT: &str = "上传 Excel（.xlsx）或 CSV，第一行为表头：姓名、手机号、学校、县区、学科、学段。县区调训名单中的学员直接编入本班；不在调训名单中的记为“承训单位自建”，待其县区确认补录前不计入任何统计、不能登录。有任何错误时整份名单都不导入，并列出错误所在的行和列。";
pub const ROSTER_FILE: &str = "名单文件";
pub const ROSTER_UPLOAD: &str = "上传名单";
pub const ROSTER_CODES: &str = "学员名单与登录状态";
pub const SLIPS_HINT: &str = "新学员第一次登录用登录条上的一次性激活码，登录后自己设置 6 位密码，之后谁也看不到这个密码。激活码只在生成时显示一次，请当场打印；重新生成后，之前打印的未用激活码作废。名单中由其他承训单位建立的账号，本单位不能生成或重置，请联系管理员。";
pub const SLIP_STATE: &str = "登录状态";
pub const SLIP_RESET: &str = "重置密码（生成新激活码）";
pub const SLIP_CODE: &str = "一次性激活码";
pub fn slips_issue(waiting: usize) -> String {
    format!("为未激活学员生成登录条（{waiting} 人）")
}
pub fn slips_printed(n: usize) -> String {
    format!("已生成 {n} 张登录条。激活码只显示这一次，请现在打印（Ctrl+P）。")
}
pub fn slip_state(activated: bool, confirmed: bool) -> &'static str {
    match (activated, confirmed) {
        (_, false) => "承训单位自建，待县区确认（不计入）",
        (true, true) => "已设置密码",
        (false, true) => "未激活（登录条由县区打印）",
    }
}
pub const ERR_RESET_NOT_OURS: &str =
    "该学员账号由其他承训单位建立，本单位不能重置其密码。请学员联系管理员。";
pub const ROSTER_REPORT: &str = "名单导入结果";
pub const ROSTER_FAILED: &str = "名单有错误，未导入任何学员。请在 Excel 中按下表修改后重新上传：";
pub const ROSTER_LINE: &str = "行";
pub const ROSTER_COLUMN: &str = "列";
pub const ROSTER_PROBLEM: &str = "问题";
pub const ROSTER_UNKNOWN_COUNTIES: &str =
    "以下县区名不在年度计划的县区表中，已按原文导入但不计入县区统计：";
pub const ROSTER_EMPTY: &str = "本班还没有学员。请先上传名单。";
pub const BACK_TO_CLASS: &str = "返回培训班";
pub const PRINT_HINT: &str = "用浏览器的“打印”即可打印，每人一条，剪开发放。";
pub const SLIP_HINT: &str =
    "扫码打开登录页，输入这个激活码，再设置只有你知道的 6 位密码。激活码只能用一次。";
pub fn roster_done(enrolled: usize, pending: usize, already: usize) -> String {
    format!("导入完成：县区调训名单中的学员编入本班 {enrolled} 人，已在本班 {already} 人。")
        + &if pending > 0 {
            format!("另有 {pending} 人不在调训名单中，记为“承训单位自建”，待其县区确认补录后才计入各项统计；确认前无法登录。")
        } else {
            String::new()
        }
}
pub fn class_counts(enrolled: u64, capacity: Option<i32>, sessions: u64) -> String {
    match capacity {
        Some(cap) => format!("学员 {enrolled} / {cap} 人 · 场次 {sessions} 个"),
        None => format!("学员 {enrolled} 人 · 场次 {sessions} 个"),
    }
}
pub fn flagged_count(n: u64) -> String {
    format!("{n} 条异常")
}

// Sheet
pub const EXPORT_CSV: &str = "导出 CSV";
pub const EXPORT_XLSX: &str = "导出 Excel";
pub const SHEET_METHOD: &str = "方式";
pub const SHEET_FLAGS: &str = "标记";
pub const SHEET_CORRECT: &str = "更正";
pub const SHEET_CORRECTED: &str = "已更正";
pub const MARK_PRESENT: &str = "补签为出勤";
pub const MARK_ABSENT: &str = "改为缺勤";
pub const CORRECTION_REASON: &str = "更正原因";
pub const TYPED_ENTRY: &str = "扫不了码？输入签到码";
pub fn sheet_summary(present: u64, enrolled: usize, flagged: u64) -> String {
    format!("出勤 {present} / {enrolled} 人，异常标记 {flagged} 条")
}
pub fn scan_expired_login(step_secs: i64, len: usize) -> String {
    format!("这个二维码已过期（二维码每 {step_secs} 秒更换一次）。登录后请重新扫码，或输入投影上的 {len} 位签到码。")
}
pub fn scan_wrong_login(len: usize) -> String {
    format!("二维码无效。登录后请重新扫码，或输入投影上的 {len} 位签到码。")
}
