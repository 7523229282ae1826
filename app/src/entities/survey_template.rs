use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_template")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The first version's id; None on a first version.
    pub family_id: Option<i32>,
    pub version: i32,
    pub name: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i32>,
}

impl Model {
    pub fn family(&self) -> i32 {
        self.family_id.unwrap_or(self.id)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
