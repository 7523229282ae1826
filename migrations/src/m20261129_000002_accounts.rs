//! Accounts, sessions, login throttling, the audit log and import runs.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

const TABLES: &[&str] = &[
    "app_user",
    "auth_session",
    "login_throttle",
    "audit_log",
    "import_run",
];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000002_accounts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            // "user" is reserved in PostgreSQL, hence app_user.
            Table::create()
                .table("app_user")
                .col(pk_auto("id"))
                .col(string("role"))
                // Staff log in by username; trainees by phone (their trainee row holds it).
                .col(string_uniq("login"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(integer_null("contractor_id"))
                .col(integer_null("county_id"))
                .col(boolean("active").default(true))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("app_user", "contractor_id", "contractor"))
                .foreign_key(&mut fk("app_user", "county_id", "county"))
                .take(),
            Table::create()
                .table("auth_session")
                .col(pk_auto("id"))
                // SHA-256 of the cookie token: a leaked table cannot be replayed as cookies.
                .col(string_uniq("token_hash"))
                .col(integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk("auth_session", "user_id", "app_user"))
                .take(),
            Table::create()
                .table("login_throttle")
                .col(string("key").primary_key())
                .col(integer("failures"))
                .col(timestamp_with_time_zone("window_started_at"))
                .take(),
            Table::create()
                .table("audit_log")
                .col(pk_auto("id"))
                .col(integer_null("user_id"))
                .col(string("action"))
                .col(string("target"))
                .col(text("detail"))
                .col(string_null("ip"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("audit_log", "user_id", "app_user"))
                .take(),
            Table::create()
                .table("import_run")
                .col(pk_auto("id"))
                // Null for a refused file: the attempt and its errors are still kept.
                .col(integer_null("programme_id"))
                .col(boolean("succeeded"))
                .col(integer_null("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(text("report_json"))
                .foreign_key(&mut fk("import_run", "programme_id", "programme"))
                .foreign_key(&mut fk("import_run", "user_id", "app_user"))
                .take(),
        ];
        let indexes = vec![
            index("auth_session", &["user_id"], false),
            index("audit_log", &["created_at"], false),
        ];
        create_all(manager, tables, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
