//! On-site attendance. Today it holds the trainee's home, their classes; check-in by rotating
//! QR code builds on it.
mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;
