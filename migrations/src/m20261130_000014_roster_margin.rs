//! How far an admin lets a class roster run past its capacity (and a project's rosters past
//! the places the official table gives it), in percent. Issue 13: a contractor must not be
//! able to enrol more trainees than the programme pays for.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000014_roster_margin"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            "programme",
            integer("roster_margin_pct").default(10).take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "programme", "roster_margin_pct").await?;
        Ok(())
    }
}
