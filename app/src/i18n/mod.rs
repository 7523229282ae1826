//! All user-facing text, one module per locale. Pages and errors use `t::KEY`; adding English
//! means adding `en.rs` with the same keys and choosing the module per request.
pub mod zh_cn;
pub use zh_cn as t;
