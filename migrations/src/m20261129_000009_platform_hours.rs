//! Platform-log imports of online hours: a key per imported row, unique within its class, so
//! importing the same file again adds nothing; and the import runs with their reports.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000009_platform_hours"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "online_hours", string_null("import_key")).await?;
        let runs = Table::create()
            .table("hours_import")
            .col(pk_auto("id"))
            .col(integer("class_id"))
            .col(integer("user_id"))
            .col(boolean("applied"))
            .col(timestamp_with_time_zone("created_at"))
            .col(text("report_json"))
            .foreign_key(&mut fk("hours_import", "class_id", "class"))
            .foreign_key(&mut fk("hours_import", "user_id", "app_user"))
            .take();
        create_all(
            manager,
            vec![runs],
            vec![index("online_hours", &["class_id", "import_key"], true)],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["hours_import"]).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_online_hours_class_id_import_key")
                    .table("online_hours")
                    .to_owned(),
            )
            .await?;
        drop_column(manager, "online_hours", "import_key").await
    }
}
