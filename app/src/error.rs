//! The one error type that crosses the server-function boundary.
use crate::i18n::t;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input; the message is shown to the user as is, so it is written in Chinese.
    #[error("{0}")]
    Invalid(String),
    #[error("{}", t::ERR_UNAUTHENTICATED)]
    Unauthenticated,
    #[error("{}", t::ERR_FORBIDDEN)]
    Forbidden,
    #[error("{}", t::ERR_NOT_FOUND)]
    NotFound,
    #[error("{}", t::err_throttled(*minutes))]
    Throttled { minutes: u32 },
    /// Too much of one kind of work waits already (uploaded tables being read): try again soon.
    #[error("{}", t::ERR_BUSY)]
    Busy,
    /// Anything unexpected. Details are logged on the server and never sent.
    #[error("{}", t::ERR_INTERNAL)]
    Internal,
    /// The request never reached our code (network, decoding).
    #[error("{}", t::ERR_TRANSPORT)]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Invalid(message.into())
    }

    /// Logs an unexpected error with its context and returns the generic one.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(context, error = %err, "unexpected error");
        AppError::Internal
    }

    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Throttled { .. } | AppError::Busy => S::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport(_) => S::INTERNAL_SERVER_ERROR,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::internal("database", err)
    }
}

/// Inside a server fn: sets the HTTP status that matches the error, so raw clients see
/// 401/403/422 rather than a blanket 500. A plain HTML form post (no WASM yet) is left alone:
/// it must get the redirect back to its page, which carries the error in the URL.
#[cfg(feature = "ssr")]
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let form_post = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if let (Err(err), false) = (&result, form_post) {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(err.status());
        }
    }
    result
}

/// Hand-written axum routes answer errors as their status and the Chinese message.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        (self.status(), self.to_string()).into_response()
    }
}
