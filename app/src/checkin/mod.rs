//! On-site attendance: rotating QR codes, the scan page and the tap, the group-commit
//! writer, the projector, and the attendance sheet with its corrections and files.
mod api;
pub mod code;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod kept;
#[cfg(feature = "ssr")]
pub mod mine;
mod pages;
#[cfg(feature = "ssr")]
pub mod projector;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sheet;
mod sheet_types;
#[cfg(feature = "ssr")]
pub mod ticket;
mod types;
#[cfg(feature = "ssr")]
pub mod writer;

pub use api::*;
pub use pages::*;
pub use sheet_types::*;
pub use types::*;
