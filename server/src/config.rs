//! Settings: a sane default for each, overridden by environment variables.
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// DATABASE_URL; default: SQLite file under the data directory.
    pub database_url: String,
    /// PEIXUN_DATA_DIR; default `data`.
    pub data_dir: PathBuf,
    /// PEIXUN_ADDR; default: the site address cargo-leptos passes, else 127.0.0.1:3000.
    pub addr: Option<String>,
    /// PEIXUN_DEMO=1 loads the demo data at start.
    pub demo: bool,
    /// PEIXUN_PUBLIC_URL; an https URL turns on Secure cookies.
    pub public_url: Option<String>,
    /// PEIXUN_TRUSTED_PROXY: the reverse proxy's address, whose X-Forwarded-For is believed.
    pub trusted_proxy: Option<String>,
}

impl Config {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("PEIXUN_DATA_DIR").unwrap_or_else(|| "data".into()));
        let default_db = format!("sqlite://{}/peixun.db?mode=rwc", data_dir.display());
        Config {
            database_url: var("DATABASE_URL").unwrap_or(default_db),
            data_dir,
            addr: var("PEIXUN_ADDR"),
            demo: var("PEIXUN_DEMO").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes")),
            public_url: var("PEIXUN_PUBLIC_URL"),
            trusted_proxy: var("PEIXUN_TRUSTED_PROXY"),
        }
    }

    pub fn trusted_proxy(&self) -> Result<Option<std::net::IpAddr>, String> {
        self.trusted_proxy
            .as_deref()
            .map(|p| {
                p.trim()
                    .parse()
                    .map_err(|_| format!("PEIXUN_TRUSTED_PROXY '{p}' is not an IP address"))
            })
            .transpose()
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The server secret for check-in codes: PEIXUN_SECRET, else generated on first start and
    /// kept in the data directory (never committed, never the same on two installs).
    pub fn secret(&self) -> std::io::Result<Vec<u8>> {
        if let Ok(secret) = std::env::var("PEIXUN_SECRET") {
            return Ok(secret.into_bytes());
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(hex_secret) = std::fs::read_to_string(&path) {
            return hex::decode(hex_secret.trim()).map_err(std::io::Error::other);
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let secret = rand::random::<[u8; 32]>();
        write_private(&path, &hex::encode(secret))?;
        Ok(secret.to_vec())
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}
