//! Server functions for logging in and out. Each is thin: parse, call the service, map errors.
use super::{Me, PinOwner};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::credential::{self, TraineeLogin},
    super::guard,
    super::service,
    crate::error::with_status,
    crate::state::AppState,
};

/// Who is logged in, or None. Pages call this to choose what to show.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    let state = AppState::get()?;
    with_status(guard::current_user(&state).await)
}

#[server(endpoint = "login_trainee")]
pub async fn login_trainee(
    phone: String,
    code: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let phone = super::Phone::parse(&phone).map_err(AppError::Invalid)?;
        let code = super::AccessCode::parse(&code).map_err(AppError::Invalid)?;
        let ip = guard::client_ip(&state);
        credential::login_trainee(&state.db, &state.hasher, &phone, &code, ip.as_deref()).await
    };
    let next = super::local_path(next.as_deref());
    match with_status(result.await)? {
        TraineeLogin::Done(session) => {
            start_session(&state, session).await?;
            leptos_axum::redirect(&next);
        }
        // A one-time code: the session may only choose the PIN, on the next page.
        TraineeLogin::ChoosePin(session) => {
            if let Some(device) = guard::device_id() {
                let action = service::DEVICE_ACTIVATION;
                service::note_device(&state.db, session.user_id, action, &device).await?;
            }
            start_session(&state, session).await?;
            let next =
                percent_encoding::utf8_percent_encode(&next, percent_encoding::NON_ALPHANUMERIC);
            leptos_axum::redirect(&format!("/pin?next={next}"));
        }
    }
    Ok(())
}

/// Whose PIN the PIN page sets, for a session an activation code made; None otherwise.
#[server(endpoint = "auth/pin_prompt")]
pub async fn pin_prompt() -> Result<Option<PinOwner>, AppError> {
    let state = AppState::get()?;
    let Some(token) = guard::session_token() else {
        return Ok(None);
    };
    with_status(credential::pin_prompt(&state.read, &token).await)
}

#[server(endpoint = "auth/choose_pin")]
pub async fn choose_pin(pin: String, again: String, next: Option<String>) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let pin = super::Pin::parse(&pin).map_err(AppError::Invalid)?;
        let token = guard::session_token()
            .ok_or_else(|| AppError::invalid(crate::i18n::t::ERR_PIN_EXPIRED))?;
        credential::choose_pin(&state.db, &state.hasher, &token, &pin, &again).await
    };
    let session = with_status(result.await)?;
    guard::set_session_cookie(&state, &session.token, session.max_age_secs);
    leptos_axum::redirect(&super::local_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "login_staff")]
pub async fn login_staff(login: String, password: String) -> Result<(), AppError> {
    let state = AppState::get()?;
    let ip = guard::client_ip(&state);
    let creds = service::Credentials {
        login: &login,
        secret: &password,
        ip: ip.as_deref(),
    };
    let session = with_status(service::login_staff(&state.db, &state.hasher, creds).await)?;
    if let Some(device) = guard::device_id() {
        let action = service::DEVICE_STAFF;
        service::note_device(&state.db, session.user_id, action, &device).await?;
    }
    start_session(&state, session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// ASVS 3.2.1: a new session id at every login; the old session, if any, ends.
#[cfg(feature = "ssr")]
async fn start_session(state: &AppState, session: service::NewSession) -> Result<(), AppError> {
    if let Some(old) = guard::session_token() {
        service::end_session(&state.db, &old).await?;
    }
    guard::set_session_cookie(state, &session.token, session.max_age_secs);
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = AppState::get()?;
    if let Some(token) = guard::session_token() {
        service::end_session(&state.db, &token).await?;
    }
    guard::clear_session_cookie();
    leptos_axum::redirect("/login");
    Ok(())
}
