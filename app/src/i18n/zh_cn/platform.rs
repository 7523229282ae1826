//! The read API's tokens (admin page) and its error messages.
pub const TOKENS_TITLE: &str = "数据接口令牌";
pub const TOKENS_HINT: &str = "省级平台用令牌读取本系统的项目数据（只读）。令牌只在创建时显示一次，请立即复制交给对方；丢失后撤销并重新创建。";
pub const TOKENS_NONE: &str = "还没有令牌。";
pub const TOKEN_NAME: &str = "名称（写明给谁用）";
pub const TOKEN_PROGRAMME: &str = "可读取的培训计划";
pub const TOKEN_COUNTY: &str = "限定县区（不选即全省）";
pub const TOKEN_ALL_COUNTIES: &str = "全省";
pub const TOKEN_EXPIRES: &str = "有效期至";
pub const TOKEN_FULL_PHONES: &str = "可读取完整手机号（否则显示为 138****5678）";
pub const TOKEN_CREATE: &str = "创建令牌";
pub const TOKEN_REVOKE: &str = "撤销";
pub const TOKEN_REVOKE_CONFIRM: &str = "撤销后使用该令牌的平台将立即无法读取数据。确定撤销吗？";
pub const TOKEN_LIVE: &str = "有效";
pub const TOKEN_REVOKED: &str = "已撤销";
pub const TOKEN_EXPIRED: &str = "已过期";
pub const TOKEN_NEVER_USED: &str = "从未使用";
pub const TOKEN_LAST_USED: &str = "最近使用";
pub const TOKEN_PHONES_FULL: &str = "完整手机号";
pub const TOKEN_PHONES_MASKED: &str = "手机号打码";
pub const TOKEN_CREATED_TITLE: &str = "令牌已创建";
pub const TOKEN_SHOWN_ONCE: &str =
    "这是该令牌唯一一次显示。请现在复制并安全地交给省级平台；系统只保存它的摘要，之后无法再查看。";
pub const TOKEN_TRY: &str = "试用：";
pub const TOKEN_BACK: &str = "返回管理页";
pub const ERR_TOKEN_NAME: &str = "请填写令牌名称（60 字以内），写明给谁用。";
pub const ERR_TOKEN_PROGRAMME: &str = "请选择令牌可读取的培训计划。";
pub const ERR_TOKEN_COUNTY: &str = "所选县区不存在，请重新选择。";
pub const ERR_TOKEN_EXPIRY: &str = "有效期请填写今天之后、一年以内的日期，如 2023-03-31。";
pub const ERR_API_TOKEN: &str =
    "缺少有效的令牌：请在 Authorization 头中以 Bearer 方式提供未过期、未撤销的令牌。";
pub const ERR_API_CURSOR: &str = "cursor 参数不对：请原样传回上一页返回的 next_cursor。";
pub const ERR_API_LIMIT: &str = "limit 参数请填写 1 到 200 之间的整数。";
pub const ERR_API_QUERY: &str =
    "查询参数无法识别：cursor 和 limit 各最多一个，且须是合法的 URL 编码。";
pub const TOKEN_GONE: &str =
    "令牌只在创建后显示一次，此页已无法再次显示。如果没有复制下来，请在管理页撤销它并重新创建。";
pub const TOKEN_WRITES_HOURS: &str =
    "可上报线上平台学时日志（记为“平台核验”；只给省线上研修平台自己用的令牌勾选）";
pub const TOKEN_WRITES: &str = "可上报平台学时";
pub const ERR_TOKEN_READ_ONLY: &str = "这个令牌只能读取数据，不能上报学时。";
