//! The shared layer for tables in and out: decoding uploads (BOM, GB18030), reading CSV and
//! XLSX on a bounded pool off the request threads (`pool`), and one CSV/XLSX writer. It imports no domain module.
#[cfg(feature = "ssr")]
mod pool;
mod read;
mod write;

#[cfg(feature = "ssr")]
pub use pool::{cells_off_thread, off_thread, PARSERS, QUEUE};

pub use read::{cells, decode, MAX_COLUMNS, MAX_ROWS};
pub use write::{csv, guard_formula, xlsx, Cell, Table};
