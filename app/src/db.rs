//! Database connection: SQLite by default, PostgreSQL when DATABASE_URL says so.
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
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
pub async fn begin_write(db: &Db) -> Result<DatabaseTransaction, DbErr> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    db.begin_with_options(options).await
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
