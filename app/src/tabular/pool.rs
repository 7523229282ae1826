//! Reading uploaded tables off the server's request threads (issue 35): 12 parallel roster
//! uploads of a 60 KB XLSX (60 MB unzipped, within `read`'s limits) parsed on the async
//! workers pushed `/health` to 4.3 s. Every parse of an upload now runs on the blocking pool,
//! at most `PARSERS` at once; up to `QUEUE` more wait their turn (the browser shows its page
//! loading), and past that the upload is refused at once with 429 and a message to try again.
use super::read::cells;
use crate::error::AppError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Parses at once: half the cores, at least one, so taps and pages keep the rest.
pub static PARSERS: LazyLock<usize> =
    LazyLock::new(|| std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1)));
/// Uploads that may wait for a parser; a province's contractors rarely upload at once, and a
/// parse of the largest table takes about a second on this machine kind.
pub const QUEUE: usize = 16;

static POOL: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(*PARSERS));
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Takes a place in the queue, and gives it back when dropped.
struct Waiting;

impl Waiting {
    fn take() -> Option<Waiting> {
        let before = WAITING.fetch_add(1, Ordering::SeqCst);
        let waiting = Waiting;
        (before < QUEUE).then_some(waiting)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `work` (a parse of outside input) on the blocking pool when a parser is free.
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let waiting = Waiting::take().ok_or(AppError::Busy)?;
    let permit = POOL
        .acquire()
        .await
        .map_err(|e| AppError::internal("parser pool", e))?;
    drop(waiting);
    // The permit moves into the task: a request given up while its parse runs still holds
    // its parser until the parse ends, so the bound holds.
    let mut permit = Some(permit);
    tokio::task::spawn_blocking(move || {
        let _held = permit.take();
        work()
    })
    .await
    .map_err(|e| AppError::internal("parse on the blocking pool", e))
}

/// `read::cells` off the request threads: rows of cells, or the reader's message.
pub async fn cells_off_thread(bytes: &[u8]) -> Result<Result<Vec<Vec<String>>, String>, AppError> {
    let bytes = bytes.to_vec();
    off_thread(move || cells(&bytes)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_queue_an_upload_is_refused_at_once_and_the_rest_are_parsed() {
        // Every parser held by a parse that waits for the release below.
        let release = Arc::new(Barrier::new(*PARSERS + 1));
        let mut jobs = Vec::new();
        for _ in 0..*PARSERS {
            let release = release.clone();
            jobs.push(tokio::spawn(off_thread(move || {
                release.wait();
                1
            })));
        }
        while POOL.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        for _ in 0..QUEUE {
            jobs.push(tokio::spawn(off_thread(|| 1)));
        }
        while WAITING.load(Ordering::SeqCst) < QUEUE {
            tokio::task::yield_now().await;
        }
        assert_eq!(off_thread(|| 1).await, Err(AppError::Busy));
        release.wait();
        let mut parsed = 0;
        for job in jobs {
            parsed += job.await.unwrap().unwrap();
        }
        assert_eq!(parsed, *PARSERS + QUEUE, "every queued parse ran");
        assert_eq!(WAITING.load(Ordering::SeqCst), 0);
    }
}
