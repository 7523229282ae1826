use super::report_types::*;
use super::types::*;
use super::visit_types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{project, service},
    crate::auth::{guard::require, Role},
    crate::error::with_status,
    crate::state::AppState,
};

#[server(endpoint = "dashboard/projects")]
pub async fn list_programme_projects(filter: ProjectFilter) -> Result<ProjectList, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
            // Summed from the counts the writes keep: as fresh as the last commit (issue 15).
            let all = service::programme_figures(&state.read, &me).await?;
            Ok(service::narrow(all, &filter))
        }
        .await,
    )
}

#[server(endpoint = "dashboard/my_projects")]
pub async fn list_my_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Contractor]).await?;
            service::contractor_projects(&state.db, me.contractor_id.ok_or(AppError::Forbidden)?)
                .await
        }
        .await,
    )
}

#[server(endpoint = "dashboard/visits")]
pub async fn get_class_visits(class: i32) -> Result<ClassVisits, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin, Role::Contractor]).await?;
        super::visits::class_visits(&state.read, &me, class, crate::time::cst_today()).await
    };
    with_status(result.await)
}

/// An evaluator records an on-site visit: `scores[plan]=5&scores[materials]=4…`.
#[server(endpoint = "dashboard/record_visit")]
pub async fn record_visit(
    class: i32,
    date: String,
    #[server(default)] scores: std::collections::HashMap<String, String>,
    notes: String,
) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let form = super::visits::VisitForm {
        class_id: class,
        date,
        scores,
        notes,
    };
    let result = async {
        let me = require(&state, &[Role::Evaluator]).await?;
        super::visits::record_visit(&state.db, &me, form, crate::time::cst_today()).await
    };
    with_status(result.await)
}

#[server(endpoint = "dashboard/class_report")]
pub async fn get_class_report(class: i32) -> Result<ClassReport, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin, Role::Contractor]).await?;
        super::report::class_report(&state.read, &me, class).await
    };
    with_status(result.await)
}

#[server(endpoint = "dashboard/project_classes")]
pub async fn get_project_classes(project: i32) -> Result<ProjectClasses, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        project::project_classes(&state.read, &me, project).await
    };
    with_status(result.await)
}
