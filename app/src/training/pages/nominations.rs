//! The county's 调训 page for a project (issue 34): places, the nomination form and file,
//! the contractor's own rows awaiting confirmation, and the slips with one-time codes.
use crate::error::AppError;
use crate::i18n::t;
use crate::training::*;
use crate::ui::{last_error, qr_svg, route_id, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn NominationsPage() -> impl IntoView {
    let id = route_id();
    let nominate = ServerAction::<Nominate>::new();
    let allocate = ServerAction::<Allocate>::new();
    let confirm = ServerAction::<ConfirmEnrolment>::new();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_nominations(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page print">
            <p class="no-print"><a href="/">{t::NAV_HOME}</a></p>
            {crate::ui::loaded(data, move |n: Nominations| view! {
                <div class="no-print">
                    <h1>{n.project.clone()} " · " {t::NOMINATIONS}</h1>
                    <p class="muted">{t::NOMINATIONS_HINT}</p>
                    <Places n=n.clone() allocate />
                    <NominateForm n=n.clone() nominate />
                    <Pending n=n.clone() confirm />
                </div>
                <SlipsPanel n />
            })}
        </main>
    }
}

#[component]
fn Places(n: Nominations, allocate: ServerAction<Allocate>) -> impl IntoView {
    let project = n.project_id;
    view! {
        <h2>{t::PLACES} " （" {n.headcount} "）"</h2>
        {if n.places.is_empty() {
            view! { <p class="empty">{t::PLACES_EMPTY}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr><th>{t::PLACES_COUNTY}</th><th>{t::PLACES_GIVEN}</th><th>{t::PLACES_USED}</th></tr></thead>
                    <tbody>
                        {n.places.into_iter().map(|p| view! {
                            <tr><td>{p.county}</td><td>{p.places}</td><td>{p.nominated}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {n.province.then(|| view! {
            <ActionForm action=allocate attr:class="inline-form">
                <input type="hidden" name="project" value=project />
                <label>{t::PLACES_COUNTY}<input name="county" required maxlength="20" /></label>
                <label>{t::PLACES_GIVEN}<input name="places" inputmode="numeric" required maxlength="6" /></label>
                <ErrorLine error=last_error(allocate) />
                <SubmitButton pending=allocate.pending() label=t::PLACES_SAVE busy=t::SAVING />
            </ActionForm>
        })}
    }
}

#[component]
fn NominateForm(n: Nominations, nominate: ServerAction<Nominate>) -> impl IntoView {
    let project = n.project_id;
    let done = crate::ui::succeeded(nominate);
    view! {
        <details class="card" open>
            <summary>{t::NOMINATE}</summary>
            {move || done.get().then(|| view! { <p class="done" role="status">{t::NOMINATED}</p> })}
            <ActionForm action=nominate>
                <input type="hidden" name="project" value=project />
                <label>{t::USER_DISPLAY_NAME}<input name="name" required maxlength="50" /></label>
                <label>{t::LOGIN_PHONE}<input name="phone" inputmode="tel" required maxlength="20" /></label>
                <label>{t::NOMINEE_SCHOOL}<input name="school" maxlength="100" /></label>
                {n.province.then(|| view! {
                    <label>{t::PLACES_COUNTY}<input name="county" required maxlength="20" /></label>
                })}
                {(!n.province).then(|| view! { <input type="hidden" name="county" value="" /> })}
                <label>{t::NOMINEE_SUBJECT}<input name="subject" maxlength="20" /></label>
                <label>{t::NOMINEE_STAGE}<input name="stage" maxlength="20" /></label>
                <label class="check"><input type="checkbox" name="rural" value="1" />{t::RURAL}</label>
                <ErrorLine error=last_error(nominate) />
                <SubmitButton pending=nominate.pending() label=t::NOMINATE_SAVE busy=t::SAVING />
            </ActionForm>
            <form method="post" action=format!("/projects/{project}/nominations") enctype="multipart/form-data">
                <label>{t::NOMINATE_FILE}<input type="file" name="nominees" accept=".csv,.xlsx" required /></label>
                <button type="submit">{t::NOMINATE_IMPORT}</button>
            </form>
        </details>
    }
}

#[component]
fn Pending(n: Nominations, confirm: ServerAction<ConfirmEnrolment>) -> impl IntoView {
    view! {
        <h2>{t::PENDING}</h2>
        <p class="muted">{t::PENDING_HINT}</p>
        <ErrorLine error=last_error(confirm) />
        {if n.pending.is_empty() {
            view! { <p class="empty">{t::PENDING_EMPTY}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr>
                        <th>{t::PENDING_CLAIMED}</th><th>{t::PENDING_KNOWN}</th><th>{t::LOGIN_PHONE}</th>
                        <th>{t::CLASS_NAME}</th><th>{t::PLACES_COUNTY}</th><th></th>
                    </tr></thead>
                    <tbody>
                        {n.pending.into_iter().map(|p| view! {
                            <tr>
                                <td>{p.claimed_name}</td>
                                <td>{p.known_name.unwrap_or_default()}</td>
                                <td>{p.phone}</td>
                                <td>{p.class_name}</td>
                                <td>{p.county}</td>
                                <td>
                                    <ActionForm action=confirm attr:class="inline">
                                        <input type="hidden" name="enrolment" value=p.enrolment_id />
                                        <button type="submit" class="link">{t::CONFIRM}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// An island (issue 14): the codes come back once, in the answer of the action that issued
/// them, and are drawn here in the browser; a code never travels in a URL, so the buttons
/// wait, disabled, until the island is live.
#[island]
fn SlipsPanel(n: Nominations) -> impl IntoView {
    let issue = ServerAction::<IssueSlips>::new();
    let reset = ServerAction::<ResetPin>::new();
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let printed = move || {
        let fresh = |v: Option<Result<RosterCodes, AppError>>| v.and_then(Result::ok);
        fresh(reset.value().get()).or_else(|| fresh(issue.value().get()))
    };
    let waiting = n.nominees.iter().filter(|r| !r.activated).count();
    let project = n.project_id;
    view! {
        <div class="no-print">
            <h2>{t::NOMINATIONS}</h2>
            <ActionForm action=issue>
                <input type="hidden" name="project" value=project />
                <ErrorLine error=last_error(issue) />
                <button type="submit" class="primary" disabled=move || !live.get() || waiting == 0 || issue.pending().get()>
                    {t::slips_issue(waiting)}
                </button>
            </ActionForm>
            <ErrorLine error=last_error(reset) />
            {if n.nominees.is_empty() {
                view! { <p class="empty">{t::NOMINEES_EMPTY}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th>{t::USER_DISPLAY_NAME}</th><th>{t::LOGIN_PHONE}</th><th>{t::NOMINEE_SCHOOL}</th>
                            <th>{t::PLACES_COUNTY}</th><th>{t::SLIP_STATE}</th><th></th>
                        </tr></thead>
                        <tbody>
                            {n.nominees.into_iter().map(|r| view! {
                                <tr>
                                    <td>{r.name}{r.rural.then_some(" （乡村）")}</td>
                                    <td>{r.phone}</td>
                                    <td>{r.school}</td>
                                    <td>{r.county}</td>
                                    <td>{t::slip_state(r.activated, true)}</td>
                                    <td>{r.activated.then(|| view! {
                                        <ActionForm action=reset attr:class="inline">
                                            <input type="hidden" name="project" value=project />
                                            <input type="hidden" name="trainee" value=r.trainee_id />
                                            <button type="submit" class="link" disabled=move || !live.get()>{t::SLIP_RESET}</button>
                                        </ActionForm>
                                    })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
        {move || printed().map(|sheet| view! { <Slips sheet /> })}
    }
}

/// One slip per teacher, cut out and sent with the 调训通知: a QR that fills in the phone
/// only, and the one-time code in print.
#[component]
fn Slips(sheet: RosterCodes) -> impl IntoView {
    view! {
        <section>
            <p class="notice no-print" role="status">{t::slips_printed(sheet.rows.len())}</p>
            <h2>{sheet.class_name.clone()} " · " {t::SLIPS_TITLE}</h2>
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
