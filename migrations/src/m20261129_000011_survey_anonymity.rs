//! Survey tables, rebuilt before any survey was run: templates gain versions, one survey per
//! class, and nothing in participation, response or answer can line a person up with their
//! answers. Auto-increment ids and exact times did exactly that (answer.id followed the
//! order of submission, as did participation.id and answered_at), so they are gone; on SQLite
//! the three tables are WITHOUT ROWID, so not even the hidden rowid keeps insertion order.
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

const OLD: &[&str] = &[
    "survey_template",
    "question",
    "survey",
    "participation",
    "response",
    "answer",
];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000011_survey_anonymity"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, OLD).await?;
        let tables = vec![
            Table::create()
                .table("survey_template")
                .col(pk_auto("id"))
                // The first version's id; versions of one template share it.
                .col(integer_null("family_id"))
                .col(integer("version"))
                .col(string("name"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer_null("created_by"))
                .take(),
            Table::create()
                .table("question")
                .col(pk_auto("id"))
                .col(integer("template_id"))
                .col(integer("position"))
                // "likert", "choice" or "text".
                .col(string("kind"))
                .col(string_null("dimension"))
                .col(text("prompt"))
                .col(text_null("choices_json"))
                .col(boolean("is_overall").default(false))
                .foreign_key(&mut fk("question", "template_id", "survey_template"))
                .take(),
            Table::create()
                .table("survey")
                .col(pk_auto("id"))
                .col(integer("class_id"))
                .col(integer("template_id"))
                .col(timestamp_with_time_zone("opens_at"))
                .col(timestamp_with_time_zone("closes_at"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("survey", "class_id", "class"))
                .foreign_key(&mut fk("survey", "template_id", "survey_template"))
                .take(),
        ];
        let indexes = vec![
            index("question", &["template_id", "position"], true),
            index("survey", &["class_id"], true),
        ];
        create_all(manager, tables, indexes).await?;
        for table in unordered_tables() {
            create_unordered(manager, table).await?;
        }
        manager
            .create_index(index("response", &["survey_id"], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, OLD).await
    }
}

fn unordered_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("participation")
            .col(integer("survey_id"))
            .col(integer("trainee_id"))
            .primary_key(Index::create().col("survey_id").col("trainee_id"))
            .foreign_key(&mut fk("participation", "survey_id", "survey"))
            .foreign_key(&mut fk("participation", "trainee_id", "trainee"))
            .take(),
        Table::create()
            .table("response")
            // 128 random bits as hex.
            .col(string_len("id", 32).primary_key())
            .col(integer("survey_id"))
            // The CST day only.
            .col(date("submitted_on"))
            .foreign_key(&mut fk("response", "survey_id", "survey"))
            .take(),
        Table::create()
            .table("answer")
            .col(string_len("response_id", 32))
            .col(integer("question_id"))
            // 1-5, or 0 for 不适用; null for questions that are not Likert items.
            .col(integer_null("likert"))
            // The chosen option's index, for single-choice questions.
            .col(integer_null("choice"))
            .col(text_null("text"))
            .primary_key(Index::create().col("response_id").col("question_id"))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_answer_response_id")
                    .from("answer", "response_id")
                    .to("response", "id"),
            )
            .foreign_key(&mut fk("answer", "question_id", "question"))
            .take(),
    ]
}

/// Creates a table whose physical order says nothing about when rows arrived: on SQLite a
/// WITHOUT ROWID table is stored in primary-key order, and these keys are random or personal.
async fn create_unordered(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
) -> Result<(), DbErr> {
    if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Sqlite {
        return manager.create_table(table).await;
    }
    let sql = format!("{} WITHOUT ROWID", table.to_string(SqliteQueryBuilder));
    manager
        .get_connection()
        .execute_unprepared(&sql)
        .await
        .map(|_| ())
}
