use crate::states::{CheckinState, Kind, Method};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checkin")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_id: i32,
    pub trainee_id: i32,
    pub kind: Kind,
    pub at: DateTimeUtc,
    pub method: Method,
    pub device_id: Option<String>,
    pub geofence_ok: Option<bool>,
    pub geo_accuracy_m: Option<i32>,
    /// Space-separated flags (`states::Flag`): late, shared_device, outside_geofence,
    /// no_position, delayed.
    pub flags: String,
    pub state: CheckinState,
    pub correction_reason: Option<String>,
    pub corrected_by: Option<i32>,
    /// When the contractor corrected it (issue 34: the trainee sees who, when and why).
    pub corrected_at: Option<DateTimeUtc>,
    /// Seconds between the tap and its arrival, for a tap the phone kept while offline
    /// (flag `delayed`); none for a tap that arrived at once.
    pub delay_s: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
