//! Classes, sessions and rosters: what every other domain hangs its records on. It also
//! holds `access`, every ownership and scope check behind proof types.
#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod account;
mod api;
#[cfg(feature = "ssr")]
pub mod attendance;
#[cfg(feature = "ssr")]
pub mod capacity;
#[cfg(feature = "ssr")]
pub mod checkin_counts;
#[cfg(feature = "ssr")]
pub mod classes;
#[cfg(feature = "ssr")]
pub mod counts;
#[cfg(feature = "ssr")]
pub mod county_counts;
#[cfg(feature = "ssr")]
pub mod dispute;
#[cfg(feature = "ssr")]
pub mod enrolment;
#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod nomination;
#[cfg(feature = "ssr")]
pub mod nominees;
mod pages;
#[cfg(feature = "ssr")]
pub mod roster;
#[cfg(feature = "ssr")]
pub mod slips;
mod types;

pub use api::*;
pub use pages::*;
pub use types::*;
