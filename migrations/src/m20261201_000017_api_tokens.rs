//! Tokens for the read API (issue 16): the provincial platform reads a programme's figures
//! with a token an admin made. Only the token's SHA-256 is kept; the token itself is shown
//! once, at creation.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000017_api_tokens"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![Table::create()
            .table("api_token")
            .col(pk_auto("id"))
            .col(text("name"))
            .col(text("token_hash").unique_key())
            .col(integer("programme_id"))
            .col(integer_null("county_id"))
            .col(boolean("full_phones"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .col(timestamp_with_time_zone_null("last_used_at"))
            .col(integer("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut fk("api_token", "programme_id", "programme"))
            .foreign_key(&mut fk("api_token", "county_id", "county"))
            .foreign_key(&mut fk("api_token", "created_by", "app_user"))
            .take()];
        create_all(manager, tables, vec![]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["api_token"]).await
    }
}
