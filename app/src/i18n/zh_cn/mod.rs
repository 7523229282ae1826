//! 简体中文 (zh-CN): the only locale today. Each capability keeps its strings in a submodule,
//! re-exported here so pages still write `t::KEY`.
mod checkin;
mod dashboard;
mod hours;
mod nomination;
mod platform;
mod survey;
mod tables;
pub use checkin::*;
pub use dashboard::*;
pub use hours::*;
pub use nomination::*;
pub use platform::*;
pub use survey::*;
pub use tables::*;

pub const APP_NAME: &str = "培训通 Peixun";
pub const APP_TAGLINE: &str = "国培计划 · 签到、学时与满意度";

// Errors
pub const ERR_UNAUTHENTICATED: &str = "请先登录。";
pub const ERR_FORBIDDEN: &str = "您没有权限进行此操作。";
pub const ERR_NOT_FOUND: &str = "找不到您要的内容。";
pub const ERR_PAGE_TIMEOUT: &str = "页面生成超时，请稍后刷新重试。已提交的内容不受影响。";
/// The one-time codes are drawn by the page itself (an island), never through a page load.
pub const ERR_WAIT_FOR_PAGE: &str = "页面尚未加载完成，请稍候再点；激活码只在本页显示一次。";
pub const ERR_BAD_REQUEST: &str = "请求内容不完整或格式不对，请刷新页面后重试。";
pub const ERR_INTERNAL: &str = "服务器出了点问题，请稍后再试。";
pub const ERR_TRANSPORT: &str = "网络不稳定，请检查网络后重试。";
pub const ERR_CROSS_ORIGIN: &str = "请求来源不正确，已拒绝。请从本站页面操作。";
pub fn err_throttled(minutes: u32) -> String {
    format!("尝试次数过多，请 {minutes} 分钟后再试。")
}
pub const ERR_BUSY: &str = "服务器正在读取其他上传的表格，请一分钟后再试；您的文件没有保存。";
pub const ERR_PHONE: &str = "手机号格式不对：请输入 11 位手机号，如 138 0013 8000。";
pub const ERR_ACCESS_CODE: &str = "访问码格式不对：访问码是 6 位数字，见报到通知。";
pub const ERR_BAD_TRAINEE_LOGIN: &str = "手机号或密码不正确。";
pub const ERR_PIN_FORMAT: &str = "密码是 6 位数字。";
pub const ERR_PIN_WEAK: &str =
    "这个密码太容易被猜到（如 123456、000000、112233），请换一个不易被猜到的 6 位数字。";
pub const ERR_PIN_MISMATCH: &str = "两次输入的密码不一致，请重新输入。";
pub const ERR_PIN_IS_CODE: &str = "新密码不能与登录条上的激活码相同，请另选一个。";
pub const ERR_PIN_EXPIRED: &str = "设置密码的时间已过，请重新用登录条上的激活码登录。";
pub const ERR_CODE_USED: &str = "这个激活码已经用过了。请用你设置的密码登录。";
pub const ERR_BAD_STAFF_LOGIN: &str = "用户名或密码不正确。";
pub const ERR_LOGIN_EMPTY: &str = "请输入用户名。";
pub const ERR_PASSWORD_SHORT: &str = "密码至少 10 位。";
pub const ERR_LOGIN_TAKEN: &str = "该用户名已被使用。";
pub const ERR_ROLE: &str = "请选择角色。";
pub const ERR_CONTRACTOR_REQUIRED: &str = "承训单位账号必须选择所属承训单位。";
pub const ERR_NAME_EMPTY: &str = "请输入姓名。";

// Navigation and shell
pub const NAV_HOME: &str = "首页";
pub const NAV_LOGOUT: &str = "退出登录";
pub const LOADING: &str = "正在加载…";
pub const NOT_FOUND_PAGE: &str = "页面不存在。";
pub const BACK_HOME: &str = "返回首页";

// Login
pub const LOGIN_TRAINEE: &str = "学员登录";
pub const LOGIN_TRAINEE_HINT: &str = "用报名手机号和你设置的 6 位密码登录；第一次登录请用登录条上的 6 位激活码，再设置自己的密码。一次登录，整个培训期间有效。";
pub const LOGIN_PHONE: &str = "手机号";
pub const LOGIN_ACCESS_CODE: &str = "密码或激活码";
pub const PIN_TITLE: &str = "设置你的登录密码";
pub const PIN_HINT: &str = "请设置只有你自己知道的 6 位数字密码。设置后，登录条上的激活码作废，以后用手机号和这个密码登录。班主任和任何人都看不到你的密码。";
pub const PIN_NEW: &str = "新密码（6 位数字）";
pub const PIN_AGAIN: &str = "再输一次";
pub const PIN_SUBMIT: &str = "设置密码并登录";
pub const PIN_BUSY: &str = "正在保存…";
pub fn pin_reset_notice(at: &str, by: &str) -> String {
    format!(
        "你的密码已于 {at} 由 {by} 重置。如果不是你本人申请的，请告诉所在县区教育局或评估专家。"
    )
}
pub const LOGIN_STAFF: &str = "工作人员登录（承训单位、评估专家、管理员）";
pub const LOGIN_USERNAME: &str = "用户名";
pub const LOGIN_PASSWORD: &str = "密码";
pub const LOGIN_SUBMIT: &str = "登录";
pub const LOGIN_BUSY: &str = "正在登录…";

