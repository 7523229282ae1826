//! Strings for satisfaction surveys.

pub const SURVEY_TITLE: &str = "培训满意度问卷";
pub const SURVEY_MINE: &str = "满意度问卷";
pub const SURVEY_WINDOW: &str = "填写时间";
pub const SURVEY_ANSWER: &str = "填写问卷";
pub const SURVEY_ANONYMOUS: &str =
    "问卷匿名：系统只记录你是否已提交，不记录哪份答卷是你的。承训单位和评估专家只能看到 5 份以上答卷的汇总。";
pub const SURVEY_SUBMIT: &str = "提交问卷";
pub const SURVEY_PREV: &str = "上一组";
pub const SURVEY_NEXT: &str = "下一组";
pub const SURVEY_OPTIONAL: &str = "（选填）";
pub const SURVEY_THANKS: &str = "问卷已提交，谢谢你的反馈！你的回答以匿名方式保存。";
pub const SURVEY_ANSWERED: &str = "你已提交过本问卷，每人只能提交一次。谢谢你的反馈！";
pub const SURVEY_LOGIN_FIRST: &str = "请先用手机号和访问码登录，再填写问卷。";
pub const SURVEY_TRAINEES_ONLY: &str = "问卷只能由参训学员填写。";
pub const SURVEY_UNCONFIRMED: &str =
    "你在本班的报名尚待所在县区确认（承训单位自行加入的学员），确认后才能填写问卷。";
pub const SURVEY_NOT_ON_ROSTER: &str =
    "你不在本班学员名单中，不能填写本班问卷。如有疑问请联系班主任。";
pub const SURVEY_NOT_ATTENDED: &str =
    "本问卷只请参加过现场培训的学员填写：系统里还没有你在本班的签到记录。如果你来了但漏签，请联系班主任补签。";
pub const ERR_LIKERT: &str = "答案无效：请在“很满意”到“很不满意”或“不适用”中选一项。";
pub fn survey_not_yet_open(at: &str) -> String {
    format!("问卷尚未开放，将于 {at} 开始填写。")
}
pub fn survey_closed(at: &str) -> String {
    format!("问卷已于 {at} 截止，不能再填写。")
}
pub fn survey_unanswered(group: usize, name: &str, item: usize) -> String {
    format!("还有题目没有作答：第 {group} 组“{name}”的第 {item} 题。")
}
pub fn survey_text_too_long(max: usize) -> String {
    format!("文字回答最多 {max} 字，请精简后再提交。")
}
/// Before the page's script counts answers (it writes "已答 n / N 题" in the same place).
pub fn survey_total(all: usize) -> String {
    format!("共 {all} 题，请逐题作答")
}
pub fn survey_group_of(n: usize, all: usize) -> String {
    format!("第 {n} / {all} 组")
}

// The contractor's survey page
pub const SURVEY_NONE_YET: &str = "本班还没有开放问卷。选好模板后保存即可开放。";
pub const SURVEY_OPEN: &str = "开放问卷";
pub const SURVEY_CHANGE: &str = "修改问卷";
pub const SURVEY_OPEN_HINT: &str =
    "填写时间按省里的统一规则：从本班最后一次现场培训开始，到结业后若干天截止，承训单位不能提前或推迟截止。签到过至少一次的学员会在首页看到问卷；也可以在教室投屏下面的二维码。已有学员作答后不能更换模板。";
pub const SURVEY_TEMPLATE: &str = "问卷模板";
pub const SURVEY_RULE_WINDOW: &str = "填写时间（省统一规则）";
pub const NON_RESPONDERS_WAIT: &str =
    "未填写名单在回收份数为 5 的倍数时显示（保护已填写学员的匿名）。";
