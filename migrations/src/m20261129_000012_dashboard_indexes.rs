//! The overview sums each trainee's approved hours per class: an index holding state and
//! hours lets it read the index alone, in order, instead of 3 M table rows.
use crate::helpers::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000012_dashboard_indexes"
    }
}

const COLUMNS: [&str; 4] = ["class_id", "trainee_id", "state", "half_hours"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index("online_hours", &COLUMNS, false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(format!("ix_online_hours_{}", COLUMNS.join("_")))
                    .table("online_hours")
                    .to_owned(),
            )
            .await
    }
}
