//! What on-site check-in needs beyond the first schema: a class's capacity, a session's
//! title, the trainee's access code kept for reprinting the roster sheet, and roster imports
//! with their reports.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000006_checkin"
    }
}

/// One column per ALTER: SQLite adds only one at a time.
fn columns() -> Vec<(&'static str, ColumnDef)> {
    vec![
        ("class", integer_null("capacity")),
        ("session", string("title").default("").take()),
        // The 6-digit code printed on the roster sheet; login checks its argon2 hash.
        ("trainee", string_null("access_code")),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in columns() {
            add_column(manager, table, column).await?;
        }
        let runs = Table::create()
            .table("roster_import")
            .col(pk_auto("id"))
            .col(integer("class_id"))
            .col(integer("user_id"))
            .col(boolean("succeeded"))
            .col(timestamp_with_time_zone("created_at"))
            .col(text("report_json"))
            .foreign_key(&mut fk("roster_import", "class_id", "class"))
            .foreign_key(&mut fk("roster_import", "user_id", "app_user"))
            .take();
        create_all(
            manager,
            vec![runs],
            vec![index("roster_import", &["class_id"], false)],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["roster_import"]).await?;
        for (table, column) in columns() {
            drop_column(manager, table, &column.get_column_name()).await?;
        }
        Ok(())
    }
}
