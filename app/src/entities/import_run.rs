use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub programme_id: Option<i32>,
    pub succeeded: bool,
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub report_json: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
