//! On-site evaluation visits (线下视导评估).
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000005_evaluation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![Table::create()
            .table("evaluation_visit")
            .col(pk_auto("id"))
            .col(integer("class_id"))
            .col(integer("evaluator_id"))
            .col(date("visited_on"))
            .col(text("scores_json"))
            .col(text("notes"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("evaluation_visit", "class_id", "class"))
            .foreign_key(&mut fk("evaluation_visit", "evaluator_id", "app_user"))
            .take()];
        let indexes = vec![index("evaluation_visit", &["class_id"], false)];
        create_all(manager, tables, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["evaluation_visit"]).await
    }
}
