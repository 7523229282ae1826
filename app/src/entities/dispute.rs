use crate::states::Disputed;
use sea_orm::entity::prelude::*;

/// A trainee's "有异议" on a record about them (issue 34): their attendance at a session or an
/// hours record (`subject`), `subject_id` its id.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dispute")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub trainee_id: i32,
    pub class_id: i32,
    pub subject: Disputed,
    pub subject_id: i32,
    pub note: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
