use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
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
            service::programme_projects(&state.db, &me, &filter).await
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
