use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "trainee")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub name: String,
    pub phone: String,
    pub school: Option<String>,
    pub county_id: Option<i32>,
    /// The county as the roster wrote it, whether or not it is in the county table.
    pub county_name: Option<String>,
    pub subject: Option<String>,
    pub stage: Option<String>,
    /// The contractor whose roster import made the account: the only one who may issue its
    /// one-time codes.
    pub issuer_contractor_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
