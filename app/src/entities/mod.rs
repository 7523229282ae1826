//! sea-orm entities for the tables the code reads and writes today; the schema in
//! `migrations/` is complete, and each capability adds the entities it needs.
pub mod app_user;
pub mod audit_log;
pub mod auth_session;
pub mod checkin;
pub mod class;
pub mod contractor;
pub mod contractor_alias;
pub mod county;
pub mod enrolment;
pub mod hours_import;
pub mod import_run;
pub mod login_throttle;
pub mod online_hours;
pub mod programme;
pub mod project;
pub mod project_county;
pub mod roster_import;
pub mod session;
pub mod trainee;
