use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub programme_id: i32,
    pub seq: i32,
    pub name: String,
    pub trainees: String,
    pub mode: String,
    pub duration_text: String,
    pub onsite_days: Option<i32>,
    pub online_hours: Option<i32>,
    pub headcount: i32,
    pub scope_kind: String,
    pub scope_category: Option<String>,
    pub scope_text: String,
    pub contractor_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
