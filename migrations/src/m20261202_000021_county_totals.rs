//! The province's per-county figures read one row per (programme, county), `county_total`,
//! instead of summing ~60,000 `class_count` rows (26-37 ms of the province overview's 64 on
//! SQLite, BENCHMARKS.md, issue 15). Expected attendance changes as sessions start, so the
//! row keeps enrolled × every session of the class (`class_total.sessions`, the count it was
//! kept with) and the read takes out the sessions still ahead, as it already does for
//! attendance. Both are filled here from the rows the writes already keep, so no recount is
//! needed; `app::training::county_counts` keeps them by difference from then on.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000021_county_totals"
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
        add_column(
            manager,
            "class_total",
            integer("sessions").default(0).take(),
        )
        .await?;
        let mut table = Table::create();
        table
            .table("county_total")
            .col(integer("programme_id"))
            .col(integer("county_id"));
        for column in COUNTS {
            table.col(integer(column));
        }
        table
            .col(integer("expected"))
            .primary_key(Index::create().col("programme_id").col("county_id"));
        create_all(manager, vec![table.take()], vec![]).await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE class_total SET sessions = \
             (SELECT COUNT(*) FROM session s WHERE s.class_id = class_total.class_id)",
        )
        .await?;
        let sums: Vec<String> = COUNTS.iter().map(|c| format!("SUM(cc.{c})")).collect();
        db.execute_unprepared(&format!(
            "INSERT INTO county_total (programme_id, county_id, {}, expected) \
             SELECT p.programme_id, cc.county_id, {}, SUM(cc.enrolled * ct.sessions) \
             FROM class_count cc JOIN class_total ct ON ct.class_id = cc.class_id \
             JOIN class c ON c.id = cc.class_id JOIN project p ON p.id = c.project_id \
             GROUP BY p.programme_id, cc.county_id",
            COUNTS.join(", "),
            sums.join(", ")
        ))
        .await
        .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, &["county_total"]).await?;
        drop_column(manager, "class_total", "sessions").await
    }
}
