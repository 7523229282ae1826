//! The overview's tables as files: projects (with the page's filters and sort), contractors
//! and counties. Evaluators and admins only; a county evaluator gets its own scope, exactly
//! as the page shows it.
use crate::checkin_routes::{attachment, caller, error};
use crate::startup::ServerState;
use app::auth::Role;
use app::dashboard::export::{csv, lines_table, projects_table, Table};
use app::dashboard::{service::narrow, ProjectFilter, ProjectList};
use app::error::AppError;
use app::i18n::t;
use app::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<ServerState> {
    Router::new().route("/dashboard/{file}", get(table_file))
}

async fn table_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(filter): Query<ProjectFilter>,
    headers: HeaderMap,
) -> Response {
    let me = match caller(&state, &headers).await {
        Ok(me) => me,
        Err(response) => return response,
    };
    if !matches!(me.role, Role::Evaluator | Role::Admin) {
        return error(AppError::Forbidden);
    }
    let Some((name, ext)) = file.rsplit_once('.') else {
        return error(AppError::NotFound);
    };
    let pick: fn(&ProjectList) -> (&'static str, Table) = match name {
        "projects" => |l| ("项目", projects_table(l)),
        "contractors" => |l| {
            (
                "承训单位对比",
                lines_table(t::COL_CONTRACTOR, &l.by_contractor),
            )
        },
        "counties" => |l| ("县区对比", lines_table(t::COL_COUNTY, &l.by_county)),
        _ => return error(AppError::NotFound),
    };
    // The same figures the page shows, from the same cache.
    let list = match state.figures.get(&state.read, &me).await {
        Ok(all) => narrow((*all).clone(), &filter),
        Err(err) => return error(err),
    };
    let (stem, table) = pick(&list);
    let made = match ext {
        "csv" => csv(&table).map(|b| (b, "text/csv; charset=utf-8")),
        "xlsx" => app::dashboard::export::xlsx(&table).map(|b| {
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
