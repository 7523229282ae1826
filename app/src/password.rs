//! Password and access-code hashing: Argon2id at OWASP's parameters, run off the async
//! threads a few at a time. A shared layer, so that auth (logins) and training (roster
//! imports) use the same gate.
use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// OWASP password storage cheat sheet: Argon2id, m=19 MiB, t=2, p=1.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Runs Argon2 off the async threads, a few at a time. Bulk work (a class's login slips)
/// has its own single slot, so that it never queues in front of people logging in
/// (issue 13: a large roster blocked every login for minutes).
#[derive(Clone)]
pub struct Hasher {
    logins: Arc<Semaphore>,
    bulk: Arc<Semaphore>,
}

impl Hasher {
    pub fn new(parallel: usize) -> Self {
        Hasher {
            logins: Arc::new(Semaphore::new(parallel)),
            bulk: Arc::new(Semaphore::new(1)),
        }
    }

    pub async fn hash(&self, secret: &str) -> Result<String, AppError> {
        Self::hash_on(&self.logins, secret).await
    }

    /// A hash for bulk work, on its own slot.
    pub async fn hash_bulk(&self, secret: &str) -> Result<String, AppError> {
        Self::hash_on(&self.bulk, secret).await
    }

    async fn hash_on(gate: &Semaphore, secret: &str) -> Result<String, AppError> {
        let secret = secret.to_owned();
        Self::run(gate, move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(secret.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await?
        .map_err(|e| AppError::internal("hash password", e))
    }

    pub async fn verify(&self, hash: &str, secret: &str) -> Result<bool, AppError> {
        let (hash, secret) = (hash.to_owned(), secret.to_owned());
        Self::run(&self.logins, move || match PasswordHash::new(&hash) {
            Ok(parsed) => argon2().verify_password(secret.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        })
        .await
    }

    async fn run<T: Send + 'static>(
        gate: &Semaphore,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = gate
            .acquire()
            .await
            .map_err(|e| AppError::internal("hash gate", e))?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| AppError::internal("hash task", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Twelve bulk hashes queue on their one slot; a login's hash, asked for after the first
    /// is done, is done while most of them still wait (issue 13: an import used to block logins).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_login_does_not_wait_behind_bulk_hashing() {
        let hasher = Hasher::new(2);
        let done = Arc::new(AtomicUsize::new(0));
        let mut bulk = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let (hasher, done) = (hasher.clone(), done.clone());
            bulk.spawn(async move {
                hasher.hash_bulk("slip-code").await.unwrap();
                done.fetch_add(1, Ordering::SeqCst);
            });
        }
        // Once one has finished, all twelve have long been queued.
        while done.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        let hash = hasher.hash("246810").await.unwrap();
        let finished = done.load(Ordering::SeqCst);
        assert!(
            finished < 6,
            "{finished} of 12 bulk hashes ran before the login's"
        );
        assert!(hasher.verify(&hash, "246810").await.unwrap());
        while bulk.join_next().await.is_some() {}
        assert_eq!(done.load(Ordering::SeqCst), 12);
    }
}
