//! Database connection: SQLite by default, PostgreSQL when DATABASE_URL says so.
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, IsolationLevel, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
    Value,
};
use std::time::Duration;

pub type Db = DatabaseConnection;

/// Opens the pool with the pragmas attendance evidence needs (DESIGN, "Storage").
///
/// SQLite gets a single connection: it is the one writer DESIGN asks for, so writes never
/// fight over the lock, and an in-memory database stays one database.
pub async fn connect(url: &str) -> Result<Db, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        options.max_connections(1).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    } else {
        options
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10));
    }
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        check_sqlite_pragmas(&db, url).await?;
    }
    Ok(db)
}

/// How much of the file each reader maps instead of copying pages through `read()`: a
/// province-year is ~750 MB, and copying its pages took a tenth of an evaluator page's CPU
/// (BENCHMARKS.md, "The targets on a faster machine"). Readers only: the one writer keeps
/// SQLite's default, so a write never touches a mapped page.
const READER_MMAP_BYTES: u64 = 1 << 30;

/// A pool for reads that may run beside the writer: on a SQLite file, WAL lets readers
/// proceed while the one writer commits, so the hot read paths (who is calling, which session)
/// do not queue behind a check-in's fsync. In-memory SQLite and PostgreSQL share `db`: an
/// in-memory database exists only on its own connection, and PostgreSQL pools anyway.
pub async fn connect_reader(url: &str, db: &Db) -> Result<Db, DbErr> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(db.clone());
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(4)
        .map_sqlx_sqlite_opts(|o| {
            o.read_only(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .pragma("mmap_size", READER_MMAP_BYTES.to_string())
        });
    Database::connect(options).await
}

/// Fails at start if a pragma did not take, rather than silently running on DELETE journaling.
async fn check_sqlite_pragmas(db: &Db, url: &str) -> Result<(), DbErr> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let expected_journal = if in_memory { "memory" } else { "wal" };
    for (pragma, expected) in [
        ("journal_mode", expected_journal),
        ("synchronous", "2"),
        ("foreign_keys", "1"),
    ] {
        let row = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("PRAGMA {pragma}"),
            ))
            .await?
            .ok_or_else(|| DbErr::Custom(format!("PRAGMA {pragma} returned nothing")))?;
        let value: String = row
            .try_get_by_index::<String>(0)
            .or_else(|_| row.try_get_by_index::<i32>(0).map(|v| v.to_string()))?;
        if !value.eq_ignore_ascii_case(expected) {
            return Err(DbErr::Custom(format!(
                "PRAGMA {pragma} is {value}, expected {expected}"
            )));
        }
    }
    Ok(())
}

/// Starts a write transaction. On SQLite it takes the write lock up front (BEGIN IMMEDIATE) so a
/// read-then-write transaction cannot fail half-way with SQLITE_BUSY.
///
/// On PostgreSQL it is READ COMMITTED whatever the server's default: a statement after an
/// advisory lock (`lock_in`) must see what the lock's previous holder committed, which a
/// snapshot taken at the transaction's first statement would not.
pub async fn begin_write(db: &Db) -> Result<DatabaseTransaction, DbErr> {
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        isolation_level: postgres.then_some(IsolationLevel::ReadCommitted),
        ..Default::default()
    };
    db.begin_with_options(options).await
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The PostgreSQL advisory locks Peixun takes, as the first key of the two-key form, so two
/// kinds of work never share a lock by accident.
#[derive(Debug, Clone, Copy)]
#[repr(i32)]
pub enum AdvisoryLock {
    /// One session's check-ins, for a write transaction (`checkin::writer`).
    SessionCheckins = 1,
    /// The periodic tasks' leader, held for the life of a connection (`Leader`).
    PeriodicTasks = 2,
    /// Start-up work (migrations, the demo data), one server at a time (`StartLock`).
    Starting = 3,
    /// One class's kept counts (`training::counts`): two servers recounting the same class
    /// would each delete the rows they saw and insert theirs, and the second would collide.
    ClassCounts = 4,
    /// One class's evidence images (`hours::evidence`): the quotas are sums two uploads must
    /// not read at once.
    ClassEvidence = 5,
}

