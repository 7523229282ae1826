//! Peixun: the Leptos app. Each domain noun is a module holding its types, server functions,
//! ssr-only services and pages.
#![recursion_limit = "256"]

pub mod admin;
pub mod auth;
pub mod checkin;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod error;
pub mod hours;
pub mod i18n;
pub mod platform;
mod shell;

#[cfg(test)]
mod architecture;
pub mod states;
pub mod survey;
pub mod training;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod time;

#[cfg(feature = "ssr")]
pub mod tabular;
pub mod ui;

pub use shell::{shell, App};
#[cfg(feature = "ssr")]
pub use shell::{PageFor, POLICY as CSP};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands mode: only the `#[island]`s on the page come alive; the rest stays the server's
    // HTML, and pages without one never load this code (`shell::holds_island`).
    leptos::mount::hydrate_islands();
    // A visible sign that the WASM ran: end-to-end tests wait for it, so a release build that
    // never hydrates (Debian's binaryen 108) fails the suite instead of passing unnoticed.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
