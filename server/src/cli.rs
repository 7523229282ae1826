//! The command line: serve (default), migrate, import, create-admin, recount, backup, restore.
use crate::config::Config;
use crate::startup;
use app::admin::service::{import_programme, ImportInput};
use app::auth::service::{create_user, generate_password, NewUser};
use app::auth::Role;
use leptos::prelude::LeptosOptions;

const USAGE: &str = "usage:
  peixun [serve]                        run the web server
  peixun migrate                        apply database migrations and exit
  peixun import --projects FILE --counties FILE [--programme NAME] [--year YEAR]
  peixun create-admin LOGIN [--name NAME]   create an admin; prints a generated password
  peixun recount                        rebuild the evaluator's counts from the raw records and report differences
  peixun backup FILE                    copy database, secret key and evidence into FILE (safe while serving)
  peixun restore FILE [--force]         unpack a backup into the data directory";

pub async fn run(config: Config, args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(config).await,
        Some("migrate") => startup::prepare(&config)
            .await
            .map(|_| println!("migrations applied")),
        Some("import") => import(config, &args[1..]).await,
        Some("create-admin") => create_admin(config, &args[1..]).await,
        Some("recount") => recount(config).await,
        Some("backup") => match args.get(1) {
            Some(file) => crate::backup::backup(&config, file.as_ref())
                .await
                .map(|done| println!("{done}")),
            None => Err(USAGE.to_owned()),
        },
        Some("restore") => match args.get(1).filter(|a| !a.starts_with("--")) {
            Some(file) => {
                let force = args.iter().any(|a| a == "--force");
                crate::backup::restore(&config, file.as_ref(), force)
                    .await
                    .map(|done| println!("{done}"))
            }
            None => Err(USAGE.to_owned()),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

async fn serve(config: Config) -> Result<(), String> {
    let state = startup::prepare(&config).await?;
    let leptos = leptos_options(&config)?;
    let addr = leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    if config.demo {
        print_demo_logins(addr);
    }
    tracing::info!("Peixun listening on http://{addr}");
    startup::serve(listener, startup::router(leptos, state))
        .await
        .map_err(|e| e.to_string())
}

/// cargo-leptos passes the site layout in LEPTOS_* variables; a bare binary (tests, a
/// deployment without them) gets the same layout by default.
fn leptos_options(config: &Config) -> Result<LeptosOptions, String> {
    let mut options = if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        leptos::prelude::get_configuration(None)
            .map_err(|e| e.to_string())?
            .leptos_options
    } else {
        startup::default_leptos_options()
    };
    // A release built by cargo-leptos holds only hashed file names; the environment decides
    // when it says (cargo leptos serve sets it).
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = startup::hash_file_beside_binary();
    }
    if let Some(addr) = &config.addr {
        options.site_addr = addr
            .parse()
            .map_err(|e| format!("PEIXUN_ADDR '{addr}': {e}"))?;
    }
    Ok(options)
}

fn print_demo_logins(addr: std::net::SocketAddr) {
    println!("\nPeixun is running at http://{addr} with demo data. Demo logins:");
    for (role, login, secret) in app::demo::DEMO_LOGINS {
        let how = if role == Role::Trainee {
            "手机号 / 密码"
        } else {
            "用户名 / 密码"
        };
        println!("  {:<8} {how}: {login} / {secret}", role.label());
    }
    println!();
}

async fn import(config: Config, args: &[String]) -> Result<(), String> {
    let (Some(projects), Some(counties)) = (flag(args, "--projects"), flag(args, "--counties"))
    else {
        return Err(USAGE.to_owned());
    };
    let programme =
        flag(args, "--programme").unwrap_or_else(|| app::admin::seed::PROGRAMME.to_owned());
    let year = flag(args, "--year")
        .map_or(Ok(2022), |y| y.parse())
        .map_err(|_| "--year must be a number".to_owned())?;
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"));
    let (projects_bytes, counties_bytes) = (read(&projects)?, read(&counties)?);
    let state = startup::prepare(&config).await?;
    let input = ImportInput {
        programme: &programme,
        year,
        projects_file: (&projects, &projects_bytes),
        counties_file: (&counties, &counties_bytes),
    };
    let (_, report) = import_programme(&state.db, input, None)
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", app::admin::report_text(&report));
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err("the files were refused; nothing was imported".into())
    }
}

/// Rebuilds the kept counts (issue 15) from the raw rows, class by class while the servers
/// keep serving, and names the classes whose counts were wrong: each is a write that
/// skipped `training::counts::refresh`, a bug to report.
async fn recount(config: Config) -> Result<(), String> {
    let state = startup::prepare(&config).await?;
    let done = app::training::counts::recount_all(&state.db)
        .await
        .map_err(|e| format!("recount failed: {e}"))?;
    println!("recounted {} classes", done.classes);
    if done.differed.is_empty() && !done.counties_differed {
        println!("every kept count matched the records");
    }
    if !done.differed.is_empty() {
        println!(
            "{} classes had counts that differed from their records and are now repaired: {:?}",
            done.differed.len(),
            done.differed
        );
    }
    if done.counties_differed {
        println!("the figures per programme and county differed from their classes' and are now repaired");
    }
    Ok(())
}

async fn create_admin(config: Config, args: &[String]) -> Result<(), String> {
    let Some(login) = args.first().filter(|a| !a.starts_with("--")) else {
        return Err(USAGE.to_owned());
    };
    let name = flag(args, "--name").unwrap_or_else(|| login.clone());
    let state = startup::prepare(&config).await?;
    let password = generate_password();
    let user = NewUser {
        role: Role::Admin,
        login: login.clone(),
        display_name: name,
        secret: password.clone(),
        contractor_id: None,
        county_id: None,
    };
    create_user(&state.db, &state.hasher, user, None)
        .await
        .map_err(|e| e.to_string())?;
    println!("admin '{login}' created. Password (shown once): {password}");
    Ok(())
}
