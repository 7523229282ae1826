//! Online study hours (线上学时): the trainee's ledger with a progress bar toward the
//! project's requirement, and the contractor's review queue.
mod api;
#[cfg(feature = "ssr")]
pub mod credits;
#[cfg(feature = "ssr")]
pub mod evidence;
mod pages;
#[cfg(feature = "ssr")]
pub mod platform;
#[cfg(feature = "ssr")]
mod platform_rules;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;
