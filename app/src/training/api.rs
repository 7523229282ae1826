//! Server functions for classes, sessions and rosters. Each checks the role, calls a service
//! and maps the error.
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{access::owned_class, classes, enrolment, roster, slips},
    crate::auth::{guard, guard::require, Role},
    crate::error::with_status,
    crate::state::AppState,
};

#[server(endpoint = "training/my_classes")]
pub async fn list_my_classes() -> Result<Vec<ClassCard>, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        enrolment::trainee_classes(&state.db, me.user_id).await
    };
    with_status(result.await)
}

#[server(endpoint = "training/add_class")]
pub async fn add_class(
    project: i32,
    name: String,
    start_date: String,
    end_date: String,
    venue: String,
    head_teacher: String,
    capacity: String,
) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let form = classes::NewClass {
        name,
        start_date,
        end_date,
        venue,
        head_teacher,
        capacity,
    };
    let result = async {
        let (me, contractor_id) = guard::require_contractor(&state).await?;
        classes::create_class(&state.db, me.user_id, contractor_id, project, form).await
    };
    with_status(result.await)
}

#[server(endpoint = "training/class")]
pub async fn get_class_detail(class: i32) -> Result<ClassDetail, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        classes::class_detail(&state.db, contractor_id, class).await
    };
    with_status(result.await)
}

#[server(endpoint = "training/add_session")]
#[allow(clippy::too_many_arguments)]
pub async fn add_session(
    class: i32,
    title: String,
    date: String,
    starts: String,
    ends: String,
    opens_min: String,
    late_min: String,
    checkout: Option<String>,
    geofence: String,
    radius_m: String,
) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let checkout_required = checkout.is_some_and(|v| !v.is_empty());
    let form = classes::NewSession {
        title,
        date,
        starts,
        ends,
        opens_min,
        late_min,
        checkout_required,
        geofence,
        radius_m,
    };
    let result = async {
        let (me, contractor_id) = guard::require_contractor(&state).await?;
        classes::create_session(&state.db, me.user_id, contractor_id, class, form).await
    };
    with_status(result.await)
}

#[server(endpoint = "training/roster_report")]
pub async fn get_roster_report(run: i32) -> Result<(i32, RosterReport), AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        roster::report(&state.db, contractor_id, run).await
    };
    with_status(result.await)
}

/// Who on the roster has activated; never a credential.
#[server(endpoint = "training/roster_access")]
pub async fn get_roster_access(class: i32) -> Result<RosterAccess, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        let class = owned_class(&state.db, contractor_id, class).await?;
        slips::roster_access(&state.db, contractor_id, class).await
    };
    with_status(result.await)
}

/// New one-time codes for the trainees who have not activated, shown this once.
#[server(endpoint = "training/issue_slips")]
pub async fn issue_slips(class: i32) -> Result<RosterCodes, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (me, contractor_id) = guard::require_contractor(&state).await?;
        guard::require_answer_in_page()?;
        let origin = guard::origin(state.secure_cookies);
        let class = owned_class(&state.db, contractor_id, class).await?;
        let who = (&me, contractor_id);
        slips::issue_slips(&state.db, &state.hasher, who, class, origin).await
    };
    with_status(result.await)
}

/// A trainee forgot their PIN: a new one-time code, audited and counted for evaluators.
#[server(endpoint = "training/reset_pin")]
pub async fn reset_pin(class: i32, trainee: i32) -> Result<RosterCodes, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (me, contractor_id) = guard::require_contractor(&state).await?;
        guard::require_answer_in_page()?;
        let origin = guard::origin(state.secure_cookies);
        let class = owned_class(&state.db, contractor_id, class).await?;
        let who = (&me, contractor_id);
        slips::reset_pin(&state.db, &state.hasher, who, class, trainee, origin).await
    };
    with_status(result.await)
}
