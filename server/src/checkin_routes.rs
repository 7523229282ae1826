//! Check-in routes outside Leptos: the projector's QR image for browsers without WASM, the
//! roster upload, the attendance sheet files, and the device cookie.
use crate::startup::ServerState;
use app::auth::guard::{cookie, token_from_headers, DeviceId, DEVICE_COOKIE};
use app::auth::{service::user_for_token, Me, Role};
use app::checkin::{code, export, manage, roster};
use app::error::AppError;
use app::i18n::t;
use app::state::AppState;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/qr/session/{id}", get(session_qr))
        .route("/classes/{id}/roster", post(upload_roster))
        .route("/sessions/{id}/sheet.csv", get(sheet_csv))
        .route("/sessions/{id}/sheet.xlsx", get(sheet_xlsx))
}

/// Whoever is behind the request's session cookie, or the redirect to log in.
pub(crate) async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Me, Response> {
    let me = match token_from_headers(headers) {
        Some(token) => user_for_token(&state.read, &token).await.ok().flatten(),
        None => None,
    };
    me.ok_or_else(|| Redirect::to("/login").into_response())
}

/// The contractor behind the request's session cookie, or the response to send instead.
pub(crate) async fn contractor(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Me, i32), Response> {
    let me = caller(state, headers).await?;
    match (me.role, me.contractor_id) {
        (Role::Contractor, Some(id)) => Ok((me, id)),
        _ => Err(error(AppError::Forbidden)),
    }
}

pub(crate) fn error(err: AppError) -> Response {
    (err.status(), err.to_string()).into_response()
}

/// The current step's QR as SVG. The origin comes from the Host the projector used, so the
/// phones in the room reach the same server.
async fn session_qr(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let (_, contractor_id) = match contractor(&state, &headers).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    if let Err(err) = manage::owned_session(&state.db, contractor_id, id).await {
        return error(err);
    }
    let key = code::SessionKey::derive(&state.secret, id);
    let step = code::step_at(app::db::now().timestamp());
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let url = format!(
        "{scheme}://{host}{}",
        code::scan_path(id, step, &key.qr_code(step))
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        code::qr_svg(&url),
    )
        .into_response()
}

/// A plain multipart POST, so the upload works before the WASM arrives; the browser is then
/// sent to the report.
async fn upload_roster(
    State(state): State<AppState>,
    Path(class_id): Path<i32>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (who, (name, bytes)) = match contractor_upload(&state, &headers, multipart, "roster").await
    {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    match roster::import_roster(&state.db, &state.hasher, who, class_id, (&name, &bytes)).await {
        Ok((run, _)) => Redirect::to(&format!("/roster-imports/{run}")).into_response(),
        Err(err) => error(err),
    }
}

/// A contractor's file upload: (user id, contractor id) and the named file, or the response
/// to send instead (login, 403, or a Chinese message that no file came).
pub(crate) async fn contractor_upload(
    state: &AppState,
    headers: &HeaderMap,
    mut multipart: Multipart,
    field_name: &str,
) -> Result<((i32, i32), (String, Vec<u8>)), Response> {
    let (me, contractor_id) = contractor(state, headers).await?;
    match uploaded_file(&mut multipart, field_name).await {
        Some(file) => Ok(((me.user_id, contractor_id), file)),
        None => Err((StatusCode::BAD_REQUEST, t::ERR_ROSTER_NO_FILE).into_response()),
    }
}

/// The named file field of a multipart form, if one with content was sent.
pub(crate) async fn uploaded_file(
    multipart: &mut Multipart,
    field_name: &str,
) -> Option<(String, Vec<u8>)> {
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
    file
}

async fn sheet_csv(state: State<AppState>, id: Path<i32>, headers: HeaderMap) -> Response {
    sheet_file(state, id, headers, "csv").await
}

async fn sheet_xlsx(state: State<AppState>, id: Path<i32>, headers: HeaderMap) -> Response {
    sheet_file(state, id, headers, "xlsx").await
}

async fn sheet_file(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    ext: &str,
) -> Response {
    let me = match caller(&state, &headers).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    if me.role == Role::Trainee {
        return error(AppError::Forbidden);
    }
    let sheet = match manage::sheet_for(&state.read, &me, id).await {
        Ok(sheet) => sheet,
        Err(err) => return error(err),
    };
    let (bytes, mime) = match ext {
        "csv" => (export::sheet_csv(&sheet), "text/csv; charset=utf-8"),
        _ => (
            export::sheet_xlsx(&sheet),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    match bytes {
        Ok(bytes) => attachment(&export::file_stem(&sheet), ext, mime, bytes),
        Err(err) => error(err),
    }
}

/// A download with its Chinese file name (RFC 6266 / 5987: percent-encoded UTF-8).
pub(crate) fn attachment(stem: &str, ext: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let name: String = format!("{stem}.{ext}")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
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

/// Gives every browser a random device id on its first visit. The request carries it onward
/// as an extension, so even the very first page can bind a ticket to it.
pub async fn device_cookie(mut request: Request, next: Next) -> Response {
    if cookie(request.headers(), DEVICE_COOKIE).is_some()
        || request.uri().path().starts_with("/pkg/")
    {
        return next.run(request).await;
    }
    let id = hex::encode(rand::random::<[u8; 16]>());
    request.extensions_mut().insert(DeviceId(id.clone()));
    let mut response = next.run(request).await;
    let value = format!("{DEVICE_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
