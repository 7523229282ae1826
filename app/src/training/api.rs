//! Server functions for classes, sessions and rosters. Each checks the role, calls a service
//! and maps the error.
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        access, access::owned_class, classes, dispute, enrolment, form, nomination, nominees,
        roster, slips,
    },
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

/// Who on the roster has activated and who counts; never a credential.
#[server(endpoint = "training/roster_access")]
pub async fn get_roster_access(class: i32) -> Result<RosterAccess, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        let class = owned_class(&state.db, contractor_id, class).await?;
        slips::roster_access(&state.db, class).await
    };
    with_status(result.await)
}

/// A project's 调训 page for a county evaluator (its county) or the province.
#[server(endpoint = "training/nominations")]
pub async fn get_nominations(project: i32) -> Result<Nominations, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        nominees::nominations(&state.db, &access::nominator(&me)?, project).await
    };
    with_status(result.await)
}

/// The province gives a county its places in a project.
#[server(endpoint = "training/allocate")]
pub async fn allocate(project: i32, county: String, places: String) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        let n = access::nominator(&me)?;
        nomination::allocate(&state.db, &n, project, &county, &places).await
    };
    with_status(result.await)
}

/// A county nominates one teacher by hand (a file goes through `/projects/{id}/nominations`).
#[server(endpoint = "training/nominate")]
#[allow(clippy::too_many_arguments)]
pub async fn nominate(
    project: i32,
    name: String,
    phone: String,
    school: String,
    county: String,
    subject: String,
    stage: String,
    rural: Option<String>,
) -> Result<NominationReport, AppError> {
    let state = AppState::get()?;
    let row = form::nominee(
        name,
        phone,
        [school, county, subject, stage],
        rural.is_some(),
    );
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        let n = access::nominator(&me)?;
        let report = nomination::nominate(&state.db, &n, project, vec![row?]).await?;
        match report.errors.first() {
            Some(e) => Err(AppError::invalid(e.message.clone())),
            None => Ok(report),
        }
    };
    with_status(result.await)
}

/// 确认补录: the county confirms a contractor's own row of one of its teachers.
#[server(endpoint = "training/confirm")]
pub async fn confirm_enrolment(enrolment: i32) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        nomination::confirm(&state.db, &access::nominator(&me)?, enrolment).await
    };
    with_status(result.await)
}

/// New one-time codes for the caller's nominees who have not activated, shown this once.
#[server(endpoint = "training/issue_slips")]
pub async fn issue_slips(project: i32) -> Result<RosterCodes, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        guard::require_answer_in_page()?;
        let origin = guard::origin(state.secure_cookies);
        let n = access::nominator(&me)?;
        slips::issue_slips(&state.db, &state.hasher, &n, project, origin).await
    };
    with_status(result.await)
}

/// A teacher forgot their PIN: a new one-time code from their county, audited and counted.
#[server(endpoint = "training/reset_pin")]
pub async fn reset_pin(project: i32, trainee: i32) -> Result<RosterCodes, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Evaluator, Role::Admin]).await?;
        guard::require_answer_in_page()?;
        let origin = guard::origin(state.secure_cookies);
        let n = access::nominator(&me)?;
        let which = (project, trainee);
        slips::reset_pin(&state.db, &state.hasher, &n, which, origin).await
    };
    with_status(result.await)
}

/// The trainee marks a record about them 有异议 (issue 34): `subject` is `session` or `hours`.
#[server(endpoint = "training/dispute")]
pub async fn file_dispute(subject: String, id: i32, note: String) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        let subject = crate::states::Disputed::parse(&subject)?;
        dispute::file(&state.db, me.user_id, (subject, id), &note).await
    };
    with_status(result.await)
}
