//! The read API for the provincial platform (线上平台监管, issue 16): tokens an admin makes,
//! and what `/api/v1` answers; and the one write a platform token may make, its hours log
//! (`write.rs`, issue 34). The routes themselves are in `server/src/api_routes.rs`;
//! everything they read comes from the pages' own services, so the API and the pages cannot
//! disagree.
mod api;
#[cfg(feature = "ssr")]
pub mod limit;
mod pages;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod schema;
#[cfg(feature = "ssr")]
pub mod token;
mod types;
#[cfg(feature = "ssr")]
pub mod write;

pub use api::*;
pub use pages::*;
pub use types::*;

/// Where the new-token form posts: a plain route that redirects to a GET of the same path,
/// which shows the token once, with or without the WASM.
pub const TOKEN_CREATE_PATH: &str = "/admin/api-tokens";
