//! Credit (学时) exports for the registry upload, per class and per project. Contractors get
//! their own classes and admins all, with phones in full; a province evaluator gets them with
//! phones masked. County evaluators wait for county scoping of the dashboard.
use crate::http::{table_file, uploaded_file, Caller, ServerState};
use app::auth::{Me, Role};
use app::entities::{class, project};
use app::error::AppError;
use app::hours::credits::{credits, credits_table, Phones};
use app::hours::evidence;
use app::state::AppState;
use app::training::access::{owned_class, owned_project};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header;
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
    Caller(me): Caller,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    if me.role != Role::Trainee {
        return Err(AppError::Forbidden);
    }
    let mut files = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("images") {
            let name = field.file_name().unwrap_or("image").to_owned();
            match field.bytes().await {
                Ok(bytes) if !bytes.is_empty() => files.push((name, bytes.to_vec())),
                Ok(_) => {}
                // Over axum's body limit: the same message as any image over 2 MB.
                Err(_) => return Err(AppError::invalid(app::i18n::t::err_evidence_size(&name))),
            }
        }
    }
    evidence::attach(&state.db, &state.evidence_dir, me.user_id, record, files).await?;
    Ok(Redirect::to("/hours").into_response())
}

async fn evidence_image(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Caller(me): Caller,
) -> Result<Response, AppError> {
    evidence::may_view(&state.db, &me, &name).await?;
    let mime = evidence::mime_of(&name).ok_or(AppError::NotFound)?;
    match tokio::fs::read(state.evidence_dir.join(&name)).await {
        Ok(bytes) => Ok((
            [
                (header::CONTENT_TYPE, mime),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "private, max-age=86400"),
            ],
            bytes,
        )
            .into_response()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(AppError::NotFound),
        Err(err) => Err(AppError::internal("read evidence", err)),
    }
}

/// A plain multipart POST, so the upload works before the WASM arrives; then the report.
async fn upload_platform_log(
    State(state): State<AppState>,
    Path(class_id): Path<i32>,
    Caller(me): Caller,
    mut multipart: Multipart,
) -> Result<Response, Response> {
    // A contractor's file is stored as 承训单位上报, the admin's or the province's as 平台核验.
    let who = app::hours::platform::Uploader::of(&me).map_err(IntoResponse::into_response)?;
    let (name, bytes) = uploaded_file(&mut multipart, "log").await?;
    let today = app::time::cst_today();
    let run = app::hours::platform::upload(&state.db, who, class_id, (&name, &bytes), today)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Redirect::to(&format!("/hours-imports/{run}")).into_response())
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
    Caller(me): Caller,
) -> Result<Response, AppError> {
    credits_file(&state, &me, &ext, Scope::Class(id)).await
}

async fn project_credits(
    State(state): State<AppState>,
    Path((id, ext)): Path<(i32, String)>,
    Caller(me): Caller,
) -> Result<Response, AppError> {
    credits_file(&state, &me, &ext, Scope::Project(id)).await
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
                Some(contractor_id) => owned_class(&state.db, contractor_id, id)
                    .await?
                    .into_model(),
                None => class::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .ok_or(AppError::NotFound)?,
            };
            Ok((c.name, vec![c.id]))
        }
        Scope::Project(id) => {
            let p = match own {
                Some(contractor_id) => owned_project(&state.db, contractor_id, id)
                    .await?
                    .into_model(),
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

async fn credits_file(
    state: &AppState,
    me: &Me,
    ext: &str,
    scope: Scope,
) -> Result<Response, AppError> {
    let phones = phones_for(me)?;
    let (name, classes) = classes_in(state, me, scope).await?;
    let rows = credits(&state.db, classes, phones).await?;
    table_file(&format!("学时-{name}"), ext, &credits_table(&rows))
}
