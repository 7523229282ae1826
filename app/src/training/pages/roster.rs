//! What a roster upload did, and the printable login slips.
use crate::error::AppError;
use crate::i18n::t;
use crate::training::*;
use crate::ui::{last_error, ErrorLine};
use crate::ui::{qr_svg, route_id};
use leptos::form::ActionForm;
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
                        <p class="done" role="status">{t::roster_done(r.enrolled, r.created, r.already_enrolled)}</p>
                        {(r.kept > 0).then(|| view! { <p class="notice">{t::roster_kept(r.kept)}</p> })}
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

/// Who can log in, with the actions that print one-time codes: slips for those who have not
/// activated, and a reset for a trainee who forgot their PIN. Codes are shown once, here.
#[component]
pub fn RosterCodesPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_access(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page print">
            {crate::ui::loaded(data, |access: RosterAccess| view! { <CodesPanel access /> })}
        </main>
    }
}

/// An island (issue 14): the codes come back once, in the answer of the action that issued
/// them, and are drawn here in the browser. A form posted without the WASM would return
/// through a redirect, and a code must never travel in a URL (history, logs), so the buttons
/// wait, disabled, until the island is live. The list is the one the page was rendered with;
/// the slips are what changed.
#[island]
fn CodesPanel(access: RosterAccess) -> impl IntoView {
    let issue = ServerAction::<IssueSlips>::new();
    let reset = ServerAction::<ResetPin>::new();
    // Effects run only in the browser.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let printed = move || {
        let fresh = |v: Option<Result<RosterCodes, AppError>>| v.and_then(Result::ok);
        fresh(reset.value().get()).or_else(|| fresh(issue.value().get()))
    };
    let waiting = access
        .rows
        .iter()
        .filter(|r| r.ours && !r.activated)
        .count();
    let class_id = access.class_id;
    view! {
        <div class="no-print">
            <p><a href=format!("/classes/{class_id}")>{t::BACK_TO_CLASS}</a></p>
            <h1>{access.class_name.clone()} " · " {t::ROSTER_CODES}</h1>
            <p class="muted">{t::SLIPS_HINT}</p>
            <ActionForm action=issue>
                <input type="hidden" name="class" value=class_id />
                <ErrorLine error=last_error(issue) />
                <button type="submit" class="primary" disabled=move || !live.get() || waiting == 0 || issue.pending().get()>
                    {t::slips_issue(waiting)}
                </button>
            </ActionForm>
            <ErrorLine error=last_error(reset) />
            <AccessTable access=access.clone() reset=reset live />
        </div>
        {move || printed().map(|sheet| view! { <Slips sheet=sheet /> })}
    }
}

#[component]
fn AccessTable(
    access: RosterAccess,
    reset: ServerAction<ResetPin>,
    live: RwSignal<bool>,
) -> impl IntoView {
    if access.rows.is_empty() {
        return view! { <p class="empty">{t::ROSTER_EMPTY}</p> }.into_any();
    }
    let class_id = access.class_id;
    view! {
        <table class="table">
            <thead><tr><th>{t::USER_DISPLAY_NAME}</th><th>{t::LOGIN_PHONE}</th><th>{t::SLIP_STATE}</th><th></th></tr></thead>
            <tbody>
                {access.rows.into_iter().map(|r| view! {
                    <tr>
                        <td>{r.name.clone()}</td>
                        <td>{r.phone.clone()}</td>
                        <td>{t::slip_state(r.activated, r.ours)}</td>
                        <td>{(r.activated && r.ours).then(|| view! {
                            <ActionForm action=reset attr:class="inline">
                                <input type="hidden" name="class" value=class_id />
                                <input type="hidden" name="trainee" value=r.trainee_id />
                                <button type="submit" class="link" disabled=move || !live.get()>{t::SLIP_RESET}</button>
                            </ActionForm>
                        })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// One slip per trainee, cut out and handed over: a QR that fills in the phone only, and the
/// one-time code in print.
#[component]
fn Slips(sheet: RosterCodes) -> impl IntoView {
    view! {
        <section>
            <p class="notice no-print" role="status">{t::slips_printed(sheet.rows.len())}</p>
            <h2>{sheet.class_name.clone()}</h2>
            <ul class="slips">
                {sheet.rows.into_iter().map(|r| {
                    let svg = qr_svg(&format!("{}/login?phone={}", sheet.origin, r.phone));
                    view! {
                        <li class="slip">
                            <div class="slip-qr" inner_html=svg></div>
                            <div>
                                <p class="slip-name">{r.name}</p>
                                <p>{t::LOGIN_PHONE} "：" {r.phone}</p>
                                <p>{t::SLIP_CODE} "：" <strong>{r.code}</strong></p>
                                <p class="muted">{t::SLIP_HINT}</p>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
