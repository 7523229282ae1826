//! The county a roster gives for a trainee, as written: the programme's county table lists
//! only its project counties, and a trainee from elsewhere must not lose theirs.
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
        manager
            .alter_table(
                Table::alter()
                    .table("trainee")
                    .add_column(string_null("county_name"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("trainee")
                    .drop_column(Alias::new("county_name"))
                    .take(),
            )
            .await
    }
}
