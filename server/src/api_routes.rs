//! `/api/v1`: the read API for the provincial platform (issue 16). Versioned and apart from
//! the UI's server fns, which take cookies and change with the pages. Every answer is JSON
//! with an `ETag`; every error is `application/problem+json` (RFC 9457). A token reaches
//! these GET routes only: the server fns and every write read the session cookie alone
//! (`auth::guard::token_from_headers`), never the `Authorization` header.
use crate::api_doc::{ApiDoc, ListQuery};
use crate::http::{Caller, ServerState};
use app::auth::Role;
use app::dashboard::cache::FiguresCache;
use app::dashboard::service::programme_figures_of;
use app::entities::programme;
use app::error::AppError;
use app::platform::read::{self, page, parse_limit, Cursor};
use app::platform::schema::{self, Keyed, Problem};
use app::platform::token::{self, ApiScope, NewToken};
use app::platform::{NewTokenForm, TokenCreated, TOKEN_CREATE_PATH};
use app::state::AppState;
use axum::extract::{FromRef, FromRequestParts, Path, Query, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use sea_orm::EntityTrait;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use utoipa::OpenApi;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/projects", get(projects))
        .route("/api/v1/projects/{id}/classes", get(classes))
        .route("/api/v1/classes/{id}/sessions", get(sessions))
        .route("/api/v1/classes/{id}/credits", get(credits))
        .route("/api/v1/classes/{id}/survey", get(survey))
        .route("/api/v1/classes/{id}/visits", get(visits))
        .route(TOKEN_CREATE_PATH, post(create_token))
}

/// The caller's token, checked, counted against its rate and audited.
pub struct Token(pub ApiScope);

impl<S: Send + Sync> FromRequestParts<S> for Token
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let state = AppState::from_ref(state);
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        token::authenticate(&state.db, header, parts.uri.path())
            .await
            .map(Token)
            .map_err(|err| problem(&err))
    }
}

/// An error as problem details; the detail is the same Chinese message a page would show.
pub fn problem(err: &AppError) -> Response {
    let status = match err {
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        other => other.status(),
    };
    let detail = match err {
        AppError::Unauthenticated => app::i18n::t::ERR_API_TOKEN.to_owned(),
        other => other.to_string(),
    };
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or_default().into(),
        status: status.as_u16(),
        detail,
    };
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_vec(&body).unwrap_or_default(),
    )
        .into_response();
    let headers = response.headers_mut();
    match err {
        AppError::Unauthenticated => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        AppError::Throttled { minutes } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(minutes * 60));
        }
        _ => {}
    }
    response
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

fn id(raw: &str) -> Result<i32, AppError> {
    raw.parse()
        .map_err(|_| AppError::invalid(app::i18n::t::ERR_NOT_FOUND))
}

fn paging(q: &ListQuery) -> Result<(Cursor, usize), AppError> {
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
    State(figures): State<FiguresCache>,
    Token(scope): Token,
    Query(q): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let (cursor, limit) = paging(&q)?;
        let me = scope.reader();
        // The overview's figures when the token reads the programme the pages show.
        let mut list = figures.get(&state.read, &me).await?;
        if list.programme_id != Some(scope.programme_id) {
            let programme = programme::Entity::find_by_id(scope.programme_id)
                .one(&state.read)
                .await?
                .ok_or(AppError::NotFound)?;
            list = Arc::new(programme_figures_of(&state.read, &me, programme).await?);
        }
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
            Path(raw): Path<String>,
            Query(q): Query<ListQuery>,
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
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async { read::survey(&state.read, &scope, id(&raw)?).await }.await;
    respond(&headers, result)
}

/// The admin's new-token form: a page that shows the token once. Never cached.
async fn create_token(
    State(state): State<AppState>,
    Caller(me): Caller,
    headers: HeaderMap,
    Form(form): Form<NewTokenForm>,
) -> Response {
    if me.role != Role::Admin {
        return AppError::Forbidden.into_response();
    }
    let created = match NewToken::parse(&form, app::time::cst_today()) {
        Ok(new) => token::create(&state.db, &me, new).await,
        Err(err) => Err(err),
    };
    let (status, page) = match created {
        Ok(token) => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1:3000");
            let scheme = if state.secure_cookies {
                "https"
            } else {
                "http"
            };
            let origin = format!("{scheme}://{host}");
            (
                StatusCode::OK,
                render(move || leptos::view! { <TokenCreated token origin /> }),
            )
        }
        Err(err) => {
            let message = err.to_string();
            (
                err.status(),
                render(move || leptos::view! { <app::platform::TokenRefused message /> }),
            )
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

/// A standalone page for a plain form post's answer, escaped by Leptos.
fn render<V: leptos::prelude::RenderHtml + 'static>(view: impl FnOnce() -> V) -> String {
    use leptos::prelude::*;
    let owner = Owner::new();
    let body = owner.with(|| view().to_html());
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body>{body}</body></html>",
        app::i18n::t::APP_NAME
    )
}
