//! Who is calling: every server fn checks this itself (a hidden button is no check).
use super::{service, Me, Role};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::ConnectInfo;
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use std::net::SocketAddr;

pub const COOKIE: &str = "peixun_session";

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn session_token() -> Option<String> {
    token_from_headers(&parts()?.headers)
}

/// The session cookie's value; shared with the server's non-Leptos routes.
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().find_map(|value| {
        value.to_str().ok()?.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
    })
}

pub fn client_ip() -> Option<String> {
    parts()?
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

pub async fn current_user(state: &AppState) -> Result<Option<Me>, AppError> {
    match session_token() {
        Some(token) => service::user_for_token(&state.db, &token).await,
        None => Ok(None),
    }
}

/// The caller, if their role is one of `roles`; otherwise 401 or 403 with a Chinese message.
pub async fn require(state: &AppState, roles: &[Role]) -> Result<Me, AppError> {
    match current_user(state).await? {
        None => Err(AppError::Unauthenticated),
        Some(me) if roles.contains(&me.role) => Ok(me),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// HttpOnly and SameSite=Lax always; Secure when served over https (ASVS 3.4).
pub fn set_session_cookie(state: &AppState, token: &str, max_age_secs: i64) {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie =
        format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    append_cookie(&cookie);
}

pub fn clear_session_cookie() {
    append_cookie(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ));
}

fn append_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        options.append_header(header::SET_COOKIE, value);
    }
}
