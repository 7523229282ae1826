//! Routes outside Leptos: health, the programme upload, and the cross-origin guard.
use crate::http::{Caller, ServerState};
use app::admin::{service::import_programme, service::ImportInput, IMPORT_UPLOAD_PATH};
use app::auth::Role;
use app::error::AppError;
use app::i18n::t;
use app::state::AppState;
use axum::extract::{Multipart, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/health", get(health))
        .route(IMPORT_UPLOAD_PATH, post(upload_programme))
}

async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ok".into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// A plain multipart POST so the upload works before the WASM arrives; the result is a run
/// whose report page the browser is sent to.
async fn upload_programme(
    State(state): State<AppState>,
    Caller(me): Caller,
    multipart: Multipart,
) -> Response {
    if me.role != Role::Admin {
        return AppError::Forbidden.into_response();
    }
    let form = match UploadForm::read(multipart).await {
        Ok(form) => form,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    let input = ImportInput {
        programme: &form.programme,
        year: form.year.trim().parse().unwrap_or(0),
        projects_file: (&form.projects.0, &form.projects.1),
        counties_file: (&form.counties.0, &form.counties.1),
    };
    match import_programme(&state.db, input, Some(me.user_id)).await {
        Ok((run_id, _)) => Redirect::to(&format!("/admin/imports/{run_id}")).into_response(),
        Err(err) => err.into_response(),
    }
}

#[derive(Default)]
struct UploadForm {
    programme: String,
    year: String,
    projects: (String, Vec<u8>),
    counties: (String, Vec<u8>),
}

impl UploadForm {
    async fn read(mut multipart: Multipart) -> Result<UploadForm, &'static str> {
        const BAD: &str = "上传的表单不完整，请重新选择文件后再试。";
        let mut form = UploadForm::default();
        while let Some(field) = multipart.next_field().await.map_err(|_| BAD)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().unwrap_or(&name).to_owned();
            let bytes = field.bytes().await.map_err(|_| BAD)?.to_vec();
            match name.as_str() {
                "programme" => form.programme = String::from_utf8_lossy(&bytes).into_owned(),
                "year" => form.year = String::from_utf8_lossy(&bytes).into_owned(),
                "projects" => form.projects = (file_name, bytes),
                "counties" => form.counties = (file_name, bytes),
                _ => {}
            }
        }
        if form.projects.1.is_empty() || form.counties.1.is_empty() {
            return Err("请同时选择项目表和县区表两个文件。");
        }
        Ok(form)
    }
}

/// Refuses state-changing requests from another origin (OWASP CSRF cheat sheet: verify
/// Origin, and Fetch Metadata where the browser sends it). Requests without either header
/// come from non-browser clients, which carry no ambient cookies to abuse.
pub async fn refuse_cross_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(uri = %request.uri(), "refused a cross-origin request");
    (StatusCode::FORBIDDEN, t::ERR_CROSS_ORIGIN).into_response()
}

fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if get("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    match (get(header::ORIGIN.as_str()), get(header::HOST.as_str())) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn same_host_origin_is_allowed_and_another_is_not() {
        assert!(same_origin(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn fetch_metadata_cross_site_is_refused_even_without_origin() {
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(same_origin(&headers(&[])));
    }
}
