//! Server functions for surveys: check the role, call the service, map the error.
use super::results_types::SurveyResults;
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{opening, results, submission, templates},
    crate::auth::{
        guard::{current_user, origin, require},
        Role,
    },
    crate::error::with_status,
    crate::state::AppState,
};

/// Anyone may open a survey's link; the page says whether they may answer, and why not.
#[server(endpoint = "survey/page")]
pub async fn get_survey(id: i32) -> Result<SurveyPage, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = current_user(&state).await?;
        submission::survey_page(&state.db, me.as_ref(), id, crate::db::now()).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/submit")]
/// `answers` defaults to empty: a form posted with nothing ticked must get "还有题目没有作答",
/// not a decoding error.
pub async fn submit_survey(
    survey: i32,
    #[server(default)] answers: HashMap<String, String>,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        let device = crate::auth::guard::device_id();
        let who = (me.user_id, device.as_deref());
        submission::submit(&state.db, who, survey, answers, crate::db::now()).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/mine")]
pub async fn list_my_surveys() -> Result<Vec<MySurvey>, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Trainee]).await?;
        submission::my_surveys(&state.read, me.user_id, crate::db::now()).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/class")]
pub async fn get_class_survey(class: i32) -> Result<ClassSurvey, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor]).await?;
        let contractor = me.contractor_id.ok_or(AppError::Forbidden)?;
        opening::class_survey(&state.db, contractor, class, &origin(state.secure_cookies)).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/open")]
pub async fn open_class_survey(class: i32, template: i32) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let form = opening::SurveyForm {
        class_id: class,
        template_id: template,
    };
    let result = async {
        let me = require(&state, &[Role::Contractor]).await?;
        let who = (me.user_id, me.contractor_id.ok_or(AppError::Forbidden)?);
        opening::open_survey(&state.db, who, form).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/class_results")]
pub async fn get_class_results(class: i32) -> Result<SurveyResults, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        results::class_results(&state.read, &me, class).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/project_results")]
pub async fn get_project_results(project: i32) -> Result<SurveyResults, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Contractor, Role::Evaluator, Role::Admin]).await?;
        results::project_results(&state.read, &me, project).await
    };
    with_status(result.await)
}

#[server(endpoint = "survey/templates")]
pub async fn list_templates() -> Result<Vec<TemplateRow>, AppError> {
    let state = AppState::get()?;
    let result = async {
        require(&state, &[Role::Admin]).await?;
        templates::template_rows(&state.db).await
    };
    with_status(result.await)
}

/// Adds a template (no `id`) or edits one; a version in use gets a new version instead.
#[server(endpoint = "survey/save_template")]
pub async fn save_survey_template(
    id: Option<i32>,
    name: String,
    text: String,
) -> Result<i32, AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Admin]).await?;
        templates::save_template(&state.db, me.user_id, id, &name, &text).await
    };
    with_status(result.await)
}
