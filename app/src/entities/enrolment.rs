use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub class_id: i32,
    pub trainee_id: i32,
    pub created_at: DateTimeUtc,
    /// Counted in every figure: the trainee was nominated for the project by their county,
    /// or their county (or the admin) confirmed the contractor's own row (issue 34).
    pub confirmed: bool,
    /// The name the contractor's file gave a row awaiting confirmation: what the contractor
    /// sees instead of what Peixun holds about the phone.
    pub claimed_name: Option<String>,
    pub confirmed_by: Option<i32>,
    pub confirmed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
