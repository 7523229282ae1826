//! The whole Peixun schema, in the order its foreign keys need.
pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261129_000001_programme;
mod m20261129_000002_accounts;
mod m20261129_000003_training;
mod m20261129_000004_survey;
mod m20261129_000005_evaluation;
mod m20261129_000006_checkin;
mod m20261129_000007_hours;
mod m20261129_000008_trainee_county;
mod m20261129_000009_platform_hours;
mod m20261129_000010_programme_rules;
mod m20261129_000011_survey_anonymity;
mod m20261129_000012_dashboard_indexes;
mod m20261130_000013_trainee_credentials;
mod m20261130_000014_roster_margin;
mod m20261130_000015_published_participants;
mod m20261130_000016_checkin_delay;
mod m20261201_000017_api_tokens;
mod m20261201_000018_maintained_counts;
mod m20261201_000019_class_totals;
mod m20261202_000020_session_date;
mod m20261202_000021_county_totals;
mod m20261207_000022_nomination;
mod m20261208_000023_quotas;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_programme::Migration),
            Box::new(m20261129_000002_accounts::Migration),
            Box::new(m20261129_000003_training::Migration),
            Box::new(m20261129_000004_survey::Migration),
            Box::new(m20261129_000005_evaluation::Migration),
            Box::new(m20261129_000006_checkin::Migration),
            Box::new(m20261129_000007_hours::Migration),
            Box::new(m20261129_000008_trainee_county::Migration),
            Box::new(m20261129_000009_platform_hours::Migration),
            Box::new(m20261129_000010_programme_rules::Migration),
            Box::new(m20261129_000011_survey_anonymity::Migration),
            Box::new(m20261129_000012_dashboard_indexes::Migration),
            Box::new(m20261130_000013_trainee_credentials::Migration),
            Box::new(m20261130_000014_roster_margin::Migration),
            Box::new(m20261130_000015_published_participants::Migration),
            Box::new(m20261130_000016_checkin_delay::Migration),
            Box::new(m20261201_000017_api_tokens::Migration),
            Box::new(m20261201_000018_maintained_counts::Migration),
            Box::new(m20261201_000019_class_totals::Migration),
            Box::new(m20261202_000020_session_date::Migration),
            Box::new(m20261202_000021_county_totals::Migration),
            Box::new(m20261207_000022_nomination::Migration),
            Box::new(m20261208_000023_quotas::Migration),
        ]
    }
}
