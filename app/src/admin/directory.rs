//! Who is who: contractor spellings merged into one body, staff accounts, and the choices
//! the account form offers.
use super::types::*;
use crate::auth::service::audit;
use crate::db::{begin_write, Db};
use crate::entities::{app_user, contractor, contractor_alias, county, project};
use crate::error::AppError;
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};

/// Folds one contractor into another: its projects and staff move, its name becomes an alias.
pub async fn merge_contractor(
    db: &Db,
    from_id: i32,
    into_id: i32,
    actor: i32,
) -> Result<(), AppError> {
    if from_id == into_id {
        return Err(AppError::invalid("不能把单位合并到它自己。"));
    }
    let txn = begin_write(db).await?;
    let from = contractor::Entity::find_by_id(from_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let into = contractor::Entity::find_by_id(into_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    project::Entity::update_many()
        .col_expr(project::Column::ContractorId, Expr::value(into.id))
        .filter(project::Column::ContractorId.eq(from.id))
        .exec(&txn)
        .await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::ContractorId, Expr::value(into.id))
        .filter(app_user::Column::ContractorId.eq(from.id))
        .exec(&txn)
        .await?;
    contractor_alias::Entity::update_many()
        .col_expr(contractor_alias::Column::ContractorId, Expr::value(into.id))
        .filter(contractor_alias::Column::ContractorId.eq(from.id))
        .exec(&txn)
        .await?;
    contractor_alias::ActiveModel {
        contractor_id: Set(into.id),
        alias: Set(from.name.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    contractor::Entity::delete_by_id(from.id).exec(&txn).await?;
    audit(
        &txn,
        Some(actor),
        "merge_contractor",
        &format!("contractor:{}", into.id),
        &format!("{} -> {}", from.name, into.name),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn list_users(db: &Db) -> Result<Vec<UserRow>, AppError> {
    let users = app_user::Entity::find()
        .filter(app_user::Column::Role.ne(crate::auth::Role::Trainee.as_str()))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?;
    let choices = admin_choices(db).await?;
    let name_of = |list: &[Choice], id: Option<i32>| {
        id.and_then(|id| list.iter().find(|c| c.id == id))
            .map(|c| c.name.clone())
    };
    Ok(users
        .into_iter()
        .filter_map(|u| {
            let scope = name_of(&choices.contractors, u.contractor_id)
                .or_else(|| name_of(&choices.counties, u.county_id))
                .unwrap_or_default();
            Some(UserRow {
                id: u.id,
                login: u.login,
                display_name: u.display_name,
                role: crate::auth::Role::parse(&u.role)?,
                scope,
            })
        })
        .collect())
}

pub async fn admin_choices(db: &Db) -> Result<AdminChoices, AppError> {
    let contractors = contractor::Entity::find()
        .order_by_asc(contractor::Column::Name)
        .all(db)
        .await?;
    let counties = county::Entity::find()
        .order_by_asc(county::Column::Id)
        .all(db)
        .await?;
    Ok(AdminChoices {
        contractors: contractors
            .into_iter()
            .map(|c| Choice {
                id: c.id,
                name: c.name,
            })
            .collect(),
        counties: counties
            .into_iter()
            .map(|c| Choice {
                id: c.id,
                name: c.name,
            })
            .collect(),
    })
}
