//! What every hand-written route shares: the server's state, the caller as an extractor,
//! errors as responses, uploads and downloads.
//!
//! Which requests are axum routes and which are server fns (ARCHITECTURE.md): bytes in or
//! bytes out (uploads, exports, images, the QR SVG, health) are routes here; everything else
//! is a server fn in the domain's `api.rs`.
use app::auth::{guard::token_from_headers, service::user_for_token, Me, Role};
use app::checkin::writer::CheckinWriter;
use app::error::AppError;
use app::i18n::t;
use app::state::AppState;
use app::tabular::{self, Table};
use axum::extract::{FromRef, FromRequestParts, Multipart};
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::LeptosOptions;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

#[derive(Clone)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
    /// Check-ins are written in group commits by one task (see `checkin::writer`).
    pub checkins: CheckinWriter,
    /// Each read-API token's rate in this process (see `platform::limit`).
    pub api_limiter: app::platform::limit::Limiter,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

/// Whoever is behind the request's session cookie; without one, the browser is sent to log in.
pub struct Caller(pub Me);

impl<S: Send + Sync> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let state = AppState::from_ref(state);
        let me = match token_from_headers(&parts.headers) {
            Some(token) => user_for_token(&state.read, &token).await.ok().flatten(),
            None => None,
        };
        me.map(Caller)
            .ok_or_else(|| Redirect::to("/login").into_response())
    }
}

/// A caller who is contractor staff, with the contractor id every ownership check takes.
pub struct Contractor {
    pub me: Me,
    pub id: i32,
}

impl<S: Send + Sync> FromRequestParts<S> for Contractor
where
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Caller(me) = Caller::from_request_parts(parts, state).await?;
        match (me.role, me.contractor_id) {
            (Role::Contractor, Some(id)) => Ok(Contractor { me, id }),
            _ => Err(AppError::Forbidden.into_response()),
        }
    }
}

/// The named file field of a multipart form, or a Chinese message that no file came.
pub async fn uploaded_file(
    multipart: &mut Multipart,
    field_name: &str,
) -> Result<(String, Vec<u8>), Response> {
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(field_name) {
            let name = field.file_name().unwrap_or(field_name).to_owned();
            match field.bytes().await {
                Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes.to_vec())),
                _ => {}
            }
        }
    }
    file.ok_or_else(|| (StatusCode::BAD_REQUEST, t::ERR_ROSTER_NO_FILE).into_response())
}

/// RFC 5987's attr-char: what stays unencoded in `filename*`.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'_');

