//! Credit (学时) exports for the registry upload, per class and per project. Contractors get
//! their own classes and admins all, with phones in full; a province evaluator gets them with
//! phones masked. County evaluators wait for county scoping of the dashboard.
use crate::checkin_routes::{attachment, caller, contractor_upload, error};
use crate::startup::ServerState;
use app::auth::{Me, Role};
use app::checkin::manage::{owned_class, owned_project};
use app::entities::{class, project};
use app::error::AppError;
use app::hours::credits::{credits, credits_csv, credits_xlsx, Phones};
use app::hours::evidence;
use app::state::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/classes/{id}/credits.{ext}", get(class_credits))
        .route("/projects/{id}/credits.{ext}", get(project_credits))
        .route("/classes/{id}/platform-hours", post(upload_platform_log))
        // Up to three images of 2 MB each, plus the form's own bytes.
        .route(
            "/hours/{id}/evidence",
            post(upload_evidence).layer(DefaultBodyLimit::max(3 * evidence::MAX_BYTES + 64 * 1024)),
        )
        .route("/evidence/{name}", get(evidence_image))
}

async fn upload_evidence(
    State(state): State<AppState>,
    Path(record): Path<i32>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let me = match caller(&state, &headers).await {
        Ok(me) if me.role == Role::Trainee => me,
        Ok(_) => return error(AppError::Forbidden),
        Err(response) => return response,
    };
    let mut files = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("images") {
            let name = field.file_name().unwrap_or("image").to_owned();
            match field.bytes().await {
                Ok(bytes) if !bytes.is_empty() => files.push((name, bytes.to_vec())),
                Ok(_) => {}
                // Over axum's body limit: the same message as any image over 2 MB.
                Err(_) => return error(AppError::invalid(app::i18n::t::err_evidence_size(&name))),
            }
        }
    }
    match evidence::attach(&state.db, &state.evidence_dir, me.user_id, record, files).await {
        Ok(_) => Redirect::to("/hours").into_response(),
        Err(err) => error(err),
    }
}

async fn evidence_image(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let me = match caller(&state, &headers).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    if let Err(err) = evidence::may_view(&state.db, &me, &name).await {
        return error(err);
    }
    let Some(mime) = evidence::mime_of(&name) else {
        return error(AppError::NotFound);
    };
    match tokio::fs::read(state.evidence_dir.join(&name)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "private, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error(AppError::internal("read evidence", err)),
    }
}

/// A plain multipart POST, so the upload works before the WASM arrives; then the report.
async fn upload_platform_log(
    State(state): State<AppState>,
    Path(class_id): Path<i32>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (who, (name, bytes)) = match contractor_upload(&state, &headers, multipart, "log").await {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    match app::hours::platform::upload(&state.db, who, class_id, (&name, &bytes)).await {
        Ok(run) => Redirect::to(&format!("/hours-imports/{run}")).into_response(),
        Err(err) => error(err),
    }
}

/// Who may export, and how phones appear for them.
fn phones_for(me: &Me) -> Result<Phones, AppError> {
    match me.role {
        Role::Admin | Role::Contractor => Ok(Phones::Full),
        Role::Evaluator if me.county_id.is_none() => Ok(Phones::Masked),
        _ => Err(AppError::Forbidden),
    }
}

async fn class_credits(
    State(state): State<AppState>,
    Path((id, ext)): Path<(i32, String)>,
    headers: HeaderMap,
) -> Response {
    credits_file(&state, &headers, &ext, Scope::Class(id)).await
}

async fn project_credits(
    State(state): State<AppState>,
    Path((id, ext)): Path<(i32, String)>,
    headers: HeaderMap,
) -> Response {
    credits_file(&state, &headers, &ext, Scope::Project(id)).await
}

enum Scope {
    Class(i32),
    Project(i32),
}

/// The export's name and classes, if the caller may see them: a contractor only its own.
async fn classes_in(
    state: &AppState,
    me: &Me,
    scope: Scope,
) -> Result<(String, Vec<i32>), AppError> {
    let own = me.contractor_id.filter(|_| me.role == Role::Contractor);
    match scope {
        Scope::Class(id) => {
            let c = match own {
                Some(contractor_id) => owned_class(&state.db, contractor_id, id).await?,
                None => class::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .ok_or(AppError::NotFound)?,
            };
            Ok((c.name, vec![c.id]))
        }
        Scope::Project(id) => {
            let p = match own {
                Some(contractor_id) => owned_project(&state.db, contractor_id, id).await?,
                None => project::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .ok_or(AppError::NotFound)?,
            };
            let classes = class::Entity::find()
                .filter(class::Column::ProjectId.eq(p.id))
                .all(&state.db)
                .await?;
            Ok((p.name, classes.into_iter().map(|c| c.id).collect()))
        }
    }
}

async fn credits_file(state: &AppState, headers: &HeaderMap, ext: &str, scope: Scope) -> Response {
    let me = match caller(state, headers).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    let result = async {
        let phones = phones_for(&me)?;
        let (name, classes) = classes_in(state, &me, scope).await?;
        Ok::<_, AppError>((name, credits(&state.db, classes, phones).await?))
    };
    match result.await {
        Ok((name, rows)) => file(&format!("学时-{name}"), ext, &rows),
        Err(err) => error(err),
    }
}

fn file(stem: &str, ext: &str, rows: &[app::hours::credits::CreditRow]) -> Response {
    let made = match ext {
        "csv" => credits_csv(rows).map(|b| (b, "text/csv; charset=utf-8")),
        "xlsx" => credits_xlsx(rows).map(|b| {
            (
                b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }),
        _ => Err(AppError::NotFound),
    };
    match made {
        Ok((bytes, mime)) => attachment(stem, ext, mime, bytes),
        Err(err) => error(err),
    }
}
