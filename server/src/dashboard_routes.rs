//! The overview's tables as files: projects (with the page's filters and sort), contractors
//! and counties. Evaluators and admins only; a county evaluator gets its own scope, exactly
//! as the page shows it.
use crate::http::{table_file, Caller, ServerState};
use app::auth::Role;
use app::dashboard::export::{lines_table, projects_table};
use app::dashboard::service::{narrow, programme_figures};
use app::dashboard::{ProjectFilter, ProjectList};
use app::error::AppError;
use app::i18n::t;
use app::state::AppState;
use app::tabular::Table;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<ServerState> {
    Router::new().route("/dashboard/{file}", get(dashboard_file))
}

async fn dashboard_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(filter): Query<ProjectFilter>,
    Caller(me): Caller,
) -> Result<Response, AppError> {
    if !matches!(me.role, Role::Evaluator | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let pick: fn(&ProjectList) -> (&'static str, Table) = match name {
        "projects" => |l| ("项目", projects_table(l)),
        "contractors" => |l| {
            (
                "承训单位对比",
                lines_table(t::COL_CONTRACTOR, &l.by_contractor),
            )
        },
        "counties" => |l| ("县区对比", lines_table(t::COL_COUNTY, &l.by_county)),
        _ => return Err(AppError::NotFound),
    };
    // The same figures the page shows, read the same way (kept counts, issue 15).
    let all = programme_figures(&state.read, &me).await?;
    let (stem, table) = pick(&narrow(all, &filter));
    table_file(stem, ext, &table)
}
