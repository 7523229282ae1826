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
    cookie(headers, COOKIE)
}

/// A cookie's value, parsed by axum-extra's `CookieJar`; an empty value counts as none.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    axum_extra::extract::CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// A random id kept in a long-lived cookie, so check-ins can tell one phone from another
/// (DESIGN: one device checking in two trainees is flagged). Not a login: it proves nothing.
pub const DEVICE_COOKIE: &str = "peixun_device";

/// Set by the server's middleware on a first visit, before the browser has the cookie.
#[derive(Clone, Debug)]
pub struct DeviceId(pub String);

pub fn device_id() -> Option<String> {
    let parts = parts()?;
    parts
        .extensions
        .get::<DeviceId>()
        .map(|d| d.0.clone())
        .or_else(|| cookie(&parts.headers, DEVICE_COOKIE))
}

/// Refuses a form posted as a page load (`Accept: text/html`) to an action whose answer is
/// shown once, in the page that asked: the one-time codes. Leptos answers such a post with a
/// redirect, so the codes would be made, the old ones voided, and the new ones never seen
/// (and a code must never ride in the redirect's URL). Checked before anything changes.
pub fn require_answer_in_page() -> Result<(), AppError> {
    let page_load = parts().is_some_and(|p| {
        p.headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    });
    match page_load {
        true => Err(AppError::invalid(crate::i18n::t::ERR_WAIT_FOR_PAGE)),
        false => Ok(()),
    }
}

/// "http://host:port" as the browser addressed us, for links that must lead back here.
pub fn origin(secure: bool) -> String {
    match parts() {
        Some(p) => origin_of(&p.headers, secure),
        None => origin_of(&http::HeaderMap::new(), secure),
    }
}

pub fn origin_of(headers: &http::HeaderMap, secure: bool) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// The caller's address for throttling: the TCP peer, or, when the peer is the trusted
/// proxy, the address that proxy appended last to X-Forwarded-For. Anyone else's header is
/// ignored, so a client cannot pick a fresh address per try (issue 13).
pub fn client_ip(state: &AppState) -> Option<String> {
    let parts = parts()?;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())?;
    // The last header line: a proxy may add its own line rather than extend the client's.
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok());
    Some(client_ip_of(peer, forwarded, state.trusted_proxy).to_string())
}

pub fn client_ip_of(
    peer: std::net::IpAddr,
    forwarded: Option<&str>,
    trusted: Option<std::net::IpAddr>,
) -> std::net::IpAddr {
    // ::ffff:10.0.0.1 is 10.0.0.1: a dual-stack listener reports IPv4 peers that way.
    let peer = peer.to_canonical();
    if trusted.map(|t| t.to_canonical()) != Some(peer) {
        return peer;
    }
    forwarded
        .and_then(|f| f.rsplit(',').next())
        .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok())
        .map_or(peer, |ip| ip.to_canonical())
}

pub async fn current_user(state: &AppState) -> Result<Option<Me>, AppError> {
    match session_token() {
        Some(token) => service::user_for_token(&state.read, &token).await,
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

/// The contractor calling, with the contractor id every ownership check starts from.
pub async fn require_contractor(state: &AppState) -> Result<(Me, i32), AppError> {
    let me = require(state, &[Role::Contractor]).await?;
    let id = me.contractor_id.ok_or(AppError::Forbidden)?;
    Ok((me, id))
}

#[cfg(test)]
mod tests {
    use super::client_ip_of;
    use std::net::IpAddr;

    #[test]
    fn x_forwarded_for_is_believed_only_from_the_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = Some(ip("10.0.0.1"));
        let header = Some("6.6.6.6, 203.0.113.7");
        assert_eq!(
            client_ip_of(ip("10.0.0.1"), header, proxy),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip_of(ip("198.51.100.2"), header, proxy),
            ip("198.51.100.2")
        );
        assert_eq!(client_ip_of(ip("10.0.0.1"), header, None), ip("10.0.0.1"));
        assert_eq!(
            client_ip_of(ip("10.0.0.1"), Some("junk"), proxy),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip_of(ip("::ffff:10.0.0.1"), header, proxy),
            ip("203.0.113.7")
        );
    }
}
