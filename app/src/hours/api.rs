//! Server functions for online hours: check the role, call the service, map the error.
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

#[server(endpoint = "hours/mine")]
pub async fn my_hours() -> Result<Vec<ClassHours>, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        service::my_hours(&state.db, me.user_id).await
    };
    with_status(result.await)
}

#[server(endpoint = "hours/add")]
pub async fn add_hours(
    class: i32,
    date: String,
    hours: String,
    activity: String,
    note: String,
) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let form = service::HoursForm {
        class_id: class,
        date,
        hours,
        activity,
        note,
    };
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        service::record(&state.db, me.user_id, form, crate::time::cst_today()).await
    };
    with_status(result.await)
}

#[server(endpoint = "hours/edit")]
pub async fn edit_hours(
    id: i32,
    date: String,
    hours: String,
    activity: String,
    note: String,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    let form = service::HoursForm {
        class_id: 0,
        date,
        hours,
        activity,
        note,
    };
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        service::edit(&state.db, me.user_id, id, form, crate::time::cst_today()).await
    };
    with_status(result.await)
}

#[server(endpoint = "hours/withdraw")]
pub async fn withdraw_hours(id: i32) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        let released = service::withdraw(&state.db, me.user_id, id).await?;
        super::evidence::remove(&state.evidence_dir, &released).await;
        Ok(())
    };
    with_status(result.await)
}

#[server(endpoint = "hours/queue")]
pub async fn hours_queue(class: i32) -> Result<ReviewQueue, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor]).await?;
        service::queue(
            &state.db,
            me.contractor_id.ok_or(AppError::Forbidden)?,
            class,
        )
        .await
    };
    with_status(result.await)
}

/// Approves ("1") or rejects the checked records; `ids` come from checkboxes `ids[N]`.
#[server(endpoint = "hours/review")]
pub async fn review_hours(
    ids: Option<Vec<i32>>,
    approve: String,
    reason: Option<String>,
) -> Result<usize, AppError> {
    let state = AppState::get()?;
    let decision = service::Decision {
        ids: ids.unwrap_or_default(),
        approve: approve == "1",
        reason: reason.unwrap_or_default(),
    };
    let result = async {
        let me = require(&state, &[Role::Contractor]).await?;
        let contractor_id = me.contractor_id.ok_or(AppError::Forbidden)?;
        service::review(&state.db, me.user_id, contractor_id, decision).await
    };
    with_status(result.await)
}

#[server(endpoint = "hours/import_report")]
pub async fn get_hours_import(run: i32) -> Result<(i32, PlatformReport), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Admin, Role::Evaluator]).await?;
        super::platform::report(&state.db, super::platform::Uploader::of(&me)?, run).await
    };
    with_status(result.await)
}

/// After reading a report with errors: import its good rows alone.
#[server(endpoint = "hours/import_apply")]
pub async fn apply_hours_import(run: i32) -> Result<PlatformReport, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Admin, Role::Evaluator]).await?;
        super::platform::apply(&state.db, super::platform::Uploader::of(&me)?, run).await
    };
    with_status(result.await)
}

/// The space evidence images take per class, for the admin (issue 35).
#[server(endpoint = "hours/evidence_space")]
pub async fn get_evidence_space() -> Result<EvidenceSpace, AppError> {
    let state = AppState::get()?;
    let result = async {
        require(&state, &[Role::Admin]).await?;
        super::evidence::space(&state.db).await
    };
    with_status(result.await)
}