pub const SURVEY_TEMPLATE_MISSING: &str = "所选问卷模板不存在，请刷新页面后重选。";
pub const SURVEY_TEMPLATE_LOCKED: &str = "已有学员作答，不能再更换问卷模板。";
pub const SURVEY_STATUS_PENDING: &str = "未开始";
pub const SURVEY_STATUS_OPEN: &str = "填写中";
pub const SURVEY_STATUS_CLOSED: &str = "已截止";
pub const SURVEY_ROOM_QR: &str = "教室投屏二维码";
pub fn survey_counts(responses: u32, eligible: u32) -> String {
    format!("已回收 {responses} 份 / 应答 {eligible} 人（签到过至少一次的学员）")
}

// Results
pub const SURVEY_RESULTS: &str = "问卷结果";
pub const SURVEY_PROJECT_SCOPE: &str = "项目汇总（各班合并）";
pub const SURVEY_ELIGIBLE: &str = "应答人数";
pub const SURVEY_RESPONSES: &str = "回收份数";
pub const SURVEY_RESPONSE_RATE: &str = "回收率";
pub const SURVEY_CLASS: &str = "培训班";
pub const SURVEY_OVERALL_RATE: &str = "总体满意率";
pub fn survey_withheld_short(min: u32) -> String {
    format!("不足 {min} 份")
}
pub const SURVEY_OVERALL: &str = "总体满意率";
pub const SURVEY_BY_DIMENSION: &str = "分维度结果";
pub const SURVEY_ITEM: &str = "维度 / 题目";
pub const SURVEY_SATISFACTION: &str = "满意率";
pub const SURVEY_MEAN: &str = "均值";
pub const SURVEY_VALID: &str = "有效作答";
pub const SURVEY_NA: &str = "不适用";
pub const SURVEY_DISTRIBUTION: &str = "分布（很不满意 → 很满意，灰色为不适用）";
pub const SURVEY_NO_COMMENTS: &str = "暂无文字意见。";
pub fn survey_withheld(responses: u32, min: u32) -> String {
    format!("已回收 {responses} 份，不足 {min} 份。为保护学员匿名，结果暂不公布。")
}
pub fn survey_left_out(n: u32, min: u32) -> String {
    format!("另有 {n} 个班回收不足 {min} 份，未计入项目汇总（否则可由汇总反推出这些班的结果）。")
}
pub fn survey_stepping(step: u32, published: Option<String>) -> String {
    match published {
        Some(at) => format!(
            "问卷进行中：结果每新增 {step} 份更新一次，本次结果公布于 {at}。截止后全部计入。"
        ),
        None => format!("问卷进行中：结果每新增 {step} 份更新一次，尚未公布。截止后全部计入。"),
    }
}
pub const SURVEY_CLOSED_FINAL: &str =
    "问卷已截止且已有学员作答，结果已定，不能再修改时间或重新开放（否则可由前后结果之差推出个人答卷）。";
pub const STUFFING_TITLE: &str = "答卷真实性";
pub const STUFFING_ANSWERED: &str = "已提交人数";
pub const STUFFING_FLAGGED: &str = "可疑答卷";
pub const STUFFING_SHARED: &str = "同一手机代多人提交";
pub const STUFFING_RESET: &str = "班期内被重置密码的学员提交";
pub const STUFFING_NO_CHECKIN: &str = "无现场签到的学员提交";
pub const STUFFING_RESETS: &str = "本班密码重置次数";
pub fn stuffing_definition(red: u32) -> String {
    format!("口径：可疑答卷 = 已提交的学员中，满足以下任一条的人数：提交所用手机也为本班其他学员提交过；其密码在开班至问卷截止期间被承训单位重置过；在本班没有有效的现场签到。超过已提交人数的 {red}% 时标红。只统计人数，不显示姓名，也不与答卷内容关联。")
}
pub const DEFINITIONS_TITLE: &str = "指标口径";
pub const SURVEY_DEFINITIONS: [(&str, &str); 5] = [
    ("应答人数", "在本班名单中、且至少有一次有效签到的学员人数。"),
    ("回收率", "回收份数 ÷ 应答人数。"),
    ("满意率", "选“满意”（4 分）或“很满意”（5 分）的人数 ÷ 有效作答人数；选“不适用”的不计入分子和分母。维度满意率把该维度各题的作答合并计算。"),
    ("均值", "有效作答的平均分，1（很不满意）到 5（很满意），不含“不适用”。总体满意率取“总体满意度”题，与各维度并列展示。"),
    ("匿名保护", "回收不足 5 份的班级不公布结果；项目汇总只合并已公布的班级。答卷不记录填写人和具体时间。"),
];

