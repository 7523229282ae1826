//! Accounts, roles, login and sessions.
mod api;
#[cfg(feature = "ssr")]
pub mod credential;
#[cfg(feature = "ssr")]
pub mod guard;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;
