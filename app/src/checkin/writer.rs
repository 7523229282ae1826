//! Group commit for check-ins. A venue's doors open and hundreds of phones tap within a
//! minute; with synchronous=FULL each commit waits for the disk, so one transaction per tap
//! caps the rate at the disk's fsyncs. One task owns the check-in writes and commits
//! whatever arrived while the previous batch was on disk in a single transaction.
use crate::db::{begin_write, lock_in, AdvisoryLock, Db};
use crate::entities::checkin;
use crate::error::AppError;
use crate::states::{Flag, Kind};
use crate::training::checkin_counts::CheckinCounts;
use sea_orm::sea_query::OnConflict;
use sea_orm::{prelude::*, ActiveValue::Set, DatabaseTransaction};
use tokio::sync::{mpsc, oneshot};

/// Most taps one transaction takes; more wait for the next.
const MAX_BATCH: usize = 256;

/// A check-in ready to write: the checks are done, only the shared-device flag and the
/// uniqueness need the write lock.
#[derive(Clone)]
pub struct NewCheckin {
    pub row: checkin::ActiveModel,
    pub session_id: i32,
    pub trainee_id: i32,
    pub kind: Kind,
    pub device: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// Written, with the flags it was written with.
    Inserted { flags: String },
    /// The trainee had already checked in: the first record, unchanged.
    Existing(checkin::Model),
}

type Job = (NewCheckin, oneshot::Sender<Result<Written, AppError>>);

#[derive(Clone)]
pub struct CheckinWriter(mpsc::Sender<Job>, Db);

impl CheckinWriter {
    /// The writer the server provides as context to server fns.
    pub fn from_context() -> Result<Self, AppError> {
        crate::state::from_context()
    }

    /// Spawns the writer task on the current Tokio runtime; it ends when the last handle goes.
    pub fn start(db: Db) -> Self {
        let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(db.clone(), rx));
        CheckinWriter(tx, db)
    }

    /// The database the writer writes to, for the few writes a tap makes outside the batch
    /// (the typed-code throttle).
    pub fn db(&self) -> &Db {
        &self.1
    }

    pub async fn write(&self, item: NewCheckin) -> Result<Written, AppError> {
        let (reply, answer) = oneshot::channel();
        self.0
            .send((item, reply))
            .await
            .map_err(|e| AppError::internal("check-in writer gone", e))?;
        answer
            .await
            .map_err(|e| AppError::internal("check-in writer dropped a reply", e))?
    }
}

async fn run(db: Db, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (items, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        match write_batch(&db, &items).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(Ok(result));
                }
            }
            // One bad tap must not fail the up to 255 others that shared its transaction
            // (issue 13): the batch is written again one tap per transaction. Not when the
            // transaction itself could not begin or commit: that fails them all alike, and
            // retrying each would only keep every phone waiting longer.
            Err(Failed { err, by_tap: true }) if items.len() > 1 => {
                tracing::warn!(error = ?err, taps = items.len(), "a check-in failed; writing its batch one tap at a time");
                for (item, reply) in items.iter().zip(replies) {
                    let alone = write_batch(&db, std::slice::from_ref(item)).await;
                    let alone = alone.map_err(|f| f.err);
                    let _ = reply.send(alone.and_then(|mut r| r.pop().ok_or(AppError::Internal)));
                }
            }
            Err(Failed { err, .. }) => {
                for reply in replies {
                    let _ = reply.send(Err(err.clone()));
                }
            }
        }
    }
}

/// Why a batch failed: one of its taps, or the transaction around them.
struct Failed {
    err: AppError,
    by_tap: bool,
}

async fn write_batch(db: &Db, items: &[NewCheckin]) -> Result<Vec<Written>, Failed> {
    let around = |err: AppError| Failed { err, by_tap: false };
    let txn = begin_write(db).await.map_err(|e| around(e.into()))?;
    lock_sessions(&txn, items)
        .await
        .map_err(|e| around(e.into()))?;
    // The evaluator's counts move in the same transaction (issue 15), by difference. Every
    // session of the batch: even a repeated tap may have flagged the others on its phone.
    let sessions: Vec<i32> = items.iter().map(|i| i.session_id).collect();
    let trainees: Vec<i32> = items.iter().map(|i| i.trainee_id).collect();
    let counts = CheckinCounts::before(&txn, &sessions, &trainees)
        .await
        .map_err(|e| around(e.into()))?;
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let written = write_one(&txn, item.clone()).await;
        results.push(written.map_err(|err| Failed { err, by_tap: true })?);
    }
    counts.apply(&txn).await.map_err(|e| around(e.into()))?;
    txn.commit().await.map_err(|e| around(e.into()))?;
    Ok(results)
}

/// Several app servers on one PostgreSQL each run a writer (issue 15). The shared-phone
/// check reads the session's other taps and then writes; two servers doing that at once
/// would each miss the other's uncommitted tap and flag neither. So a batch first locks its
/// sessions, in ascending order so that two batches never wait on each other in a circle.
async fn lock_sessions(txn: &DatabaseTransaction, items: &[NewCheckin]) -> Result<(), DbErr> {
    let mut sessions: Vec<i32> = items.iter().map(|i| i.session_id).collect();
    sessions.sort_unstable();
    sessions.dedup();
    for session in sessions {
        lock_in(txn, AdvisoryLock::SessionCheckins, session).await?;
    }
    Ok(())
}

async fn write_one(txn: &DatabaseTransaction, item: NewCheckin) -> Result<Written, AppError> {
    let mut row = item.row;
    let others = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(item.session_id))
        .filter(checkin::Column::DeviceId.eq(&item.device))
        .filter(checkin::Column::TraineeId.ne(item.trainee_id))
        .all(txn)
        .await?;
    if !others.is_empty() {
        let flags = match &row.flags {
            sea_orm::ActiveValue::Set(f) | sea_orm::ActiveValue::Unchanged(f) => f.clone(),
            sea_orm::ActiveValue::NotSet => String::new(),
        };
        row.flags = Set(Flag::add(&flags, Flag::SharedDevice));
        for other in others
            .into_iter()
            .filter(|o| !Flag::list(&o.flags).contains(&Flag::SharedDevice))
        {
            let flags = Flag::add(&other.flags, Flag::SharedDevice);
            let mut other: checkin::ActiveModel = other.into();
            other.flags = Set(flags);
            other.update(txn).await?;
        }
    }
    let flags = match &row.flags {
        sea_orm::ActiveValue::Set(f) | sea_orm::ActiveValue::Unchanged(f) => f.clone(),
        sea_orm::ActiveValue::NotSet => String::new(),
    };
    let inserted = checkin::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                checkin::Column::SessionId,
                checkin::Column::TraineeId,
                checkin::Column::Kind,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    if inserted > 0 {
        return Ok(Written::Inserted { flags });
    }
    let first = checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(item.session_id))
        .filter(checkin::Column::TraineeId.eq(item.trainee_id))
        .filter(checkin::Column::Kind.eq(item.kind))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("check-in conflict", "conflicting row not found"))?;
    Ok(Written::Existing(first))
}