// Templates (admin)
pub const TEMPLATES_TITLE: &str = "问卷模板";
pub const TEMPLATES_HINT: &str =
    "每行一题。[维度名] 开始一组五级量表题；行首加 * 表示总体评价题；[单选] 下每行写“题目｜选项｜选项”；[问答] 下为文字题。已被问卷使用的模板修改后会生成新版本，已有答卷仍对应原题。";
pub const TEMPLATE_EDIT: &str = "修改";
pub const TEMPLATE_ADD: &str = "新增模板";
pub const TEMPLATE_NAME: &str = "模板名称";
pub const TEMPLATE_TEXT: &str = "题目";
pub const TEMPLATE_NAME_EMPTY: &str = "请填写模板名称。";
pub const TEMPLATE_EMPTY_SECTION: &str = "方括号里没有维度名";
pub const TEMPLATE_NO_SECTION: &str = "题目前面需要先写 [维度名]";
pub const TEMPLATE_CHOICES: &str = "单选题要写成“题目｜选项｜选项”，至少两个选项";
pub const TEMPLATE_OVERALL_KIND: &str = "只有五级量表题能标为总体评价（*）";
pub const TEMPLATE_PROMPT_LENGTH: &str = "题目不能为空，也不能超过 200 字";
pub const TEMPLATE_NO_LIKERT: &str = "模板至少需要一道五级量表题。";
pub const TEMPLATE_TOO_MANY: &str = "一个模板最多 100 道题。";
pub const TEMPLATE_ONE_OVERALL: &str = "只能有一道总体评价题（行首带 *）。";
pub fn template_line_error(line: usize, message: &str) -> String {
    format!("第 {line} 行：{message}。")
}
pub fn template_meta(version: i32, questions: usize, used_by: u64) -> String {
    format!("第 {version} 版 · {questions} 题 · 已用于 {used_by} 个问卷")
}
pub fn template_new_version(version: i32) -> String {
    format!("此模板已被问卷使用：保存后生成第 {version} 版，已有问卷和答卷保持原题不变。")
}

// On-site evaluation visits (线下视导评估)
pub const VISITS_TITLE: &str = "视导评估记录";
pub const VISITS_LIST: &str = "历次视导";
pub const VISITS_EMPTY: &str = "本班还没有视导评估记录。";
pub const VISIT_RECORD: &str = "记录一次视导";
pub const VISIT_DATE: &str = "视导日期";
pub const VISIT_NOTES: &str = "意见与建议";
pub const VISIT_AVERAGE: &str = "平均得分";
pub const VISIT_SAVED: &str = "视导记录已保存。";
pub const ERR_RUBRIC_SCORE: &str = "评分无效：请在 1（不合格）到 5（优秀）之间选择。";
pub const ERR_VISIT_FUTURE: &str = "视导日期不能晚于今天。";
pub fn visit_score_missing(item: &str) -> String {
    format!("请为“{item}”打分。")
}
pub fn err_visit_notes(max: usize) -> String {
    format!("意见与建议最多 {max} 字。")
}

/// For the class's WeChat group: attendees who have not answered the survey (issue 16).
pub fn non_responders_text(class_name: &str, names: &[String]) -> String {
    format!(
        "【{class_name}】尚未填写培训满意度问卷（{} 人）：{}。请尽快填写。",
        names.len(),
        names.join("、")
    )
}
pub const COPY_NON_RESPONDERS: &str = "复制未填写名单（与结果同步，每新增 5 份更新一次）";
