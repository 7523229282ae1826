//! Builds the application: database, migrations, state and routes.
use crate::config::Config;
use crate::http::ServerState;
use app::checkin::writer::CheckinWriter;
use app::platform::limit::Limiter;
use app::{shell, state::AppState, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use migrations::{Migrator, MigratorTrait};
use std::net::SocketAddr;

pub fn default_leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("peixun")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(SocketAddr::from(([127, 0, 0, 1], 3000)))
        .hash_files(hash_file_beside_binary())
        .build()
}

/// `cargo leptos build` writes hash.txt beside the binary when it hashes the file names
/// (`hash-files` in Cargo.toml); a bare binary from `cargo build` has none and serves the
/// unhashed names.
pub fn hash_file_beside_binary() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false)
}

/// Connects, migrates (a failed migration stops the start) and loads demo data if asked.
pub async fn prepare(config: &Config) -> Result<AppState, String> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
    }
    let db = app::db::connect(&config.database_url).await.map_err(|e| {
        format!(
            "cannot open the database at {}: {e}",
            redact(&config.database_url)
        )
    })?;
    // Several servers may start at once on one PostgreSQL (issue 15): one migrates and
    // loads the demo while the others wait, then find it done.
    let starting = app::db::StartLock::acquire(&config.database_url)
        .await
        .map_err(|e| format!("cannot take the start-up lock: {e}"))?;
    Migrator::up(&db, None)
        .await
        .map_err(|e| format!("database migration failed, not starting: {e}"))?;
    app::survey::templates::ensure_default_template(&db)
        .await
        .map_err(|e| format!("cannot add the default survey template: {e:?}"))?;
    let secret = config
        .secret()
        .map_err(|e| format!("cannot read or create the server secret: {e}"))?;
    let read = app::db::connect_reader(&config.database_url, &db)
        .await
        .map_err(|e| format!("cannot open the read pool: {e}"))?;
    let state = AppState::new(db, config.secure_cookies(), secret)
        .with_reader(read)
        .with_evidence_dir(config.data_dir.join("evidence"))
        .with_trusted_proxy(config.trusted_proxy()?);
    let leader = app::db::Leader::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the periodic tasks' connection: {e}"))?;
    tokio::spawn(purge_hourly(state.db.clone(), leader));
    if config.demo {
        app::demo::seed(&state.db, &state.hasher)
            .await
            .map_err(|e| format!("cannot load demo data: {e:?}"))?;
    }
    // A new database, or a release that changed what a count means: count every class
    // before serving (issue 15); under the start-up lock, so one server does it.
    if app::training::counts::stale(&state.db)
        .await
        .map_err(|e| format!("cannot read the counts' definition: {e}"))?
    {
        let done = app::training::counts::recount_all(&state.db)
            .await
            .map_err(|e| format!("cannot recount the evaluator's figures: {e}"))?;
        tracing::info!(
            classes = done.classes,
            differed = done.differed.len(),
            counties_differed = done.counties_differed,
            "recounted the evaluator's figures for definition {}",
            app::training::counts::DEFINITION
        );
    }
    // Records whose images were stored before their bytes were kept (issue 35) are measured
    // once from their files, so the quotas count them.
    let measured =
        app::hours::evidence::measure_unsized(&state.db, &config.data_dir.join("evidence"))
            .await
            .map_err(|e| format!("cannot measure the evidence images: {e}"))?;
    if measured > 0 {
        tracing::info!(
            records = measured,
            "measured the evidence images of older records"
        );
    }
    starting.release().await;
    Ok(state)
}

/// Expired sessions and spent throttle windows count for nothing; removing them hourly keeps
/// both tables as small as a day's logins (issue 13). With several servers on one
/// PostgreSQL only the leader purges (issue 15); the others ask again each hour.
async fn purge_hourly(db: app::db::Db, leader: app::db::Leader) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    let mut leading = false;
    loop {
        every.tick().await;
        let now_leading = leader.is_leader().await;
        if now_leading != leading {
            tracing::info!(
                leading = now_leading,
                "periodic tasks: this server {}",
                if now_leading {
                    "runs them"
                } else {
                    "leaves them to another"
                }
            );
            leading = now_leading;
        }
        if !leading {
            continue;
        }
        match app::auth::service::purge_expired(&db).await {
            Ok((sessions, throttles)) if sessions + throttles > 0 => {
                tracing::info!(
                    sessions,
                    throttles,
                    "purged expired sessions and throttle rows"
                )
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = ?err, "purge of expired sessions failed"),
        }
    }
}

/// Ctrl-C or SIGTERM (what systemd and docker send): the server stops accepting, lets the
/// requests in flight finish (a tap waits for its commit), and exits 0.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stopping: finishing the requests in flight");
}

/// Hides a password in a database URL before it reaches a log line.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// The routes with their state. Starts the check-in writer task, so it must run inside the
/// Tokio runtime.
pub fn router(leptos: LeptosOptions, app: AppState) -> Router {
    let routes = generate_route_list(App);
    let https = app.secure_cookies;
    let hashed = leptos.hash_files;
    let state = ServerState {
        leptos: leptos.clone(),
        checkins: CheckinWriter::start(app.db.clone()),
        api_limiter: Limiter::default(),
        app,
    };
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.app.clone());
            provide_context(state.checkins.clone());
        }
    };
    let router = Router::new()
        .merge(crate::routes::routes())
        .merge(crate::checkin_routes::routes())
        .merge(crate::hours_routes::routes())
        .merge(crate::dashboard_routes::routes())
        .merge(crate::api_routes::routes(&state))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            https,
            crate::checkin_routes::device_cookie,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.app.clone(),
            crate::http::hydration,
        ))
        .layer(axum::middleware::from_fn(
            crate::routes::refuse_cross_origin,
        ))
        .layer(axum::middleware::from_fn(
            crate::http::bad_arguments_are_400,
        ))
        .layer(axum::middleware::from_fn(crate::form_done::mark_outcome))
        .layer(axum::middleware::from_fn(
            crate::form_done::forget_forged_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::http::PAGE_DEADLINE,
            crate::http::pages_answer_in_time,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hashed,
            crate::http::cache_headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state);
    crate::http::security_headers(router, https)
}

/// Serves until Ctrl-C. TCP_NODELAY: without it static files wait ~40 ms on Nagle
/// (DESIGN, "Performance notes").
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopped())
    .await
}
