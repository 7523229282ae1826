//! The admin's new-token form (issue 16). A plain post, so it works before and without the
//! WASM. The answer is post-redirect-get: the new token rides a short-lived cookie to one
//! GET that shows it and clears it, so reloading the page neither makes a second token nor
//! shows this one again.
use crate::http::{Caller, ServerState};
use app::auth::guard::cookie;
use app::auth::Role;
use app::error::AppError;
use app::platform::token::{self, NewToken};
use app::platform::{NewTokenForm, TokenCreated, TokenRefused, TOKEN_CREATE_PATH};
use app::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};

/// Holds the new token between the post and the page that shows it, as
/// `<admin's user id>.<token>`: HttpOnly, SameSite=Strict, only for this path, a session
/// cookie (no Max-Age, so not kept on the browser's disk), cleared by the first showing,
/// and shown only to the admin who made it (another admin on the same browser sees none).
/// Two tabs making tokens at once: the later one is shown; the other is listed and can be
/// revoked.
const NEW_TOKEN_COOKIE: &str = "peixun_new_token";

pub fn routes() -> Router<ServerState> {
    Router::new().route(TOKEN_CREATE_PATH, get(show_created).post(create_token))
}

/// The refusal for anyone but an admin.
fn not_admin(me: &app::auth::Me) -> Option<Response> {
    (me.role != Role::Admin).then(|| AppError::Forbidden.into_response())
}

async fn create_token(
    State(state): State<AppState>,
    Caller(me): Caller,
    Form(form): Form<NewTokenForm>,
) -> Response {
    if let Some(refused) = not_admin(&me) {
        return refused;
    }
    let created = match NewToken::parse(&form, app::time::cst_today()) {
        Ok(new) => token::create(&state.db, &me, new).await,
        Err(err) => Err(err),
    };
    match created {
        Ok(secret) => {
            let secure = if state.secure_cookies { "; Secure" } else { "" };
            let cookie = format!(
                "{NEW_TOKEN_COOKIE}={}.{secret}; Path={TOKEN_CREATE_PATH}; HttpOnly; \
                 SameSite=Strict{secure}",
                me.user_id
            );
            (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, TOKEN_CREATE_PATH.to_owned()),
                    (header::SET_COOKIE, cookie),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
            )
                .into_response()
        }
        Err(err) => {
            let message = err.to_string();
            page(
                err.status(),
                render(move || leptos::view! { <TokenRefused message /> }),
                None,
            )
        }
    }
}

/// Shows the token just made, once; afterwards says it cannot be shown again.
async fn show_created(
    State(state): State<AppState>,
    Caller(me): Caller,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = not_admin(&me) {
        return refused;
    }
    let clear = format!("{NEW_TOKEN_COOKIE}=; Path={TOKEN_CREATE_PATH}; HttpOnly; Max-Age=0");
    let mine = format!("{}.", me.user_id);
    let Some(secret) = cookie(&headers, NEW_TOKEN_COOKIE)
        .and_then(|v| v.strip_prefix(&mine).map(str::to_owned))
        .filter(|s| token::well_formed(s))
    else {
        let message = app::i18n::t::TOKEN_GONE.to_owned();
        return page(
            StatusCode::OK,
            render(move || leptos::view! { <TokenRefused message /> }),
            Some(clear),
        );
    };
    let origin = app::auth::guard::origin_of(&headers, state.secure_cookies);
    page(
        StatusCode::OK,
        render(move || leptos::view! { <TokenCreated token=secret origin /> }),
        Some(clear),
    )
}

fn page(status: StatusCode, html: String, set_cookie: Option<String>) -> Response {
    let mut response = (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
    if let Some(value) = set_cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A standalone page for a plain form post's answer, escaped by Leptos.
fn render<V: leptos::prelude::RenderHtml + 'static>(view: impl FnOnce() -> V) -> String {
    use leptos::prelude::*;
    let owner = Owner::new();
    let body = owner.with(|| view().to_html());
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body>{body}</body></html>",
        app::i18n::t::APP_NAME
    )
}
