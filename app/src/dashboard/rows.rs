//! Reading the figures' rows. sqlx copies every value of every row it returns (about 0.25 µs
//! each on SQLite, plus ~0.7 µs a row): the province overview's three per-class reads return
//! 1,220 rows of 20 values in all, and took 12-16 ms of its 35 against ~4 ms for their SQL
//! (BENCHMARKS.md). `packed` returns such a read as one JSON text instead: 1,220 rows of 10
//! values in 1.3 ms against 3-4 ms.
use crate::db::{Db, Sql};
use crate::error::AppError;
use sea_orm::{ConnectionTrait, DbBackend, QueryResult};

pub(super) async fn rows(db: &Db, sql: &Sql) -> Result<Vec<QueryResult>, AppError> {
    let statement = sql.statement();
    db.query_all_raw(statement)
        .await
        .map_err(|e| AppError::internal("dashboard figures query", e))
}

pub(super) fn int(row: &QueryResult, i: usize) -> Result<u64, AppError> {
    let v: Option<i64> = row
        .try_get_by_index(i)
        .map_err(|e| AppError::internal("dashboard figures column", e))?;
    Ok(v.unwrap_or(0).max(0) as u64)
}

pub(super) fn key(row: &QueryResult) -> Result<i32, AppError> {
    Ok(row.try_get_by_index::<i32>(0)?)
}

/// One row of a `packed` read: integers, NULL read as 0.
pub(super) struct Ints(Vec<Option<i64>>);

impl Ints {
    /// A count: NULL (no row joined) and anything below zero read as 0, as `int` does.
    pub(super) fn int(&self, i: usize) -> u64 {
        self.0.get(i).copied().flatten().unwrap_or(0).max(0) as u64
    }

    /// The first column, the line's key (a class or county id).
    pub(super) fn key(&self) -> Result<i32, AppError> {
        self.id(0)
    }

    /// An id column.
    pub(super) fn id(&self, i: usize) -> Result<i32, AppError> {
        let v = self.0.get(i).copied().flatten().unwrap_or(0);
        i32::try_from(v).map_err(|e| AppError::internal("dashboard figures id", e))
    }
}

/// The rows of `sql`, whose `columns` integer columns are named `k0`, `k1`, …, aggregated by
/// the database into one JSON array (SQLite's `json_group_array`, PostgreSQL's `json_agg`)
/// and read as one value.
pub(super) async fn packed(db: &Db, sql: &Sql, columns: usize) -> Result<Vec<Ints>, AppError> {
    let names: Vec<String> = (0..columns).map(|i| format!("x.k{i}")).collect();
    let names = names.join(", ");
    let aggregate = match db.get_database_backend() {
        DbBackend::Postgres => {
            format!("COALESCE(CAST(json_agg(json_build_array({names})) AS TEXT), '[]')")
        }
        _ => format!("json_group_array(json_array({names}))"),
    };
    let statement = sql.wrapped(&format!("SELECT {aggregate} FROM ("), ") x");
    let row = db
        .query_one_raw(statement)
        .await
        .map_err(|e| AppError::internal("dashboard figures query", e))?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let text: String = row
        .try_get_by_index(0)
        .map_err(|e| AppError::internal("dashboard figures column", e))?;
    let lines: Vec<Vec<Option<i64>>> =
        serde_json::from_str(&text).map_err(|e| AppError::internal("dashboard figures rows", e))?;
    Ok(lines.into_iter().map(Ints).collect())
}
