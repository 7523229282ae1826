//! What every request can reach: the pools, the password-hashing gate and the server secret.
//! Domain-specific handles (the check-in writer, the overview's figures) are their own
//! contexts, so this shared layer imports no domain module.
use crate::db::Db;
use crate::password::Hasher;

#[derive(Clone)]
pub struct AppState {
    /// Every write, and reads that must see them at once.
    pub db: Db,
    /// Hot reads that may run beside the writer (see `db::connect_reader`).
    pub read: Db,
    /// Where evidence images of online hours are kept (under the data directory).
    pub evidence_dir: std::path::PathBuf,
    /// Argon2id at OWASP's 19 MiB each: two at a time keeps a login burst from eating the RAM
    /// and both cores.
    pub hasher: Hasher,
    /// Adds `Secure` to cookies; on when the public URL is https.
    pub secure_cookies: bool,
    /// The server secret that check-in codes are derived from (DESIGN, "Check-in integrity").
    pub secret: std::sync::Arc<[u8]>,
    /// PEIXUN_TRUSTED_PROXY: the one peer whose X-Forwarded-For is believed.
    pub trusted_proxy: Option<std::net::IpAddr>,
}

impl AppState {
    pub fn new(db: Db, secure_cookies: bool, secret: Vec<u8>) -> Self {
        Self {
            read: db.clone(),
            evidence_dir: "data/evidence".into(),
            db,
            hasher: Hasher::new(2),
            secure_cookies,
            secret: secret.into(),
            trusted_proxy: None,
        }
    }

    pub fn with_trusted_proxy(mut self, proxy: Option<std::net::IpAddr>) -> Self {
        self.trusted_proxy = proxy;
        self
    }

    pub fn with_evidence_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.evidence_dir = dir;
        self
    }

    pub fn with_reader(mut self, read: Db) -> Self {
        self.read = read;
        self
    }

    /// The state a server fn or page runs with, provided as Leptos context by the server.
    pub fn get() -> Result<Self, crate::error::AppError> {
        from_context()
    }
}

/// A value the server provides as Leptos context to every server fn and page.
pub fn from_context<T: Clone + Send + Sync + 'static>() -> Result<T, crate::error::AppError> {
    leptos::prelude::use_context::<T>()
        .ok_or_else(|| crate::error::AppError::internal("context", std::any::type_name::<T>()))
}
