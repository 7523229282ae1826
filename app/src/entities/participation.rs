//! Who answered a survey; never what. Nothing here orders or times the row.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "participation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub trainee_id: i32,
    /// The submitting phone's device id, hashed: a who-fact for the stuffing counts.
    pub device_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
