//! Admin: importing the annual programme, merging contractor aliases, staff accounts, the
//! programme's credit rules.
mod api;
#[cfg(feature = "ssr")]
pub mod directory;
#[cfg(feature = "ssr")]
pub mod import;
mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;

/// Where the upload form posts: a plain axum route, because a multipart upload must work
/// before the WASM arrives.
pub const IMPORT_UPLOAD_PATH: &str = "/admin/import";
