use sea_orm::entity::prelude::*;

/// A teacher a county sends to a project (调训名单).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "nomination")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    /// None: sent by the province from a county outside the county table.
    pub county_id: Option<i32>,
    pub trainee_id: i32,
    pub rural: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
