//! Programme, counties, contractors and projects: what the annual notice's annexes hold.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

const TABLES: &[&str] = &[
    "programme",
    "county",
    "contractor",
    "contractor_alias",
    "project",
    "project_county",
];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000001_programme"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("programme")
                .col(pk_auto("id"))
                .col(string_uniq("name"))
                .col(integer("year"))
                .col(string_null("document_no"))
                .col(date_null("end_date"))
                // 学时 credited per on-site day, e.g. 6; used when hours are registered.
                .col(integer("onsite_day_hours").default(6))
                // Satisfaction threshold in percent; DESIGN: default 90%.
                .col(integer("satisfaction_threshold").default(90))
                .take(),
            Table::create()
                .table("county")
                .col(pk_auto("id"))
                .col(string_uniq("name"))
                .col(string_null("city"))
                .col(string("category"))
                .take(),
            Table::create()
                .table("contractor")
                .col(pk_auto("id"))
                .col(string_uniq("name"))
                .take(),
            Table::create()
                .table("contractor_alias")
                .col(pk_auto("id"))
                .col(integer("contractor_id"))
                .col(string_uniq("alias"))
                .foreign_key(&mut fk("contractor_alias", "contractor_id", "contractor"))
                .take(),
            Table::create()
                .table("project")
                .col(pk_auto("id"))
                .col(integer("programme_id"))
                // Row number in the annex: names repeat, so (programme, seq) identifies a row.
                .col(integer("seq"))
                .col(string("name"))
                .col(text("trainees"))
                .col(string("mode"))
                .col(string("duration_text"))
                .col(integer_null("onsite_days"))
                .col(integer_null("online_hours"))
                .col(integer("headcount"))
                .col(string("scope_kind"))
                .col(string_null("scope_category"))
                .col(text("scope_text"))
                .col(integer_null("contractor_id"))
                .foreign_key(&mut fk("project", "programme_id", "programme"))
                .foreign_key(&mut fk("project", "contractor_id", "contractor"))
                .take(),
            Table::create()
                .table("project_county")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                // Null when the annex names a county that annex 2 does not list.
                .col(integer_null("county_id"))
                .col(string("county_name"))
                .foreign_key(&mut fk("project_county", "project_id", "project"))
                .foreign_key(&mut fk("project_county", "county_id", "county"))
                .take(),
        ];
        let indexes = vec![
            index("project", &["programme_id", "seq"], true),
            index("project", &["contractor_id"], false),
            index("project_county", &["project_id", "county_name"], true),
            index("project_county", &["county_id"], false),
        ];
        create_all(manager, tables, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