/// A download with its Chinese file name (RFC 6266 / 5987: percent-encoded UTF-8).
pub fn attachment(stem: &str, ext: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let name = utf8_percent_encode(&format!("{stem}.{ext}"), ATTR_CHAR).to_string();
    let disposition = format!("attachment; filename=\"export.{ext}\"; filename*=UTF-8''{name}");
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV_MIME: &str = "text/csv; charset=utf-8";

/// A table as the file its extension asks for: `.csv` or `.xlsx`, anything else is 404.
pub fn table_file(stem: &str, ext: &str, table: &Table) -> Result<Response, AppError> {
    let (bytes, mime) = match ext {
        "csv" => (tabular::csv(table)?, CSV_MIME),
        "xlsx" => (tabular::xlsx(table)?, XLSX_MIME),
        _ => return Err(AppError::NotFound),
    };
    Ok(attachment(stem, ext, mime, bytes))
}

/// A server fn whose arguments do not decode never runs, and server_fn answers 500 with
/// `{"Transport":"error deserializing server function arguments: …"}`. That is the caller's
/// mistake, not ours: 400, with the boundary error's Chinese message. Only such framework
/// answers are touched; our own errors carry their status already.
pub async fn bad_arguments_are_400(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are a line of JSON; anything longer is left as it was.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return AppError::Internal.into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    if !(text.starts_with(r#"{"Transport":"#) && text.contains("deserializ")) {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    }
    let error = AppError::invalid(t::ERR_BAD_REQUEST);
    let body = serde_json::to_vec(&error).unwrap_or_default();
    parts.status = StatusCode::BAD_REQUEST;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// How long a page may take before its reader is told to try again. The slowest page
/// measured, the province-year overview computed from scratch, took 9.2 s on PostgreSQL
/// (BENCHMARKS.md); one still rendering after 30 s is stuck (a render that never finished
/// was seen twice in the test suite), and a phone on a weak signal should get an answer
/// it can act on, not a spinner that never ends.
pub const PAGE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

/// Gives up on a GET that has not answered by `deadline`: 503 with `Retry-After` and a
/// Chinese page saying to reload, and an error in the log naming the path. Posts are left
/// alone: an upload on a slow line may take longer, and a write must finish or fail whole.
pub async fn pages_answer_in_time(
    axum::extract::State(deadline): axum::extract::State<std::time::Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() != axum::http::Method::GET {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(
                path,
                "a page did not answer in time; the reader was asked to reload"
            );
            let page = format!(
                "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                 <title>{}</title></head><body><p role=\"alert\">{}</p></body></html>",
                t::APP_NAME,
                t::ERR_PAGE_TIMEOUT
            );
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                axum::response::Html(page),
            )
                .into_response()
        }
    }
}

/// Marks each page request with whom it is for (`app::PageFor`): a staff page that holds an
/// island loads the WASM, a trainee's or a visitor's never does (issue 14: a trainee's first
/// visit within 100 KB), and a trainee's carries the kept-tap script. A session that cannot
/// be read counts as a visitor's; the page works either way. Read on the read pool, so a
/// page never queues behind the check-in writer; files and the API are not pages.
pub async fn hydration(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    let page = request.method() == axum::http::Method::GET
        && !file
        && !["/api/", "/pkg/", "/evidence/", "/qr/", "/health"]
            .iter()
            .any(|p| path.starts_with(p));
    if page {
        let page_for = match token_from_headers(request.headers()) {
            Some(token) => match user_for_token(&state.read, &token).await {
                Ok(Some(me)) if me.role == Role::Trainee => app::PageFor::Trainee(me.user_id),
                Ok(Some(_)) => app::PageFor::Staff,
                _ => app::PageFor::Visitor,
            },
            None => app::PageFor::Visitor,
        };
        request.extensions_mut().insert(page_for);
    }
    next.run(request).await
}

/// How long a browser keeps what we send (issue 14). Files under `/pkg/` carry a hash in their
/// name when the build made one (`hash-files`): they never change, so a phone keeps them a
/// year and a second visit sends only the page. Pages are personal: revalidated each time and
/// never kept by a shared cache; server fn answers are not stored at all. A route that set its
/// own (`no-store` on the QR, `private` on evidence) keeps it.
pub async fn cache_headers(
    axum::extract::State(hashed): axum::extract::State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let immutable = hashed && path.starts_with("/pkg/");
    let api = path.starts_with("/api/");
    let mut response = next.run(request).await;
    // A 304 answer's headers replace the stored ones: it must say immutable too.
    let kept = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let value = if immutable && kept {
        "public, max-age=31536000, immutable"
    } else if api {
        "no-store"
    } else {
        "private, no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(axum::http::HeaderValue::from_static(value));
    response
}

/// The headers every response carries (OWASP Secure Headers). Pages send their own
/// Content-Security-Policy with a nonce per response (`page_policy` in app's shell); everything
/// else gets `app::CSP`, which allows no inline script. The check-in URL holds its
/// code, so no referrer leaves the site (`same-origin`). Not `no-referrer`, even on the scan
/// page: a form posted without JavaScript returns to its Referer, and under `no-referrer`
/// the browser also sends `Origin: null`. No page may be framed (a framed projector or login is a
/// clickjacking target). HSTS is sent only when the public URL is https.
pub fn security_headers(router: axum::Router, https: bool) -> axum::Router {
    use axum::http::HeaderValue;
    use tower_http::set_header::SetResponseHeaderLayer as Set;
    const CSP: &str = app::CSP;
    let router = router
        .layer(Set::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(Set::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(Set::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(Set::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ));
    match https {
        true => router.layer(Set::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        )),
        false => router,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_file_name_is_percent_encoded_as_utf8() {
        let response = attachment("签到表-一班", "csv", CSV_MIME, vec![]);
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition
            .ends_with("filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8-%E4%B8%80%E7%8F%AD.csv"));
    }
}
