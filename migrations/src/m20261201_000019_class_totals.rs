//! Two reads of the evaluator's overview that scanned every `class_count` row (issue 15,
//! BENCHMARKS.md): the per-class figures of the province, a project or a contractor now
//! read `class_total`, each class's
//! lines summed over its trainees' counties and kept by the same writes
//! (`app::training::counts::totals`), and a county evaluator's figures find the county's rows
//! through an index on `class_count.county_id`. The totals are filled here from the rows the
//! writes already keep, so no recount is needed.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000019_class_totals"
    }
}

const COUNTS: [&str; 8] = [
    "enrolled",
    "hours_enrolled",
    "eligible",
    "hours_complete",
    "responses",
    "checkins",
    "flagged",
    "attended",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table("class_total")
            .col(integer("class_id").primary_key());
        for column in COUNTS {
            table.col(integer(column));
        }
        create_all(
            manager,
            vec![table.take()],
            vec![index("class_count", &["county_id"], false)],
        )
        .await?;
        let sums: Vec<String> = COUNTS.iter().map(|c| format!("SUM({c})")).collect();
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO class_total (class_id, {}) SELECT class_id, {} FROM class_count \
                 GROUP BY class_id",
                COUNTS.join(", "),
                sums.join(", ")
            ))
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_class_count_county_id")
                    .table("class_count")
                    .to_owned(),
            )
            .await?;
        drop_all(manager, &["class_total"]).await
    }
}
