use sea_orm::entity::prelude::*;

/// A read-API token (issue 16). `token_hash` is the SHA-256 of the token; the token itself
/// is never stored.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub token_hash: String,
    pub programme_id: i32,
    /// Set: the token reads that county's view only, as a county evaluator would.
    pub county_id: Option<i32>,
    /// Phones in full; otherwise masked as on the evaluators' exports.
    pub full_phones: bool,
    /// May send the online platform's log of hours (平台核验), issue 34.
    pub writes_hours: bool,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
