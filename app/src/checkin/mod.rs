//! On-site attendance: rotating QR codes, the scan page and the tap, the projector, classes,
//! sessions, rosters and the attendance sheet.
mod api;
pub mod code;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod manage;
mod manage_types;
mod pages;
#[cfg(feature = "ssr")]
pub mod roster;
#[cfg(feature = "ssr")]
pub mod service;
mod types;
#[cfg(feature = "ssr")]
pub mod writer;

pub use api::*;
pub use manage_types::*;
pub use pages::*;
pub use types::*;
