use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub class_id: i32,
    pub title: String,
    pub date: Date,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue: Option<String>,
    pub geofence_lat: Option<f64>,
    pub geofence_lon: Option<f64>,
    pub geofence_radius_m: Option<i32>,
    pub checkin_opens_min: i32,
    pub late_after_min: i32,
    pub checkout_required: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
