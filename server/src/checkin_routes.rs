//! Check-in routes outside Leptos: the projector's QR image for browsers without WASM, the
//! roster upload, the attendance sheet files, and the device cookie.
use crate::http::{table_file, uploaded_file, Caller, Contractor, ServerState};
use app::auth::guard::{cookie, DeviceId, DEVICE_COOKIE};
use app::auth::Role;
use app::checkin::{code, export, sheet};
use app::error::AppError;
use app::state::AppState;
use app::training::access::{nominator, owned_session};
use app::training::nomination::nominate;
use app::training::roster::import_roster;
use app::ui::qr_svg;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/qr/session/{id}", get(session_qr))
        .route("/classes/{id}/roster", post(upload_roster))
        .route("/projects/{id}/nominations", post(upload_nominations))
        .route("/sessions/{id}/sheet.{ext}", get(sheet_file))
}

/// The current step's QR as SVG. The origin comes from the Host the projector used, so the
/// phones in the room reach the same server.
async fn session_qr(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    contractor: Contractor,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    owned_session(&state.db, contractor.id, id).await?;
    let key = code::SessionKey::derive(&state.secret, id);
    let step = code::step_at(app::db::now().timestamp());
    let url = format!(
        "{}{}",
        app::auth::guard::origin_of(&headers, state.secure_cookies),
        code::ScanLink::qr(id, step, &key.qr_code(step)).path()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        qr_svg(&url),
    )
        .into_response())
}

/// A plain multipart POST, so the upload works before the WASM arrives; the browser is then
/// sent to the report.
async fn upload_roster(
    State(state): State<AppState>,
    Path(class_id): Path<i32>,
    contractor: Contractor,
    mut multipart: Multipart,
) -> Result<Response, Response> {
    let (name, bytes) = uploaded_file(&mut multipart, "roster").await?;
    let who = (contractor.me.user_id, contractor.id);
    let (run, _) = import_roster(&state.db, who, class_id, (&name, &bytes))
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Redirect::to(&format!("/roster-imports/{run}")).into_response())
}

/// A county's 调训名单 file (issue 34): every row nominated, or none with each error's line.
async fn upload_nominations(
    State(state): State<AppState>,
    Path(project_id): Path<i32>,
    Caller(me): Caller,
    mut multipart: Multipart,
) -> Result<Response, Response> {
    let n = nominator(&me).map_err(IntoResponse::into_response)?;
    let (_, bytes) = uploaded_file(&mut multipart, "nominees").await?;
    let refused = |errors: Vec<app::training::RosterCell>| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| app::i18n::t::cell_error(e.line, &e.column, &e.message))
            .collect();
        AppError::invalid(lines.join("；")).into_response()
    };
    let rows = app::tabular::cells_off_thread(&bytes)
        .await
        .map_err(IntoResponse::into_response)?
        .map_err(|m| AppError::invalid(m).into_response())?;
    let rows = app::training::roster::parse(&rows).map_err(refused)?;
    let report = nominate(&state.db, &n, project_id, rows)
        .await
        .map_err(IntoResponse::into_response)?;
    if !report.errors.is_empty() {
        return Err(refused(report.errors));
    }
    Ok(Redirect::to(&format!("/projects/{project_id}/nominations")).into_response())
}

async fn sheet_file(
    State(state): State<AppState>,
    Path((id, ext)): Path<(i32, String)>,
    Caller(me): Caller,
) -> Result<Response, AppError> {
    if me.role == Role::Trainee {
        return Err(AppError::Forbidden);
    }
    let sheet = sheet::sheet_for(&state.read, &me, id).await?;
    table_file(
        &export::file_stem(&sheet),
        &ext,
        &export::sheet_table(&sheet),
    )
}

/// Gives every browser a random device id on its first visit. The request carries it onward
/// as an extension, so even the very first page can bind a ticket to it.
/// Secure when the public URL is https.
pub async fn device_cookie(
    State(https): State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    if cookie(request.headers(), DEVICE_COOKIE).is_some()
        || request.uri().path().starts_with("/pkg/")
    {
        return next.run(request).await;
    }
    let id = hex::encode(rand::random::<[u8; 16]>());
    request.extensions_mut().insert(DeviceId(id.clone()));
    let mut response = next.run(request).await;
    let secure = if https { "; Secure" } else { "" };
    let value =
        format!("{DEVICE_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
