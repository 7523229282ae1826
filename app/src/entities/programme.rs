use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "programme")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub year: i32,
    pub document_no: Option<String>,
    /// The first and last day a class of the programme may have (issue 35); when unset, the
    /// year's first day and the next year's last (`training::classes::programme_window`).
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub onsite_day_hours: i32,
    pub satisfaction_threshold: i32,
    /// Credit online hours only up to each project's requirement.
    pub cap_online_hours: bool,
    /// How far, in percent, rosters may run past a class's capacity and a project's places.
    pub roster_margin_pct: i32,
    /// The survey closes this many days after the class's last day (issue 34).
    pub survey_close_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
