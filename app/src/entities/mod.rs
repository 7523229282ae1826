//! sea-orm entities for the tables the code reads and writes today; the schema in
//! `migrations/` is complete, and each capability adds the entities it needs.
pub mod answer;
pub mod app_user;
pub mod audit_log;
pub mod auth_session;
pub mod checkin;
pub mod class;
pub mod contractor;
pub mod contractor_alias;
pub mod county;
pub mod enrolment;
pub mod evaluation_visit;
pub mod hours_import;
pub mod import_run;
pub mod login_throttle;
pub mod online_hours;
pub mod participation;
pub mod programme;
pub mod project;
pub mod project_county;
pub mod question;
pub mod response;
pub mod roster_import;
pub mod session;
pub mod survey;
pub mod survey_template;
pub mod trainee;