// Roles
pub const ROLE_ADMIN: &str = "管理员";
pub const ROLE_EVALUATOR: &str = "评估专家";
pub const ROLE_CONTRACTOR: &str = "承训单位";
pub const ROLE_TRAINEE: &str = "学员";

// Trainee home
pub const MY_CLASSES: &str = "我的培训班";
pub const MY_CLASSES_EMPTY: &str = "您还没有被编入培训班。如有疑问，请联系承训单位的班主任。";
pub const CLASS_DATES: &str = "日期";
pub const CLASS_VENUE: &str = "地点";
pub const CLASS_HEAD_TEACHER: &str = "班主任";
pub const TODAY: &str = "今天有课";

// Contractor home
pub const MY_PROJECTS: &str = "我的项目";
pub const MY_PROJECTS_EMPTY: &str = "本单位还没有中标项目。项目由管理员导入年度计划后出现。";
pub const CLASSES_COUNT: &str = "培训班";

// Evaluator home
pub const PROGRAMME_PROJECTS: &str = "项目总览";
pub const FILTER_SEARCH: &str = "项目名称";
pub const FILTER_MODE: &str = "培训方式";
pub const FILTER_SCOPE: &str = "实施范围";
pub const FILTER_CONTRACTOR: &str = "中标单位";
pub const FILTER_ALL: &str = "全部";
pub const FILTER_NO_CONTRACTOR: &str = "未定（未中标）";
pub const FILTER_APPLY: &str = "筛选";
pub const FILTER_RESET: &str = "清除";
pub const COL_PROJECT: &str = "项目";
pub const COL_HEADCOUNT: &str = "人数";
pub const COL_SCOPE: &str = "范围";
pub const COL_MODE: &str = "方式";
pub const COL_DURATION: &str = "时长";
pub const COL_CONTRACTOR: &str = "承训单位";
pub const NO_PROGRAMME: &str = "还没有导入年度计划。请管理员在“导入计划”中上传附件表格。";
pub const NO_MATCH: &str = "没有符合条件的项目。";
pub fn projects_summary(count: usize, places: i64) -> String {
    format!("共 {count} 个项目，{} 个培训名额", group_thousands(places))
}
pub const COUNTY_SCOPE_NOTE: &str = "仅显示实施范围包含本县区的项目。";

// Scope
pub const SCOPE_PROVINCE: &str = "全省";

// Admin
pub const ADMIN_TITLE: &str = "管理";
pub const IMPORT_TITLE: &str = "导入年度计划";
pub const IMPORT_HINT: &str = "上传通知附件 1（项目表）和附件 2（县区表），制表符分隔的 UTF-8 或 GB18030 文本。重复导入同一文件不会产生重复数据。";
pub const IMPORT_PROGRAMME: &str = "计划名称";
pub const IMPORT_YEAR: &str = "年度";
pub const IMPORT_PROJECTS_FILE: &str = "项目表（附件 1）";
pub const IMPORT_COUNTIES_FILE: &str = "县区表（附件 2）";
pub const IMPORT_SUBMIT: &str = "导入";
pub const IMPORT_REPORT: &str = "导入报告";
pub const IMPORT_FAILED: &str = "文件有错误，未导入任何数据。请修改后重新上传：";
pub const IMPORT_ROWS: &str = "导入项目";
pub const IMPORT_PLACES: &str = "培训名额合计";
pub const IMPORT_NO_CONTRACTOR: &str = "未定承训单位的项目";
pub const IMPORT_COUNTIES: &str = "县区";
pub const IMPORT_NEW_CONTRACTORS: &str = "新建承训单位";
pub const IMPORT_UNKNOWN_COUNTIES: &str = "县区表中没有的县名（请核对）";
pub const IMPORT_ALIAS_PAIRS: &str = "疑似同一单位的不同写法（请决定是否合并）";
pub const IMPORT_ALIAS_NONE: &str = "未发现疑似重名的承训单位。";
pub const IMPORT_LINES: &str = "行";
pub const IMPORT_RECENT: &str = "最近导入";
pub const IMPORT_NONE_YET: &str = "还没有导入记录。";
pub const IMPORT_CHANGED: &str = "新增或变更项目";
pub const MERGE_INTO: &str = "合并到";
pub const USERS_TITLE: &str = "用户";
pub const USERS_CREATE: &str = "新建工作人员账号";
pub const USERS_CREATED: &str = "账号已创建。";
pub const USER_DISPLAY_NAME: &str = "姓名";
pub const USER_ROLE: &str = "角色";
pub const USER_SCOPE: &str = "所属";
pub const USER_COUNTY_OPTIONAL: &str = "县区（省级评估专家不选）";
pub const USER_CONTRACTOR: &str = "承训单位";
pub const USER_NONE: &str = "无";
pub const SAVE: &str = "保存";

/// 108610 -> "108,610", the way the notice prints places.
pub fn group_thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn places_are_grouped_by_thousands_as_the_notice_prints_them() {
        assert_eq!(super::group_thousands(108_610), "108,610");
        assert_eq!(super::group_thousands(60), "60");
        assert_eq!(super::group_thousands(1_000_000), "1,000,000");
    }
}
