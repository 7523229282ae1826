//! The county a roster gives for a trainee, as written: the programme's county table lists
//! only its project counties, and a trainee from elsewhere must not lose theirs.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000008_trainee_county"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "trainee", string_null("county_name").take()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "trainee", "county_name").await?;
        Ok(())
    }
}
