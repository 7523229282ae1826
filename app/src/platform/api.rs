use super::types::TokenAdmin;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::{guard::require, Role},
    crate::entities::{county, programme},
    crate::error::with_status,
    crate::state::AppState,
    sea_orm::{EntityTrait, QueryOrder},
};

#[server(endpoint = "platform/tokens")]
pub async fn get_token_admin() -> Result<TokenAdmin, AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            require(&state, &[Role::Admin]).await?;
            let db = &state.db;
            Ok(TokenAdmin {
                tokens: super::token::list(db).await?,
                programmes: programme::Entity::find()
                    .order_by_desc(programme::Column::Year)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect(),
                counties: county::Entity::find()
                    .order_by_asc(county::Column::Name)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|c| (c.id, c.name))
                    .collect(),
                default_expiry: (crate::time::cst_today() + chrono::Duration::days(90)).to_string(),
            })
        }
        .await,
    )
}

#[server(endpoint = "platform/revoke_token")]
pub async fn revoke_token(id: i32) -> Result<(), AppError> {
    let state = AppState::get()?;
    with_status(
        async {
            let me = require(&state, &[Role::Admin]).await?;
            super::token::revoke(&state.db, &me, id).await
        }
        .await,
    )
}
