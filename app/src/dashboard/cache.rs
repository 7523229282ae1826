//! The overview's figures, kept for a minute per scope. Computing them reads every check-in
//! and hours record of the programme (seconds on SQLite at a province's scale, BENCHMARKS.md),
//! while evaluators need them at most a minute old: the page says when they were computed.
//! A stale entry is served at once while one task recomputes it, so no reader waits twice.
use super::service::{programme_figures, programme_figures_of};
use super::types::ProjectList;
use crate::auth::Me;
use crate::db::Db;
use crate::entities::programme;
use crate::error::AppError;
use sea_orm::EntityTrait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const FRESH_FOR: Duration = Duration::from_secs(60);

struct Entry {
    at: Instant,
    list: Arc<ProjectList>,
    refreshing: bool,
}

/// Keyed by the programme (None: the latest, which the pages show; the read API names one)
/// and the reader's county (None: the whole province), since that is all that changes what
/// a reader of the overview may see.
type Key = (Option<i32>, Option<i32>);

#[derive(Clone, Default)]
pub struct FiguresCache(Arc<Mutex<HashMap<Key, Entry>>>);

impl FiguresCache {
    /// The cache the server provides as context to server fns.
    pub fn from_context() -> Result<Self, AppError> {
        crate::state::from_context()
    }

    /// The latest programme's figures, as the overview shows them.
    pub async fn get(&self, db: &Db, me: &Me) -> Result<Arc<ProjectList>, AppError> {
        self.get_key(db, me, (None, me.county_id)).await
    }

    /// One programme's figures, for the read API's tokens of an earlier year.
    pub async fn get_of(
        &self,
        db: &Db,
        me: &Me,
        programme_id: i32,
    ) -> Result<Arc<ProjectList>, AppError> {
        self.get_key(db, me, (Some(programme_id), me.county_id))
            .await
    }

    async fn get_key(&self, db: &Db, me: &Me, key: Key) -> Result<Arc<ProjectList>, AppError> {
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
                    if let Err(err) = cache.compute(&db, &me, key).await {
                        tracing::warn!(?err, "refreshing the overview's figures failed");
                        cache.release(key);
                    }
                });
                Ok(list)
            }
            // The first reader's computation runs as its own task: if the reader gives up
            // (a phone's dropped connection, the server's 30 s page deadline), it still
            // finishes and fills the cache for the next one instead of starting over.
            None => {
                let (cache, db, me) = (self.clone(), db.clone(), me.clone());
                tokio::spawn(async move { cache.compute(&db, &me, key).await })
                    .await
                    .map_err(|e| AppError::internal("computing the overview's figures", e))?
            }
        }
    }

    async fn compute(&self, db: &Db, me: &Me, key: Key) -> Result<Arc<ProjectList>, AppError> {
        let list = Arc::new(match key.0 {
            None => programme_figures(db, me).await?,
            Some(id) => {
                let programme = programme::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound)?;
                programme_figures_of(db, me, programme).await?
            }
        });
        let entry = Entry {
            at: Instant::now(),
            list: list.clone(),
            refreshing: false,
        };
        self.0
            .lock()
            .expect("figures cache lock")
            .insert(key, entry);
        Ok(list)
    }

    /// After a failed refresh, the next reader tries again.
    fn release(&self, key: Key) {
        if let Some(e) = self.0.lock().expect("figures cache lock").get_mut(&key) {
            e.refreshing = false;
        }
    }
}
