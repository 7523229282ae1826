use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::auth::{guard::require, Role},
    crate::error::with_status,
    crate::state::AppState,
};

#[server(endpoint = "checkin/my_classes")]
pub async fn list_my_classes() -> Result<Vec<ClassCard>, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Trainee]).await?;
            service::trainee_classes(&state.db, me.user_id).await
        }
        .await,
    )
}
