//! The shared layer for tables in and out: decoding uploads (BOM, GB18030), reading CSV and
//! XLSX, and one CSV/XLSX writer. It imports no domain module.
mod read;
mod write;

pub use read::{cells, decode, MAX_COLUMNS, MAX_ROWS};
pub use write::{csv, guard_formula, xlsx, Cell, Table};