/// A pool of exactly one connection that is never replaced, for session-level advisory
/// locks: a pool that recycled the connection would drop the lock with it.
async fn dedicated(url: &str) -> Result<Db, DbErr> {
    let forever = Duration::from_secs(100 * 365 * 24 * 3600);
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(forever)
        .max_lifetime(forever)
        .acquire_timeout(Duration::from_secs(10));
    Database::connect(options).await
}

/// Servers that start together on one PostgreSQL migrate and load the demo one after the
/// other: the second waits here, then finds the work done. On SQLite, nothing to wait for.
pub struct StartLock(Option<Db>);

impl StartLock {
    pub async fn acquire(url: &str) -> Result<StartLock, DbErr> {
        if url.starts_with("sqlite:") {
            return Ok(StartLock(None));
        }
        let db = dedicated(url).await?;
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_lock($1, 0)",
            [(AdvisoryLock::Starting as i32).into()],
        ))
        .await?;
        Ok(StartLock(Some(db)))
    }

    /// Closing the connection releases the lock.
    pub async fn release(self) {
        if let Some(db) = self.0 {
            let _ = db.close().await;
        }
    }
}

/// Takes a transaction-scoped advisory lock on PostgreSQL; released at commit or rollback.
/// SQLite has one writer already (BEGIN IMMEDIATE), so there it is nothing.
pub async fn lock_in(
    txn: &impl ConnectionTrait,
    lock: AdvisoryLock,
    key: i32,
) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [(lock as i32).into(), key.into()],
    ))
    .await
    .map(|_| ())
}

/// Which of several app servers sharing one PostgreSQL runs the periodic tasks (purges;
/// issue 15): the one holding a session-level advisory lock on a connection of its own.
/// The lock lives as long as that connection, so when the leader's process stops the next
/// server to ask takes over. On SQLite one file has one server, which always leads.
pub struct Leader(Option<Db>);

impl Leader {
    pub async fn connect(url: &str) -> Result<Leader, DbErr> {
        if url.starts_with("sqlite:") {
            return Ok(Leader(None));
        }
        Ok(Leader(Some(dedicated(url).await?)))
    }

    /// Whether this server leads now. Asking again while leading keeps the lead (the lock
    /// is taken once more, which costs nothing); after a lost connection (the database
    /// restarted) the pool reconnects and the next tick asks anew.
    pub async fn is_leader(&self) -> bool {
        let Some(db) = &self.0 else { return true };
        let asked = db
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_lock($1, 0)",
                [(AdvisoryLock::PeriodicTasks as i32).into()],
            ))
            .await;
        match asked {
            Ok(Some(row)) => row.try_get_by_index::<bool>(0).unwrap_or(false),
            Ok(None) => false,
            Err(err) => {
                tracing::warn!(error = ?err, "cannot ask for the periodic tasks' lock");
                false
            }
        }
    }

    pub async fn close(self) {
        if let Some(db) = self.0 {
            let _ = db.close().await;
        }
    }
}

/// A statement and its values. Each `bind` writes the backend's own placeholder where its
/// text has a `?` (`?` on SQLite, `$n` on PostgreSQL), so no finished text is ever rewritten.
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// `text` holds exactly one `?`: where the value goes.
    pub fn bind(&mut self, text: &str, value: impl Into<Value>) -> &mut Sql {
        let (before, after) = text.split_once('?').expect("a bound fragment has a `?`");
        debug_assert!(!after.contains('?'), "one value per fragment: {text}");
        self.values.push(value.into());
        let placeholder = match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        };
        self.text.push_str(before);
        self.text.push_str(&placeholder);
        self.text.push_str(after);
        self
    }

    pub fn statement(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }

    /// The statement inside `before` … `after`, which bind nothing, as a subquery.
    pub fn wrapped(&self, before: &str, after: &str) -> Statement {
        let text = format!("{before}{}{after}", self.text);
        Statement::from_sql_and_values(self.backend, text, self.values.clone())
    }
}

/// Runs a statement whose rows nobody reads, in the caller's transaction.
pub async fn run(txn: &impl ConnectionTrait, sql: &Sql) -> Result<(), DbErr> {
    txn.execute_raw(sql.statement()).await.map(|_| ())
}

/// Integers written into the statement: ids from our own rows, never from the request.
pub fn id_list(ids: impl IntoIterator<Item = i32>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|i| i.to_string()).collect();
    ids.join(", ")
}
