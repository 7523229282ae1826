//! Assembly of the Peixun server: configuration, state, routes and the command line.
pub mod api_doc;
mod api_gate;
mod api_routes;
mod api_tokens;
mod backup;
mod checkin_routes;
pub mod cli;
pub mod config;
mod dashboard_routes;
mod form_done;
mod hours_routes;
pub mod http;
mod routes;
pub mod startup;

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    tracing_subscriber::fmt().with_env_filter(filter).init();
}
