//! Server functions for check-in. Each checks the role, calls a service and maps the error.
use super::sheet_types::*;
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{mine, projector, service, sheet},
    crate::auth::{guard, guard::require, Role},
    crate::error::with_status,
    crate::state::AppState,
    crate::states::Kind,
};

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
// The arguments are the tap form's fields as a browser posts them without scripts (and
// `tapped`, `shown`, `who` for a kept tap); grouping them would rename the fields.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "checkin/tap")]
pub async fn check_in(
    session: i32,
    kind: String,
    ticket: Option<String>,
    typed: Option<String>,
    geo: Option<Geo>,
    tapped: Option<i64>,
    shown: Option<String>,
    who: Option<i32>,
) -> Result<CheckinOutcome, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        let proof = service::Proof::from_form(ticket, typed)?;
        let device = guard::device_id().unwrap_or_default();
        let tap = service::Tap {
            session_id: session,
            kind: Kind::parse(&kind)?,
            proof,
            device,
            geo,
            kept: super::kept::Kept::from_form(tapped, shown)?,
            who,
            now: crate::db::now(),
        };
        service::check_in(
            (&state.read, &super::writer::CheckinWriter::from_context()?),
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
        mine::my_attendance(&state.db, me.user_id).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/projector")]
pub async fn get_projector(session: i32) -> Result<ProjectorView, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        projector::projector(&state.db, &state.secret, contractor_id, session).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/projector_status")]
pub async fn get_projector_status(session: i32) -> Result<ProjectorStatus, AppError> {
    let state = AppState::get()?;
    let result = async {
        let (_, contractor_id) = guard::require_contractor(&state).await?;
        projector::projector_status(&state.db, contractor_id, session).await
    };
    with_status(result.await)
}

#[server(endpoint = "checkin/sheet")]
pub async fn get_sheet(session: i32) -> Result<Sheet, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        sheet::sheet_for(&state.read, &me, session).await
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
    let fix = sheet::Correction {
        session_id: session,
        trainee_id: trainee,
        present: present == "1",
        reason,
    };
    let result = async {
        let (me, contractor_id) = guard::require_contractor(&state).await?;
        sheet::correct(&state.db, me.user_id, contractor_id, fix).await
    };
    with_status(result.await)
}
