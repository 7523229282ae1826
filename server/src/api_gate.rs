//! The gate in front of every `/api/v1` read (issue 16): the bearer token is looked up, its
//! rate counted, and, once the answer is known, the use audited with the token's name, the
//! caller's address and the status. Handlers take the checked token as `Token`.
//! A token reaches these routes only: the server fns and every write read the session
//! cookie alone (`auth::guard::token_from_headers`), never the `Authorization` header.
use crate::http::ServerState;
use app::auth::guard::client_ip_of;
use app::error::AppError;
use app::platform::schema::Problem;
use app::platform::token::{self, ApiScope, Lookup};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The caller's token, checked by `gate`; only the gate puts one on a request.
pub struct Token(pub ApiScope);

impl<S: Send + Sync> FromRequestParts<S> for Token {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        parts
            .extensions
            .get::<ApiScope>()
            .cloned()
            .map(Token)
            .ok_or_else(|| problem(&AppError::Unauthenticated))
    }
}

pub async fn gate(State(state): State<ServerState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| {
            let forwarded = request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok());
            client_ip_of(peer.ip(), forwarded, state.app.trusted_proxy).to_string()
        });
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(secret) = token::bearer(header) else {
        return problem(&AppError::Unauthenticated);
    };
    let (who, response) = match token::lookup(&state.app.read, secret).await {
        Err(err) => return problem(&err),
        Ok(Lookup::Unknown) => {
            // Not audited in the database: anyone can send made-up tokens, and a write
            // for each would let them fill it; nor logged above debug, for the same reason.
            tracing::debug!(path, ip, "an unknown API token was refused");
            return problem(&AppError::Unauthenticated);
        }
        Ok(Lookup::Dead(who, why)) => {
            // A revoked token is often a leaked one: its first refusal each minute is on
            // record, the rest cost no write.
            let first = state.api_limiter.first_dead(who.id);
            if first {
                let token = who.name.as_str();
                tracing::info!(path, ip, token, why, "a dead API token was refused");
            }
            (first.then_some(who), problem(&AppError::Unauthenticated))
        }
        Ok(Lookup::Live(who, scope)) => {
            match token::admit(&state.app.db, &state.api_limiter, scope.token_id()).await {
                Ok(()) => {
                    request.extensions_mut().insert(scope);
                    (Some(who), next.run(request).await)
                }
                Err((err, first)) => (first.then_some(who), problem(&err)),
            }
        }
    };
    let Some(who) = who else { return response };
    let status = response.status().as_u16();
    match token::record(&state.app.db, &who, &path, ip.as_deref(), status).await {
        Ok(()) => response,
        // Unaudited data does not leave: the audit is what the issue promises the province.
        Err(err) => problem(&err),
    }
}

/// An error as problem details; the detail is the same Chinese message a page would show.
pub fn problem(err: &AppError) -> Response {
    let status = match err {
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        other => other.status(),
    };
    let detail = match err {
        AppError::Unauthenticated => app::i18n::t::ERR_API_TOKEN.to_owned(),
        other => other.to_string(),
    };
    let mut response = problem_response(status, detail);
    let headers = response.headers_mut();
    match err {
        AppError::Unauthenticated => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        AppError::Throttled { minutes } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(minutes * 60));
        }
        _ => {}
    }
    response
}

pub fn problem_response(status: StatusCode, detail: String) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or_default().into(),
        status: status.as_u16(),
        detail,
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_vec(&body).unwrap_or_default(),
    )
        .into_response()
}
