//! The projector's service: the session's key for the offline rotation and who is in.
use super::code::SessionKey;
use super::sheet::session_checkins;
use super::sheet_types::*;
use crate::db::{now, Db};
use crate::error::AppError;
use crate::states::{CheckinState, Kind};
use crate::time::span;
use crate::training::access::{owned_session, OwnedSession};
use crate::training::enrolment::roster_entries;

pub async fn projector(
    db: &Db,
    secret: &[u8],
    contractor_id: i32,
    session_id: i32,
) -> Result<ProjectorView, AppError> {
    let owned = owned_session(db, contractor_id, session_id).await?;
    let status = status_of(db, &owned).await?;
    let s = owned.session;
    Ok(ProjectorView {
        session_id: s.id,
        title: s.title.clone(),
        class_name: owned.class.into_model().name,
        when: span(s.date, s.starts_at, s.ends_at),
        key_hex: SessionKey::derive(secret, s.id).to_hex(),
        server_ms: now().timestamp_millis(),
        status,
    })
}

pub async fn projector_status(
    db: &Db,
    contractor_id: i32,
    session_id: i32,
) -> Result<ProjectorStatus, AppError> {
    let owned = owned_session(db, contractor_id, session_id).await?;
    status_of(db, &owned).await
}

/// Who of the roster is in.
async fn status_of(db: &Db, owned: &OwnedSession) -> Result<ProjectorStatus, AppError> {
    let s = &owned.session;
    let present: Vec<i32> = session_checkins(db, s.id)
        .await?
        .into_iter()
        .filter(|r| r.kind == Kind::In && r.state == CheckinState::Valid)
        .map(|r| r.trainee_id)
        .collect();
    // The counted roster: a contractor's own row awaiting its county is not expected here
    // (issue 34), as in the evaluator's figures.
    let roster: Vec<_> = roster_entries(db, s.class_id)
        .await?
        .into_iter()
        .filter_map(|(t, counted)| counted.then_some(t))
        .collect();
    let missing: Vec<String> = roster
        .iter()
        .filter(|t| !present.contains(&t.id))
        .map(|t| t.name.clone())
        .collect();
    Ok(ProjectorStatus {
        checked_in: (roster.len() - missing.len()) as u64,
        enrolled: roster.len() as u64,
        missing,
    })
}
