//! Classes, on-site sessions, trainees, rosters, check-ins and online hours.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

const TABLES: &[&str] = &[
    "class",
    "session",
    "trainee",
    "enrolment",
    "checkin",
    "online_hours",
];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000003_training"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("class")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string("name"))
                .col(date("start_date"))
                .col(date("end_date"))
                .col(string_null("venue"))
                .col(string_null("head_teacher"))
                .foreign_key(&mut fk("class", "project_id", "project"))
                .take(),
            Table::create()
                .table("session")
                .col(pk_auto("id"))
                .col(integer("class_id"))
                .col(date("date"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(string_null("venue"))
                .col(double_null("geofence_lat"))
                .col(double_null("geofence_lon"))
                .col(integer_null("geofence_radius_m"))
                .col(integer("checkin_opens_min").default(30))
                .col(integer("late_after_min").default(10))
                .col(boolean("checkout_required").default(false))
                .foreign_key(&mut fk("session", "class_id", "class"))
                .take(),
            Table::create()
                .table("trainee")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("name"))
                .col(string_uniq("phone"))
                .col(string_null("school"))
                .col(integer_null("county_id"))
                .col(string_null("subject"))
                .col(string_null("stage"))
                .foreign_key(&mut fk("trainee", "user_id", "app_user"))
                .foreign_key(&mut fk("trainee", "county_id", "county"))
                .take(),
            Table::create()
                .table("enrolment")
                .col(pk_auto("id"))
                .col(integer("class_id"))
                .col(integer("trainee_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("enrolment", "class_id", "class"))
                .foreign_key(&mut fk("enrolment", "trainee_id", "trainee"))
                .take(),
            Table::create()
                .table("checkin")
                .col(pk_auto("id"))
                .col(integer("session_id"))
                .col(integer("trainee_id"))
                .col(string("kind"))
                .col(timestamp_with_time_zone("at"))
                .col(string("method"))
                .col(string_null("device_id"))
                // Never raw coordinates: pass/fail and the reported accuracy only.
                .col(boolean_null("geofence_ok"))
                .col(integer_null("geo_accuracy_m"))
                .col(string("flags").default(""))
                .col(string("state").default("valid"))
                .col(string_null("correction_reason"))
                .col(integer_null("corrected_by"))
                .foreign_key(&mut fk("checkin", "session_id", "session"))
                .foreign_key(&mut fk("checkin", "trainee_id", "trainee"))
                .foreign_key(&mut fk("checkin", "corrected_by", "app_user"))
                .take(),
            Table::create()
                .table("online_hours")
                .col(pk_auto("id"))
                .col(integer("class_id"))
                .col(integer("trainee_id"))
                .col(date("date"))
                // Half-hours as an integer: 0.5 steps stay exact on every database.
                .col(integer("half_hours"))
                .col(string("activity"))
                .col(text_null("evidence"))
                .col(string("state"))
                .col(string_null("reject_reason"))
                .col(integer_null("reviewed_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("online_hours", "class_id", "class"))
                .foreign_key(&mut fk("online_hours", "trainee_id", "trainee"))
                .foreign_key(&mut fk("online_hours", "reviewed_by", "app_user"))
                .take(),
        ];
        let indexes = vec![
            index("class", &["project_id"], false),
            index("session", &["class_id", "date"], false),
            index("enrolment", &["class_id", "trainee_id"], true),
            index("enrolment", &["trainee_id"], false),
            index("checkin", &["session_id", "trainee_id", "kind"], true),
            index("checkin", &["trainee_id"], false),
            index("online_hours", &["class_id", "trainee_id", "date"], false),
        ];
        create_all(manager, tables, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
