//! The second hardening round (issue 35): a programme's first day beside its last, so a class's
//! dates are checked against both; and the bytes of each hours record's evidence images, so
//! the quotas per trainee and per class are a sum the write transaction can read.
//! Records stored before this migration count as 0 bytes until the server's start measures
//! their files (`hours::evidence::measure_unsized`).
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000023_quotas"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "programme", date_null("start_date").take()).await?;
        add_column(
            manager,
            "online_hours",
            big_integer("evidence_bytes").default(0).take(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "online_hours", "evidence_bytes").await?;
        drop_column(manager, "programme", "start_date").await
    }
}
