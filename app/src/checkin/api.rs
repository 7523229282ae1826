//! Server functions for check-in. Each checks the role, calls a service and maps the error.
use super::manage_types::*;
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{manage, service},
    crate::auth::{guard, guard::require, Me, Role},
    crate::error::with_status,
    crate::state::AppState,
};

/// The contractor calling, with the contractor id every manage service starts from.
#[cfg(feature = "ssr")]
async fn contractor(state: &AppState) -> Result<(Me, i32), AppError> {
    let me = require(state, &[Role::Contractor]).await?;
    let id = me.contractor_id.ok_or(AppError::Forbidden)?;
    Ok((me, id))
}

#[server(endpoint = "checkin/my_classes")]
pub async fn list_my_classes() -> Result<Vec<ClassCard>, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        service::trainee_classes(&state.db, me.user_id).await
    };
    with_status(result.await)
}

/// What a scanned QR opens. Anyone may read it; it writes nothing.
#[server(endpoint = "checkin/scan")]
pub async fn scan_session(
    session: i32,
    n: Option<i64>,
    k: Option<String>,
    t: Option<String>,
) -> Result<ScanView, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = guard::current_user(&state).await?;
        let device = guard::device_id().unwrap_or_default();
        let scan = service::Scan {
            session_id: session,
            step: n,
            code: k.as_deref(),
            ticket: t.as_deref(),
            device: &device,
            user_id: me.filter(|m| m.role == Role::Trainee).map(|m| m.user_id),
            now: crate::db::now(),
        };
        service::scan_view(&state.db, &state.secret, scan).await
    };
    with_status(result.await)
}

/// One tap of 签到/签退, proven by the scan's ticket or by the typed code.
#[server(endpoint = "checkin/tap")]
pub async fn check_in(
    session: i32,
    kind: String,
    ticket: Option<String>,
    typed: Option<String>,
    geo: Option<Geo>,
) -> Result<CheckinOutcome, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        let proof = service::Proof::from_form(ticket, typed)?;
        let device = guard::device_id().unwrap_or_default();
        let tap = service::Tap {
            session_id: session,
            kind: Kind::parse(&kind),
            proof,
            device,
            geo,
            now: crate::db::now(),
        };
        service::check_in(
            (&state.read, &state.checkins),
            &state.secret,
            me.user_id,
            tap,
        )
        .await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/mine")]
pub async fn my_attendance() -> Result<Vec<MySessionRow>, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        service::my_attendance(&state.db, me.user_id).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/project_classes")]
pub async fn get_project_classes(project: i32) -> Result<ProjectClasses, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        // Evaluators browse many projects: their figures come from the overview's minute.
        let known = match me.role {
            Role::Contractor => None,
            _ => Some(state.figures.get(&state.read, &me).await?),
        };
        manage::project_classes(
            &state.read,
            &me,
            project,
            known.as_ref().map(|l| &l.per_class),
        )
        .await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/add_class")]
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
    let form = manage::NewClass {
        name,
        start_date,
        end_date,
        venue,
        head_teacher,
        capacity,
    };
    let result = async {
        let (me, contractor_id) = contractor(&state).await?;
        manage::create_class(&state.db, me.user_id, contractor_id, project, form).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/class")]
pub async fn get_class_detail(class: i32) -> Result<ClassDetail, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = contractor(&state).await?;
        manage::class_detail(&state.db, contractor_id, class).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/add_session")]
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
    let form = manage::NewSession {
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
        let (me, contractor_id) = contractor(&state).await?;
        manage::create_session(&state.db, me.user_id, contractor_id, class, form).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/projector")]
pub async fn get_projector(session: i32) -> Result<ProjectorView, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = contractor(&state).await?;
        manage::projector(&state.db, &state.secret, contractor_id, session).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/projector_status")]
pub async fn get_projector_status(session: i32) -> Result<ProjectorStatus, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = contractor(&state).await?;
        manage::projector_status(&state.db, contractor_id, session).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/sheet")]
pub async fn get_sheet(session: i32) -> Result<Sheet, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        manage::sheet_for(&state.read, &me, session).await
    };
    with_status(result.await)
}

/// Marks a trainee present ("1") or absent ("0") with a reason; audited.
#[server(endpoint = "checkin/correct")]
pub async fn correct_checkin(
    session: i32,
    trainee: i32,
    present: String,
    reason: String,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    let fix = manage::Correction {
        session_id: session,
        trainee_id: trainee,
        present: present == "1",
        reason,
    };
    let result = async {
        let (me, contractor_id) = contractor(&state).await?;
        manage::correct(&state.db, me.user_id, contractor_id, fix).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/roster_report")]
pub async fn get_roster_report(run: i32) -> Result<(i32, RosterReport), AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = contractor(&state).await?;
        super::roster::report(&state.db, contractor_id, run).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/roster_codes")]
pub async fn get_roster_codes(class: i32) -> Result<RosterCodes, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = contractor(&state).await?;
        let origin = guard::origin(state.secure_cookies);
        manage::roster_codes(&state.db, contractor_id, class, origin).await
    };
    with_status(result.await)
}
