//! Issue 12: a trainee's credential is the trainee's alone, and survey results move in steps.
//!
//! - `app_user.activation_hash`: the argon2 hash of a one-time activation code. A trainee
//!   with one has no PIN yet (`password_hash` is empty); choosing the PIN clears it. Trainees
//!   whose code was issued before keep it as their activation code: their `password_hash`
//!   was already the argon2 hash of that code, so it moves over unchanged and the plaintext
//!   column `trainee.access_code` is dropped.
//! - `app_user.reset_at` / `reset_by`: the last reset, told to the trainee at their next login.
//! - `trainee.issuer_contractor_id`: the contractor whose import made the account, the only
//!   one who may issue codes for it (first enrolment's contractor for older accounts).
//! - `auth_session.pending_pin`: a session that may only choose the PIN.
//! - `participation.device_hash`: which phone submitted, for the stuffing counts. It is on
//!   participation (who), never on response (what).
//! - `response.published` and `survey.published_at`: results move in steps of 5 responses.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000013_trainee_credentials"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "app_user", text_null("activation_hash").take()).await?;
        add_column(
            manager,
            "app_user",
            timestamp_with_time_zone_null("reset_at").take(),
        )
        .await?;
        add_column(manager, "app_user", string_null("reset_by").take()).await?;
        add_column(
            manager,
            "trainee",
            integer_null("issuer_contractor_id").take(),
        )
        .await?;
        add_column(
            manager,
            "auth_session",
            boolean("pending_pin").default(false).take(),
        )
        .await?;
        add_column(manager, "participation", string_null("device_hash").take()).await?;
        add_column(
            manager,
            "response",
            boolean("published").default(false).take(),
        )
        .await?;
        add_column(
            manager,
            "survey",
            timestamp_with_time_zone_null("published_at").take(),
        )
        .await?;
        let db = manager.get_connection();
        for sql in [
            "UPDATE app_user SET activation_hash = NULLIF(password_hash, ''), password_hash = '' \
             WHERE role = 'trainee'",
            "UPDATE trainee SET issuer_contractor_id = (SELECT p.contractor_id FROM enrolment e \
             JOIN class c ON c.id = e.class_id JOIN project p ON p.id = c.project_id \
             WHERE e.trainee_id = trainee.id ORDER BY e.id LIMIT 1)",
            // Responses given before this were live; they stay counted.
            "UPDATE response SET published = TRUE",
            // A session from before can have been made only by a full login.
            "UPDATE auth_session SET pending_pin = FALSE",
        ] {
            db.execute_unprepared(sql).await?;
        }
        drop_column(manager, "trainee", "access_code").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "trainee", string_null("access_code").take()).await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE app_user SET password_hash = activation_hash \
             WHERE role = 'trainee' AND activation_hash IS NOT NULL",
        )
        .await?;
        for (table, column) in [
            ("survey", "published_at"),
            ("response", "published"),
            ("participation", "device_hash"),
            ("auth_session", "pending_pin"),
            ("trainee", "issuer_contractor_id"),
            ("app_user", "reset_by"),
            ("app_user", "reset_at"),
            ("app_user", "activation_hash"),
        ] {
            drop_column(manager, table, column).await?;
        }
        Ok(())
    }
}
