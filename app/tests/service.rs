//! Every service test in one binary: each test binary links the whole stack (sea-orm, sqlx,
//! leptos), so one binary instead of six saves gigabytes of disk and minutes of linking in CI.
#[macro_use]
mod support;

mod anonymity;
mod attendance;
mod auth;
mod checkin;
mod concurrency;
mod counts;
mod credentials;
mod credits;
mod dashboard;
mod fuzz;
mod hardening;
mod hours;
mod import;
mod instances;
mod metrics;
mod missing;
mod nomination;
mod queued;
mod roster;
mod survey;
mod visits;
