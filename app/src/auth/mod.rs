//! Accounts, roles, login and sessions.
mod api;
#[cfg(feature = "ssr")]
pub mod guard;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;
