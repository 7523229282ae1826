use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{directory, service},
    crate::auth::{guard::require, service::NewUser, Role},
    crate::error::with_status,
    crate::state::AppState,
};

#[server(endpoint = "admin/imports")]
pub async fn recent_imports() -> Result<Vec<ImportRunSummary>, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            require(&state, &[Role::Admin]).await?;
            service::recent_imports(&state.db).await
        }
        .await,
    )
}

#[server(endpoint = "admin/import_report")]
pub async fn get_import_report(id: i32) -> Result<ImportReport, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            require(&state, &[Role::Admin]).await?;
            service::import_report(&state.db, id).await
        }
        .await,
    )
}

#[server(endpoint = "admin/merge_contractor")]
pub async fn merge_contractor(from_id: i32, into_id: i32) -> Result<(), AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Admin]).await?;
            directory::merge_contractor(&state.db, from_id, into_id, me.user_id).await
        }
        .await,
    )
}

#[server(endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            require(&state, &[Role::Admin]).await?;
            directory::list_users(&state.db).await
        }
        .await,
    )
}

#[server(endpoint = "admin/choices")]
pub async fn get_admin_choices() -> Result<AdminChoices, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            require(&state, &[Role::Admin]).await?;
            directory::admin_choices(&state.db).await
        }
        .await,
    )
}

/// Form fields arrive as text; an empty select means "none".
#[server(endpoint = "admin/create_user")]
pub async fn create_staff_user(
    role: String,
    login: String,
    display_name: String,
    password: String,
    contractor_id: String,
    county_id: String,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Admin]).await?;
            let role = Role::parse(&role)
                .filter(|r| *r != Role::Trainee)
                .ok_or(AppError::invalid(crate::i18n::t::ERR_ROLE))?;
            let (contractor_id, county_id) = (contractor_id.parse().ok(), county_id.parse().ok());
            let user = NewUser {
                role,
                login,
                display_name,
                secret: password,
                contractor_id,
                county_id,
            };
            crate::auth::service::create_user(&state.db, &state.hasher, user, Some(me.user_id))
                .await
                .map(|_| ())
        }
        .await,
    )
}
