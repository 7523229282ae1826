//! The overview's "today" figure finds today's sessions through an index on `session.date`
//! (issue 15): the index on (class_id, date) cannot seek on the date alone, so every
//! overview walked all 17,000 sessions of the province-year for it (5-7 ms of a county
//! evaluator's ~30, BENCHMARKS.md).
use crate::helpers::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000020_session_date"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index("session", &["date"], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_session_date")
                    .table("session")
                    .to_owned(),
            )
            .await
    }
}
