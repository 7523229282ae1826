//! Satisfaction surveys (满意度调查): versioned templates, one survey per class, one
//! anonymous response per attending trainee, and results with published definitions.
mod api;
#[cfg(feature = "ssr")]
pub mod integrity;
#[cfg(feature = "ssr")]
pub mod opening;
mod pages;
#[cfg(feature = "ssr")]
pub mod publish;
#[cfg(feature = "ssr")]
pub mod results;
pub mod results_types;
#[cfg(feature = "ssr")]
pub mod submission;
pub mod template;
#[cfg(feature = "ssr")]
pub mod templates;
pub mod types;
#[cfg(feature = "ssr")]
mod window;

pub use api::*;
pub use pages::*;
pub use results_types::*;
pub use types::*;
