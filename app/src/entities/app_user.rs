use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub role: String,
    pub login: String,
    pub display_name: String,
    /// The argon2 hash of the PIN the trainee chose, or of a staff password. Empty for a
    /// trainee who has not activated yet.
    pub password_hash: String,
    /// The argon2 hash of a trainee's one-time activation code, until they choose their PIN.
    pub activation_hash: Option<String>,
    /// The last reset of a trainee's credential and who did it, told at their next login.
    pub reset_at: Option<DateTimeUtc>,
    pub reset_by: Option<String>,
    pub contractor_id: Option<i32>,
    pub county_id: Option<i32>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
