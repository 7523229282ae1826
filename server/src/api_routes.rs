//! `/api/v1`: the read API for the provincial platform (issue 16). Versioned and apart from
//! the UI's server fns, which take cookies and change with the pages. Every answer is JSON
//! with an `ETag`; every error is `application/problem+json` (RFC 9457). The token, its rate
//! and the audit are `api_gate`'s; the admin's token forms are `api_tokens`'.
use crate::api_doc::{ApiDoc, ListQuery};
use crate::api_gate::{problem, Token};
use crate::http::ServerState;
use app::dashboard::service::programme_figures_by_id;
use app::error::AppError;
use app::platform::read::{self, page, parse_limit, Cursor};
use app::platform::schema::{self, Keyed};
use app::state::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::OpenApi;

pub fn routes(state: &ServerState) -> Router<ServerState> {
    let reads = Router::new()
        .route("/api/v1/projects", get(projects))
        .route("/api/v1/projects/{id}/classes", get(classes))
        .route("/api/v1/classes/{id}/sessions", get(sessions))
        .route("/api/v1/classes/{id}/credits", get(credits))
        .route("/api/v1/classes/{id}/survey", get(survey))
        .route("/api/v1/classes/{id}/visits", get(visits))
        // The one write: the platform's own log of hours, for a token made writable.
        .route("/api/v1/classes/{id}/platform-hours", post(platform_hours))
        // Anything else under /api/v1 is the API's 404, not the pages', and a token's
        // wrong turn is audited like its other reads.
        .route("/api/v1/{*rest}", any(unknown_path))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::api_gate::gate,
        ));
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .merge(reads)
        .merge(crate::api_tokens::routes())
}

async fn unknown_path() -> Response {
    problem(&AppError::NotFound)
}

/// JSON with a strong `ETag` of its bytes; a matching `If-None-Match` gets 304 and no body,
/// so a platform polling every few minutes moves bytes only when a figure moved.
fn respond<T: Serialize>(request: &HeaderMap, result: Result<T, AppError>) -> Response {
    let body = match result
        .and_then(|v| serde_json::to_vec(&v).map_err(|e| AppError::internal("api json", e)))
    {
        Ok(body) => body,
        Err(err) => return problem(&err),
    };
    let tag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let headers = [
        (header::ETAG, tag.clone()),
        (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        (header::VARY, "Authorization".to_owned()),
    ];
    let matches = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim() == tag || v.trim() == "*");
    if matches {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let mut response = (headers, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The path's id; a segment that is no number (or not even UTF-8) is the caller's 400.
fn id(raw: &Result<Path<String>, PathRejection>) -> Result<i32, AppError> {
    raw.as_ref()
        .ok()
        .and_then(|Path(raw)| raw.parse().ok())
        .ok_or_else(|| AppError::invalid(app::i18n::t::ERR_NOT_FOUND))
}

/// The list's `cursor` and `limit`; a query axum cannot read (a repeated key) is the
/// caller's 400 in Chinese, like any other bad parameter.
fn paging(q: &Result<Query<ListQuery>, QueryRejection>) -> Result<(Cursor, usize), AppError> {
    let Ok(Query(q)) = q else {
        return Err(AppError::invalid(app::i18n::t::ERR_API_QUERY));
    };
    Ok((
        Cursor::parse(q.cursor.as_deref())?,
        parse_limit(q.limit.as_deref())?,
    ))
}

/// The OpenAPI 3.1 document, generated from the handlers and types below (utoipa).
async fn openapi() -> Response {
    axum::Json(ApiDoc::openapi()).into_response()
}

#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", params(ListQuery),
    responses((status = 200, description = "令牌所属培训计划的项目及其指标与预警", body = schema::ProjectPage), crate::api_doc::Errors),
    security(("token" = [])))]
pub async fn projects(
    State(state): State<AppState>,
    Token(scope): Token,
    q: Result<Query<ListQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (cursor, limit) = paging(&q)?;
        let me = scope.reader();
        // The pages' own figures, summed from the kept counts (issue 15).
        let list = programme_figures_by_id(&state.read, &me, scope.programme_id).await?;
        let (items, next_cursor) = page(read::projects(&list), Keyed::key, cursor, limit);
        Ok(schema::ProjectPage { items, next_cursor })
    }
    .await;
    respond(&headers, result)
}

/// The shape of every per-project or per-class list: parse the id and the paging, read, page.
macro_rules! list_handler {
    ($name:ident, $path:literal, $what:literal, $read:path, $page:ident) => {
        #[utoipa::path(get, path = $path, tag = "classes",
            params(("id" = i32, Path), ListQuery),
            responses((status = 200, description = $what, body = schema::$page), crate::api_doc::Errors),
            security(("token" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            Token(scope): Token,
            raw: Result<Path<String>, PathRejection>,
            q: Result<Query<ListQuery>, QueryRejection>,
            headers: HeaderMap,
        ) -> Response {
            let result = async {
                let (cursor, limit) = paging(&q)?;
                let items = $read(&state.read, &scope, id(&raw)?).await?;
                let (items, next_cursor) = page(items, Keyed::key, cursor, limit);
                Ok(schema::$page { items, next_cursor })
            }
            .await;
            respond(&headers, result)
        }
    };
}

list_handler!(
    classes,
    "/api/v1/projects/{id}/classes",
    "项目的班级及其指标与预警",
    read::classes,
    ClassPage
);
list_handler!(
    sessions,
    "/api/v1/classes/{id}/sessions",
    "班级各场次的出勤人数（按唯一的出勤规则）",
    read::sessions,
    SessionPage
);
list_handler!(
    credits,
    "/api/v1/classes/{id}/credits",
    "班级学员的学时记录，供学分登记",
    read::class_credits,
    CreditPage
);
list_handler!(
    visits,
    "/api/v1/classes/{id}/visits",
    "班级的线下视导评估记录",
    read::visits,
    VisitPage
);

#[utoipa::path(get, path = "/api/v1/classes/{id}/survey", tag = "classes", params(("id" = i32, Path)),
    responses((status = 200, description = "班级满意度调查结果，与评估页公布的一致（少于 5 份不公布）", body = schema::SurveyResult), crate::api_doc::Errors),
    security(("token" = [])))]
pub async fn survey(
    State(state): State<AppState>,
    Token(scope): Token,
    raw: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let result = async { read::survey(&state.read, &scope, id(&raw)?).await }.await;
    respond(&headers, result)
}

#[utoipa::path(post, path = "/api/v1/classes/{id}/platform-hours", tag = "classes", params(("id" = i32, Path)),
    request_body(content = String, content_type = "text/csv",
        description = "线上平台的学时日志（CSV 或 Excel）：手机号、课程、分钟或学时、日期"),
    responses((status = 200, description = "无错误时全部记为“平台核验”；有错误时一行也不记，并逐行说明（只限管理员勾选了“可上报平台学时”的令牌）", body = schema::HoursImport), crate::api_doc::Errors),
    security(("token" = [])))]
pub async fn platform_hours(
    State(state): State<AppState>,
    Token(scope): Token,
    raw: Result<Path<String>, PathRejection>,
    body: axum::body::Bytes,
) -> Response {
    let today = app::time::cst_today();
    let result = async {
        app::platform::write::platform_hours(&state.db, &scope, id(&raw)?, &body, today).await
    }
    .await;
    match result {
        Ok(done) => axum::Json(done).into_response(),
        Err(err) => problem(&err),
    }
}
