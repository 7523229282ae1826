//! What a roster upload did, and the printable login slips.
use crate::error::AppError;
use crate::i18n::t;
use crate::training::*;
use crate::ui::route_id;
use leptos::prelude::*;

#[component]
pub fn RosterReportPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_report(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <h1>{t::ROSTER_REPORT}</h1>
            {crate::ui::loaded(data, |(class_id, r): (i32, RosterReport)| view! {
                <p class="muted">{r.file.clone()}</p>
                {if r.errors.is_empty() {
                    view! {
                        <p class="done" role="status">{t::roster_done(r.enrolled, r.pending, r.already_enrolled)}</p>
                        {(!r.unknown_counties.is_empty()).then(|| view! {
                            <p class="notice">{t::ROSTER_UNKNOWN_COUNTIES} {r.unknown_counties.join("、")}</p>
                        })}
                        <p><a href=format!("/classes/{class_id}/codes")>{t::ROSTER_CODES}</a></p>
                    }.into_any()
                } else {
                    view! {
                        <p class="error" role="alert">{t::ROSTER_FAILED}</p>
                        <table class="table">
                            <thead><tr><th>{t::ROSTER_LINE}</th><th>{t::ROSTER_COLUMN}</th><th>{t::ROSTER_PROBLEM}</th></tr></thead>
                            <tbody>
                                {r.errors.into_iter().map(|e| view! {
                                    <tr><td>{(e.line > 0).then_some(e.line).map_or_else(|| t::WHOLE_FILE.to_owned(), |l| l.to_string())}</td><td>{e.column}</td><td>{e.message}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <p><a href=format!("/classes/{class_id}")>{t::BACK_TO_CLASS}</a></p>
            })}
        </main>
    }
}

/// Who is on the roster, who has activated and who counts (issue 34): the contractor sees
/// no code and resets nothing; slips come from the county that sent the trainee.
#[component]
pub fn RosterCodesPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_access(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            {crate::ui::loaded(data, |access: RosterAccess| view! { <AccessTable access /> })}
        </main>
    }
}

#[component]
fn AccessTable(access: RosterAccess) -> impl IntoView {
    let class_id = access.class_id;
    let waiting = access.rows.iter().filter(|r| !r.confirmed).count() as u64;
    view! {
        <p><a href=format!("/classes/{class_id}")>{t::BACK_TO_CLASS}</a></p>
        <h1>{access.class_name.clone()} " · " {t::ROSTER_CODES}</h1>
        <p class="muted">{t::ROSTER_STATE_HINT}</p>
        {(waiting > 0).then(|| view! { <p class="notice">{t::unconfirmed(waiting)}</p> })}
        {if access.rows.is_empty() {
            view! { <p class="empty">{t::ROSTER_EMPTY}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr><th>{t::USER_DISPLAY_NAME}</th><th>{t::LOGIN_PHONE}</th><th>{t::SLIP_STATE}</th></tr></thead>
                    <tbody>
                        {access.rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.name.clone()}</td>
                                <td>{r.phone.clone()}</td>
                                <td>{t::slip_state(r.activated, r.confirmed)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
