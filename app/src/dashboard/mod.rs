//! What evaluators and contractors see: the programme's projects, filterable.
mod api;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod metrics_types;
mod overview_pages;
mod pages;
#[cfg(feature = "ssr")]
pub mod project;
mod project_pages;
#[cfg(feature = "ssr")]
pub mod recompute;
#[cfg(feature = "ssr")]
pub mod report;
mod report_pages;
mod report_types;
#[cfg(feature = "ssr")]
mod rows;
#[cfg(feature = "ssr")]
pub mod service;
mod types;
mod visit_pages;
mod visit_types;
#[cfg(feature = "ssr")]
pub mod visits;

pub use api::*;
pub use metrics_types::*;
pub use overview_pages::*;
pub use pages::*;
pub use project_pages::*;
pub use report_pages::*;
pub use report_types::*;
pub use types::*;
pub use visit_pages::*;
pub use visit_types::*;
