use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub template_id: i32,
    pub position: i32,
    /// "likert", "choice" or "text".
    pub kind: String,
    pub dimension: Option<String>,
    pub prompt: String,
    /// A JSON array of option labels, for "choice".
    pub choices_json: Option<String>,
    pub is_overall: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
