use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checkin")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_id: i32,
    pub trainee_id: i32,
    /// "in" or "out".
    pub kind: String,
    pub at: DateTimeUtc,
    /// "qr", "typed" or "manual".
    pub method: String,
    pub device_id: Option<String>,
    pub geofence_ok: Option<bool>,
    pub geo_accuracy_m: Option<i32>,
    /// Space-separated flags: late, shared_device, outside_geofence.
    pub flags: String,
    /// "valid", or "revoked" after a correction marked the trainee absent.
    pub state: String,
    pub correction_reason: Option<String>,
    pub corrected_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
