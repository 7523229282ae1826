//! A tap kept on the phone while the signal was gone and sent later (issue 14): the check-in
//! keeps the time it was tapped, and this column the seconds between the tap and its arrival,
//! so the sheet can say "延迟提交 3 分钟" and evaluators can weigh it.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000016_checkin_delay"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "checkin", integer_null("delay_s")).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "checkin", "delay_s").await?;
        Ok(())
    }
}
