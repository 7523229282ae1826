//! What every request can reach: the pool and the password-hashing gate.
use crate::auth::service::Hasher;
use crate::checkin::writer::CheckinWriter;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    /// Every write, and reads that must see them at once.
    pub db: Db,
    /// Hot reads that may run beside the writer (see `db::connect_reader`).
    pub read: Db,
    /// Check-ins are written in group commits by one task (see `checkin::writer`).
    pub checkins: CheckinWriter,
    /// Where evidence images of online hours are kept (under the data directory).
    pub evidence_dir: std::path::PathBuf,
    /// Argon2id at OWASP's 19 MiB each: two at a time keeps a login burst from eating the RAM
    /// and both cores.
    pub hasher: Hasher,
    /// Adds `Secure` to cookies; on when the public URL is https.
    pub secure_cookies: bool,
    /// The server secret that check-in codes are derived from (DESIGN, "Check-in integrity").
    pub secret: std::sync::Arc<[u8]>,
    /// The evaluator overview's figures, at most a minute old (see `dashboard::cache`).
    pub figures: crate::dashboard::cache::FiguresCache,
}

impl AppState {
    /// Starts the check-in writer task, so it must run inside the Tokio runtime.
    pub fn new(db: Db, secure_cookies: bool, secret: Vec<u8>) -> Self {
        Self {
            read: db.clone(),
            checkins: CheckinWriter::start(db.clone()),
            evidence_dir: "data/evidence".into(),
            db,
            hasher: Hasher::new(2),
            secure_cookies,
            secret: secret.into(),
            figures: Default::default(),
        }
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
        leptos::prelude::use_context::<Self>()
            .ok_or_else(|| crate::error::AppError::internal("context", "AppState missing"))
    }
}
