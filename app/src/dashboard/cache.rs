//! The overview's figures, kept for a minute per scope. Computing them reads every check-in
//! and hours record of the programme (seconds on SQLite at a province's scale, BENCHMARKS.md),
//! while evaluators need them at most a minute old: the page says when they were computed.
//! A stale entry is served at once while one task recomputes it, so no reader waits twice.
use super::service::programme_figures;
use super::types::ProjectList;
use crate::auth::Me;
use crate::db::Db;
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const FRESH_FOR: Duration = Duration::from_secs(60);

struct Entry {
    at: Instant,
    list: Arc<ProjectList>,
    refreshing: bool,
}

/// Keyed by the reader's county (None: the whole province), since that is all that changes
/// what a reader of the overview may see.
#[derive(Clone, Default)]
pub struct FiguresCache(Arc<Mutex<HashMap<Option<i32>, Entry>>>);

impl FiguresCache {
    /// The cache the server provides as context to server fns.
    pub fn from_context() -> Result<Self, AppError> {
        crate::state::from_context()
    }

    pub async fn get(&self, db: &Db, me: &Me) -> Result<Arc<ProjectList>, AppError> {
        let key = me.county_id;
        let stale = {
            let mut map = self.0.lock().expect("figures cache lock");
            match map.get_mut(&key) {
                Some(e) if e.at.elapsed() < FRESH_FOR => return Ok(e.list.clone()),
                Some(e) if e.refreshing => return Ok(e.list.clone()),
                Some(e) => {
                    e.refreshing = true;
                    Some(e.list.clone())
                }
                None => None,
            }
        };
        match stale {
            Some(list) => {
                let (cache, db, me) = (self.clone(), db.clone(), me.clone());
                tokio::spawn(async move {
                    if let Err(err) = cache.compute(&db, &me).await {
                        tracing::warn!(?err, "refreshing the overview's figures failed");
                        cache.release(me.county_id);
                    }
                });
                Ok(list)
            }
            // The first reader's computation runs as its own task: if the reader gives up
            // (a phone's dropped connection, the server's 30 s page deadline), it still
            // finishes and fills the cache for the next one instead of starting over.
            None => {
                let (cache, db, me) = (self.clone(), db.clone(), me.clone());
                tokio::spawn(async move { cache.compute(&db, &me).await })
                    .await
                    .map_err(|e| AppError::internal("computing the overview's figures", e))?
            }
        }
    }

    async fn compute(&self, db: &Db, me: &Me) -> Result<Arc<ProjectList>, AppError> {
        let list = Arc::new(programme_figures(db, me).await?);
        let entry = Entry {
            at: Instant::now(),
            list: list.clone(),
            refreshing: false,
        };
        self.0
            .lock()
            .expect("figures cache lock")
            .insert(me.county_id, entry);
        Ok(list)
    }

    /// After a failed refresh, the next reader tries again.
    fn release(&self, key: Option<i32>) {
        if let Some(e) = self.0.lock().expect("figures cache lock").get_mut(&key) {
            e.refreshing = false;
        }
    }
}
