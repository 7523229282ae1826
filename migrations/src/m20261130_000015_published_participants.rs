//! Who had answered a survey when its figures last moved, as a JSON list of trainee ids: the
//! contractor's list of who has not answered yet follows it, so the list moves in the same
//! steps of 5 as the figures and never shows which trainee a newly published group holds
//! beyond the group itself (issue 16, against DESIGN's anonymity rule).
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000015_published_participants"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "survey", text_null("published_participants")).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "survey", "published_participants").await?;
        Ok(())
    }
}
