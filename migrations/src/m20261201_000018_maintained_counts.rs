//! The counts behind the evaluator's rates, kept by the writes themselves (issue 15): the
//! overview sums one row per class and county instead of a million check-ins, and subtracts
//! the sessions not yet started (`session_count`, through `session.starts_at`). Derived data,
//! rebuilt per class by `app::training::counts::refresh`, so no foreign keys hold them back;
//! the reads join `session` and `class`, which drops a deleted one's rows. County 0 stands
//! for a trainee with none of the programme's counties. `counts_definition` records which
//! definition the rows were counted with: a start with a newer one recounts them all.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000018_maintained_counts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("session_count")
                .col(integer("session_id"))
                .col(integer("county_id"))
                .col(integer("class_id"))
                .col(integer("checkins"))
                .col(integer("flagged"))
                // Without the session's start: the read keeps only sessions held by then.
                .col(integer("attended"))
                .primary_key(Index::create().col("session_id").col("county_id"))
                .take(),
            Table::create()
                .table("class_count")
                .col(integer("class_id"))
                .col(integer("county_id"))
                .col(integer("enrolled"))
                .col(integer("hours_enrolled"))
                .col(integer("eligible"))
                .col(integer("hours_complete"))
                .col(integer("responses"))
                // Over all the class's sessions; the read subtracts those not yet started.
                .col(integer("checkins"))
                .col(integer("flagged"))
                .col(integer("attended"))
                .primary_key(Index::create().col("class_id").col("county_id"))
                .take(),
            // Each survey's overall item, per publication state: the read keeps the published
            // group while the survey is open and everything once it has closed (the same
            // rule as survey::publish::counted). No trainee, as in `response`.
            Table::create()
                .table("survey_tally")
                .col(integer("survey_id"))
                .col(boolean("published"))
                .col(integer("class_id"))
                .col(integer("responses"))
                .col(integer("likert_1"))
                .col(integer("likert_2"))
                .col(integer("likert_3"))
                .col(integer("likert_4"))
                .col(integer("likert_5"))
                .col(integer("not_applicable"))
                .primary_key(Index::create().col("survey_id").col("published"))
                .take(),
            Table::create()
                .table("counts_definition")
                .col(pk_auto("id"))
                .col(integer("version"))
                .take(),
        ];
        create_all(
            manager,
            tables,
            vec![
                index("session_count", &["class_id"], false),
                index("session", &["starts_at"], false),
                index("survey_tally", &["class_id"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The other new indexes go with their tables; this one is on `session`.
        manager
            .drop_index(
                Index::drop()
                    .name("ix_session_starts_at")
                    .table("session")
                    .to_owned(),
            )
            .await?;
        drop_all(
            manager,
            &[
                "session_count",
                "class_count",
                "survey_tally",
                "counts_definition",
            ],
        )
        .await
    }
}
