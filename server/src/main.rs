//! `peixun`: the web server and its command-line tools.
use server::{cli, config::Config};

#[tokio::main]
async fn main() {
    server::init_logging();
    let config = Config::from_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(err) = cli::run(config, &args).await {
        eprintln!("peixun: {err}");
        std::process::exit(1);
    }
}
