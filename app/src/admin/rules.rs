//! The programme's rules: how many 学时 a full on-site day earns, whether online hours are
//! credited only up to each project's requirement, and how far rosters may run past a
//! class's capacity and a project's places (issue 13), and how many days after a class's
//! last day its survey closes (issue 34: the window is the admin's rule, not the contractor's).
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    crate::auth::{guard::require, Role},
    crate::error::with_status,
    crate::state::AppState,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeRules {
    pub id: i32,
    pub name: String,
    pub onsite_day_hours: i32,
    pub cap_online_hours: bool,
    pub roster_margin_pct: i32,
    pub survey_close_days: i32,
    /// The first and last day its classes may use (issue 35), as `YYYY-MM-DD`.
    pub first_day: String,
    pub last_day: String,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::ProgrammeRules;
    use crate::auth::service::audit;
    use crate::db::Db;
    use crate::entities::programme;
    use crate::error::AppError;
    use crate::i18n::t;
    use crate::training::classes::programme_window;
    use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};

    pub async fn rules(db: &Db) -> Result<Vec<ProgrammeRules>, AppError> {
        Ok(programme::Entity::find()
            .order_by_desc(programme::Column::Year)
            .all(db)
            .await?
            .into_iter()
            .map(|p| {
                let (first, last) = programme_window(&p);
                (p, first, last)
            })
            .map(|(p, first, last)| ProgrammeRules {
                first_day: first.to_string(),
                last_day: last.to_string(),
                id: p.id,
                name: p.name,
                onsite_day_hours: p.onsite_day_hours,
                cap_online_hours: p.cap_online_hours,
                roster_margin_pct: p.roster_margin_pct,
                survey_close_days: p.survey_close_days,
            })
            .collect())
    }

    /// Sets a programme's rules; a full day earns 1 to 12 学时, and rosters may run 0 to 50 %
    /// past capacity. Audited.
    pub async fn set_rules(
        db: &Db,
        actor: i32,
        programme_id: i32,
        (day_hours, margin, survey_days): (&str, &str, &str),
        cap: bool,
    ) -> Result<(), AppError> {
        let within = |text: &str, range: std::ops::RangeInclusive<i32>, message: &'static str| {
            text.trim()
                .parse::<i32>()
                .ok()
                .filter(|v| range.contains(v))
                .ok_or_else(|| AppError::invalid(message))
        };
        let hours = within(day_hours, 1..=12, t::ERR_DAY_HOURS)?;
        let margin = within(margin, 0..=50, t::ERR_ROSTER_MARGIN)?;
        let days = within(survey_days, 0..=60, t::ERR_SURVEY_DAYS)?;
        let p = programme::Entity::find_by_id(programme_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut row: programme::ActiveModel = p.into();
        row.onsite_day_hours = Set(hours);
        row.cap_online_hours = Set(cap);
        row.roster_margin_pct = Set(margin);
        row.survey_close_days = Set(days);
        row.update(db).await?;
        let detail = format!(
            "onsite_day_hours={hours} cap_online_hours={cap} roster_margin_pct={margin} \
             survey_close_days={days}"
        );
        audit(
            db,
            Some(actor),
            "set_programme_rules",
            &format!("programme:{programme_id}"),
            &detail,
            None,
        )
        .await
    }

    /// Sets the first and last day a programme's classes may use: two dates, in order, at most
    /// ten years apart (a mistyped year, 2202, is refused). Audited. Classes already
    /// made keep their dates.
    pub async fn set_window(
        db: &Db,
        actor: i32,
        programme_id: i32,
        (first, last): (&str, &str),
    ) -> Result<(), AppError> {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let (first, last) = match (day(first), day(last)) {
            (Some(f), Some(l)) if f <= l && (l - f).num_days() <= 10 * 366 => (f, l),
            _ => return Err(AppError::invalid(t::ERR_PROGRAMME_WINDOW)),
        };
        let p = programme::Entity::find_by_id(programme_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut row: programme::ActiveModel = p.into();
        row.start_date = Set(Some(first));
        row.end_date = Set(Some(last));
        row.update(db).await?;
        let target = format!("programme:{programme_id}");
        let detail = format!("start_date={first} end_date={last}");
        audit(
            db,
            Some(actor),
            "set_programme_window",
            &target,
            &detail,
            None,
        )
        .await
    }
}

#[server(endpoint = "admin/rules")]
pub async fn get_programme_rules() -> Result<Vec<ProgrammeRules>, AppError> {
    let state = AppState::get()?;
    let result = async {
        require(&state, &[Role::Admin]).await?;
        service::rules(&state.db).await
    };
    with_status(result.await)
}

#[server(endpoint = "admin/set_rules")]
pub async fn set_programme_rules(
    programme: i32,
    day_hours: String,
    margin: String,
    survey_days: String,
    cap: Option<String>,
    first_day: Option<String>,
    last_day: Option<String>,
) -> Result<(), AppError> {
    let state = AppState::get()?;
    let result = async {
        let me = require(&state, &[Role::Admin]).await?;
        let numbers = (day_hours.as_str(), margin.as_str(), survey_days.as_str());
        service::set_rules(&state.db, me.user_id, programme, numbers, cap.is_some()).await?;
        if let (Some(first), Some(last)) = (first_day, last_day) {
            service::set_window(&state.db, me.user_id, programme, (&first, &last)).await?;
        }
        Ok(())
    };
    with_status(result.await)
}

/// The admin's form per programme.
#[component]
pub fn RulesForm() -> impl IntoView {
    let save = ServerAction::<SetProgrammeRules>::new();
    let rules = Resource::new(move || save.version().get(), |_| get_programme_rules());
    view! {
        <section class="card">
            <h2>{t::RULES_TITLE}</h2>
            <p class="muted">{t::RULES_HINT}</p>
            {crate::ui::loaded(rules, move |list: Vec<ProgrammeRules>| {
                if list.is_empty() {
                    return view! { <p class="empty">{t::NO_PROGRAMME}</p> }.into_any();
                }
                list.into_iter().map(|p| view! {
                    <ActionForm action=save>
                        <h3>{p.name.clone()}</h3>
                        <input type="hidden" name="programme" value=p.id />
                        <label>{t::RULES_DAY_HOURS}<input name="day_hours" inputmode="numeric" value=p.onsite_day_hours required /></label>
                        <label>{t::RULES_MARGIN}<input name="margin" inputmode="numeric" value=p.roster_margin_pct required /></label>
                        <label>{t::RULES_SURVEY_DAYS}<input name="survey_days" inputmode="numeric" value=p.survey_close_days required /></label>
                        <label>{t::RULES_FIRST_DAY}<input name="first_day" type="date" value=p.first_day required /></label>
                        <label>{t::RULES_LAST_DAY}<input name="last_day" type="date" value=p.last_day required /></label>
                        <label class="check"><input name="cap" type="checkbox" value="1" checked=p.cap_online_hours />{t::RULES_CAP}</label>
                        <ErrorLine error=last_error(save) />
                        <SubmitButton pending=save.pending() label=t::SAVE busy=t::SAVING />
                    </ActionForm>
                }).collect_view().into_any()
            })}
        </section>
    }
}
