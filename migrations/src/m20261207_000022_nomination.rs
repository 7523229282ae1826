//! Trainees come from those who send them (issue 34, the notice's §二): the province's places
//! per county (`allocation`), each county's nominees (`nomination`), and whether an
//! enrolment counts (`enrolment.confirmed`: a contractor's own row waits for its county).
//! Enrolments made before this migration keep counting; the evaluators' figures do not
//! drop to nothing overnight, and new ones follow the rule.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000022_nomination"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("allocation")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("county_id"))
                .col(integer("places"))
                .foreign_key(&mut fk("allocation", "project_id", "project"))
                .foreign_key(&mut fk("allocation", "county_id", "county"))
                .take(),
            Table::create()
                .table("nomination")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                // None: the province sent a teacher of a county outside the county table
                // (the annex lists only the programme's counties).
                .col(integer_null("county_id"))
                .col(integer("trainee_id"))
                .col(boolean("rural").default(false))
                .col(integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("nomination", "project_id", "project"))
                .foreign_key(&mut fk("nomination", "county_id", "county"))
                .foreign_key(&mut fk("nomination", "trainee_id", "trainee"))
                .foreign_key(&mut fk("nomination", "created_by", "app_user"))
                .take(),
            // The trainee as witness: "有异议" on a record about them (a session's attendance
            // or an hours record), counted for evaluators per class.
            Table::create()
                .table("dispute")
                .col(pk_auto("id"))
                .col(integer("trainee_id"))
                .col(integer("class_id"))
                .col(string("subject"))
                .col(integer("subject_id"))
                .col(text("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("dispute", "trainee_id", "trainee"))
                .foreign_key(&mut fk("dispute", "class_id", "class"))
                .take(),
        ];
        let indexes = vec![
            index("allocation", &["project_id", "county_id"], true),
            index("nomination", &["project_id", "trainee_id"], true),
            index("nomination", &["trainee_id"], false),
            index("dispute", &["trainee_id", "subject", "subject_id"], true),
            index("dispute", &["class_id"], false),
            // The devices logins were made from (issue 34), looked up by their hash; and an
            // account's resets and activations, looked up by action and account for a class's
            // trainees (without it, each class report read the whole log).
            index("audit_log", &["detail"], false),
            index("audit_log", &["action", "target"], false),
        ];
        create_all(manager, tables, indexes).await?;
        add_column(
            manager,
            "enrolment",
            boolean("confirmed").default(true).take(),
        )
        .await?;
        add_column(manager, "enrolment", string_null("claimed_name").take()).await?;
        add_column(manager, "enrolment", integer_null("confirmed_by").take()).await?;
        add_column(
            manager,
            "enrolment",
            timestamp_with_time_zone_null("confirmed_at").take(),
        )
        .await?;
        // When a contractor corrected a check-in: the trainee sees who, when and why.
        add_column(
            manager,
            "checkin",
            timestamp_with_time_zone_null("corrected_at").take(),
        )
        .await?;
        // The survey window follows the admin's rule (issue 34): it closes this many days after
        // the class's last day, and no contractor moves it.
        add_column(
            manager,
            "programme",
            integer("survey_close_days").default(7).take(),
        )
        .await?;
        // Which participants' answers are published is no longer stored anywhere.
        drop_column(manager, "survey", "published_participants").await?;
        // A token the admin makes for the online platform may also send its log of hours,
        // stored as 平台核验 (issue 34); every other token only reads.
        add_column(
            manager,
            "api_token",
            boolean("writes_hours").default(false).take(),
        )
        .await?;
        add_column(
            manager,
            "login_throttle",
            timestamp_with_time_zone_null("last_at").take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_column(manager, "login_throttle", "last_at").await?;
        drop_column(manager, "api_token", "writes_hours").await?;
        drop_column(manager, "checkin", "corrected_at").await?;
        add_column(
            manager,
            "survey",
            text_null("published_participants").take(),
        )
        .await?;
        drop_column(manager, "programme", "survey_close_days").await?;
        for column in ["confirmed_at", "confirmed_by", "claimed_name", "confirmed"] {
            drop_column(manager, "enrolment", column).await?;
        }
        drop_all(manager, &["allocation", "nomination", "dispute"]).await
    }
}
