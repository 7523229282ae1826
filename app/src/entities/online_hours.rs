use crate::states::HoursState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "online_hours")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub class_id: i32,
    pub trainee_id: i32,
    pub date: Date,
    /// Half-hours: 0.5 steps stay exact on every database.
    pub half_hours: i32,
    pub activity: String,
    pub note: Option<String>,
    pub evidence: Option<String>,
    /// The bytes of the images `evidence` names, for the quotas (`hours::evidence`).
    pub evidence_bytes: i64,
    pub state: HoursState,
    pub reject_reason: Option<String>,
    pub reviewed_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// For rows imported from the platform's log: unique within the class.
    pub import_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
