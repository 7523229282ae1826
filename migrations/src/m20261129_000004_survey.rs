//! Surveys. Participation (who answered) lives apart from responses (what was answered):
//! a response row has no trainee id, no exact time, and a random id, so no join can
//! reconnect answers to a person (DESIGN, "Survey").
use crate::helpers::*;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

const TABLES: &[&str] = &[
    "survey_template",
    "question",
    "survey",
    "participation",
    "response",
    "answer",
];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000004_survey"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("survey_template")
                .col(pk_auto("id"))
                .col(string("name"))
                .col(integer("version"))
                .take(),
            Table::create()
                .table("question")
                .col(pk_auto("id"))
                .col(integer("template_id"))
                .col(integer("position"))
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
                .foreign_key(&mut fk("survey", "class_id", "class"))
                .foreign_key(&mut fk("survey", "template_id", "survey_template"))
                .take(),
            Table::create()
                .table("participation")
                .col(pk_auto("id"))
                .col(integer("survey_id"))
                .col(integer("trainee_id"))
                .col(timestamp_with_time_zone("answered_at"))
                .foreign_key(&mut fk("participation", "survey_id", "survey"))
                .foreign_key(&mut fk("participation", "trainee_id", "trainee"))
                .take(),
            Table::create()
                .table("response")
                .col(string_len("id", 32).primary_key())
                .col(integer("survey_id"))
                // The CST day only: an exact time would line up with participation.answered_at.
                .col(date("submitted_on"))
                .foreign_key(&mut fk("response", "survey_id", "survey"))
                .take(),
            Table::create()
                .table("answer")
                .col(pk_auto("id"))
                .col(string_len("response_id", 32))
                .col(integer("question_id"))
                // 1-5 for Likert, null for 不适用 or non-Likert questions.
                .col(integer_null("likert"))
                .col(text_null("text"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_answer_response_id")
                        .from("answer", "response_id")
                        .to("response", "id"),
                )
                .foreign_key(&mut fk("answer", "question_id", "question"))
                .take(),
        ];
        let indexes = vec![
            index("question", &["template_id", "position"], true),
            index("survey", &["class_id"], false),
            index("participation", &["survey_id", "trainee_id"], true),
            index("response", &["survey_id"], false),
            index("answer", &["response_id", "question_id"], true),
        ];
        create_all(manager, tables, indexes).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
