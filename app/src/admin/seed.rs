//! The real 2022 Jiangxi programme (the notice's annex tables), imported through the same
//! service as an upload: the demo and the tests start from it.
use super::service::{import_programme, ImportInput};
use crate::db::Db;
use crate::error::AppError;

pub const PROJECTS_TSV: &[u8] = include_bytes!("../../seed/guopei-2022-projects.tsv");
pub const COUNTIES_TSV: &[u8] = include_bytes!("../../seed/guopei-2022-counties.tsv");
pub const PROGRAMME: &str = "国培计划（2022）";

pub async fn import_2022(db: &Db) -> Result<super::ImportReport, AppError> {
    let input = ImportInput {
        programme: PROGRAMME,
        year: 2022,
        projects_file: ("guopei-2022-projects.tsv", PROJECTS_TSV),
        counties_file: ("guopei-2022-counties.tsv", COUNTIES_TSV),
    };
    Ok(import_programme(db, input, None).await?.1)
}
