//! Satisfaction surveys (满意度调查): versioned templates, one survey per class, one
//! anonymous response per attending trainee, and results with published definitions.
mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod results;
pub mod results_types;
#[cfg(feature = "ssr")]
pub mod service;
pub mod template;
pub mod types;

pub use api::*;
pub use pages::*;
pub use results_types::*;
pub use types::*;
