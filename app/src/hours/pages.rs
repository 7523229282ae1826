//! The trainee's hours page (a progress bar per class, a form, the records) and the
//! contractor's review queue. Forms are ActionForms: they post without WASM.
use super::*;
use crate::i18n::t;
use crate::states::HoursState;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn MyHoursPage() -> impl IntoView {
    let add = ServerAction::<AddHours>::new();
    let withdraw = ServerAction::<WithdrawHours>::new();
    let edit = ServerAction::<EditHours>::new();
    let dispute = ServerAction::<crate::training::FileDispute>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                withdraw.version().get(),
                edit.version().get(),
                dispute.version().get(),
            )
        },
        |_| my_hours(),
    );
    view! {
        <main class="page narrow">
            <p><a href="/">{t::NAV_HOME}</a></p>
            <h1>{t::HOURS_TITLE}</h1>
            <ErrorLine error=last_error(dispute) />
            {crate::ui::loaded(data, move |classes: Vec<ClassHours>| {
                if classes.is_empty() {
                    return view! { <p class="empty">{t::MY_CLASSES_EMPTY}</p> }.into_any();
                }
                classes.into_iter().map(|c| view! { <ClassLedger c add withdraw edit dispute /> }).collect_view().into_any()
            })}
        </main>
    }
}

/// Approved and pending as two segments of one bar, against the requirement.
#[component]
fn Progress(approved: Hours, pending: Hours, required: Option<i32>) -> impl IntoView {
    let required_halves = required.unwrap_or(0) * 2;
    let pct = |h: Hours| {
        if required_halves == 0 {
            0.0
        } else {
            (f64::from(h.halves()) / f64::from(required_halves) * 100.0).min(100.0)
        }
    };
    let (a, p) = (pct(approved), pct(pending));
    let label = t::hours_progress(&approved.to_string(), &pending.to_string(), required);
    view! {
        <div class="progress" role="img" aria-label=label.clone()>
            <span class="approved" style=format!("width:{a:.1}%")></span>
            <span class="pending" style=format!("width:{:.1}%", p.min(100.0 - a))></span>
        </div>
        <p class="progress-text">{label}</p>
    }
}

#[component]
fn ClassLedger(
    c: ClassHours,
    add: ServerAction<AddHours>,
    withdraw: ServerAction<WithdrawHours>,
    edit: ServerAction<EditHours>,
    dispute: ServerAction<crate::training::FileDispute>,
) -> impl IntoView {
    let today = c.today.clone();
    view! {
        <section class="card">
            <h2>{c.class_name.clone()}</h2>
            <p class="muted">{c.project.clone()}</p>
            <Progress approved=c.approved pending=c.pending required=c.required />
            <details class="add-hours" open=move || add.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{t::HOURS_ADD}</summary>
                <ActionForm action=add>
                    <input type="hidden" name="class" value=c.class_id />
                    <label>{t::FIELD_DATE}<input name="date" type="date" value=today required /></label>
                    <label>{t::HOURS_FIELD}<input name="hours" inputmode="decimal" placeholder="2.5" required /></label>
                    <label>{t::HOURS_ACTIVITY}<input name="activity" required /></label>
                    <label>{t::HOURS_NOTE}<input name="note" /></label>
                    <ErrorLine error=last_error(add) />
                    <SubmitButton pending=add.pending() label=t::SAVE busy=t::SAVING />
                </ActionForm>
            </details>
            {if c.rows.is_empty() {
                view! { <p class="empty">{t::HOURS_EMPTY}</p> }.into_any()
            } else {
                view! {
                    <ul class="list attendance">
                        {c.rows.into_iter().map(|r| view! {
                            <li>
                                <p><strong>{r.hours.to_string()} " " {t::HOURS_UNIT}</strong> " · " {r.date.clone()} " " <span class="status">{r.state.label()}</span></p>
                                <p>{r.activity.clone()}</p>
                                {r.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
                                {r.reject_reason.clone().map(|n| view! { <p class="notice">{t::HOURS_REJECT_REASON} "：" {n}</p> })}
                                <Evidence names=r.evidence.clone() />
                                {r.disputed.then(|| view! { <p class="muted">{t::DISPUTED}</p> })}
                                {(r.state != HoursState::Pending && !r.disputed).then(|| view! {
                                    <crate::training::DisputeForm subject="hours" id=r.id dispute />
                                })}
                                {(r.state == HoursState::Pending).then(|| view! {
                                    <details open=move || edit.value().with(|v| matches!(v, Some(Err(_))))>
                                        <summary>{t::HOURS_EDIT}</summary>
                                        <ActionForm action=edit>
                                            <input type="hidden" name="id" value=r.id />
                                            <label>{t::FIELD_DATE}<input name="date" type="date" value=r.date.clone() required /></label>
                                            <label>{t::HOURS_FIELD}<input name="hours" inputmode="decimal" value=r.hours.to_string() required /></label>
                                            <label>{t::HOURS_ACTIVITY}<input name="activity" value=r.activity.clone() required /></label>
                                            <label>{t::HOURS_NOTE}<input name="note" value=r.note.clone().unwrap_or_default() /></label>
                                            <ErrorLine error=last_error(edit) />
                                            <SubmitButton pending=edit.pending() label=t::SAVE busy=t::SAVING />
                                        </ActionForm>
                                    </details>
                                    <form method="post" action=format!("/hours/{}/evidence", r.id) enctype="multipart/form-data">
                                        <label>{t::EVIDENCE_UPLOAD}<input name="images" type="file" accept="image/*" multiple required /></label>
                                        <button type="submit">{t::EVIDENCE_SUBMIT}</button>
                                    </form>
                                    <ActionForm action=withdraw attr:class="inline">
                                        <input type="hidden" name="id" value=r.id />
                                        <button type="submit" class="link">{t::HOURS_WITHDRAW}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn HoursQueuePage() -> impl IntoView {
    let id = crate::ui::route_id();
    let review = ServerAction::<ReviewHours>::new();
    let data = Resource::new(
        move || (id.get(), review.version().get()),
        |(id, _)| async move { hours_queue(id.ok_or(crate::error::AppError::NotFound)?).await },
    );
    let reviewed = crate::ui::succeeded(review);
    let done = move || {
        reviewed
            .get()
            .then(|| view! { <p class="done" role="status">{t::HOURS_REVIEWED}</p> })
    };
    view! {
        <main class="page">
            {crate::ui::loaded(data, move |q: ReviewQueue| view! {
                <p><a href=format!("/classes/{}", q.class_id)>{q.class_name.clone()}</a></p>
                <h1>{t::HOURS_QUEUE}</h1>
                {done}
                <ErrorLine error=last_error(review) />
                {if q.rows.is_empty() {
                    view! { <p class="empty">{t::HOURS_QUEUE_EMPTY}</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=review>
                            <table class="table">
                                <thead><tr><th>{t::HOURS_SELECT}</th><th>{t::USER_DISPLAY_NAME}</th><th>{t::FIELD_DATE}</th><th>{t::HOURS_FIELD}</th><th>{t::HOURS_ACTIVITY}</th></tr></thead>
                                <tbody>
                                    {q.rows.into_iter().enumerate().map(|(i, r)| view! {
                                        <tr>
                                            <td><input type="checkbox" name=format!("ids[{i}]") value=r.id aria-label=format!("{} {} {}", t::HOURS_SELECT, r.trainee, r.date) /></td>
                                            <td>{r.trainee}</td>
                                            <td>{r.date}</td>
                                            <td>{r.hours.to_string()}</td>
                                            <td>{r.activity} {r.note.map(|n| view! { <br /><span class="muted">{n}</span> })} <Evidence names=r.evidence /></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <label>{t::HOURS_REJECT_REASON}<input name="reason" placeholder=t::HOURS_REASON_HINT /></label>
                            <fieldset class="choice">
                                <legend>{t::HOURS_DECISION}</legend>
                                <label class="check"><input type="radio" name="approve" value="1" checked />{t::HOURS_APPROVE_SELECTED}</label>
                                <label class="check"><input type="radio" name="approve" value="0" />{t::HOURS_REJECT_SELECTED}</label>
                            </fieldset>
                            <SubmitButton pending=review.pending() label=t::HOURS_SUBMIT_REVIEW busy=t::SAVING />
                        </ActionForm>
                    }.into_any()
                }}
            })}
        </main>
    }
}

#[component]
pub fn HoursImportPage() -> impl IntoView {
    let id = crate::ui::route_id();
    let apply = ServerAction::<ApplyHoursImport>::new();
    let data = Resource::new(
        move || (id.get(), apply.version().get()),
        |(id, _)| async move { get_hours_import(id.ok_or(crate::error::AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <h1>{t::PLATFORM_REPORT}</h1>
            {crate::ui::loaded(data, move |(class_id, r): (i32, PlatformReport)| view! {
                <p class="muted">{r.file.clone()}</p>
                {r.applied.then(|| view! { <p class="done" role="status">{t::platform_done(r.added, r.duplicates)}</p> })}
                {(!r.errors.is_empty()).then(|| view! {
                    <p class="error" role="alert">{if r.applied { t::PLATFORM_PARTIAL } else { t::PLATFORM_FAILED }}</p>
                    <table class="table">
                        <thead><tr><th>{t::ROSTER_LINE}</th><th>{t::ROSTER_COLUMN}</th><th>{t::ROSTER_PROBLEM}</th></tr></thead>
                        <tbody>
                            {r.errors.iter().map(|e| view! { <tr><td>{e.line}</td><td>{e.column.clone()}</td><td>{e.message.clone()}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                })}
                {(!r.applied && !r.good.is_empty()).then(|| view! {
                    <ActionForm action=apply>
                        <input type="hidden" name="run" value=id.get_untracked().unwrap_or_default() />
                        <ErrorLine error=last_error(apply) />
                        <button type="submit" class="primary" disabled=move || apply.pending().get()>
                            {t::platform_apply_good(r.good.len())}
                        </button>
                    </ActionForm>
                })}
                <p><a href=format!("/classes/{class_id}")>{t::BACK_TO_CLASS}</a></p>
            })}
        </main>
    }
}

/// Links to a record's evidence images, opened in full by the browser.
#[component]
fn Evidence(names: Vec<String>) -> impl IntoView {
    (!names.is_empty()).then(|| {
        view! {
            <p class="evidence">
                {names
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| view! { <a href=format!("/evidence/{n}") target="_blank">{format!("{}{} ", t::EVIDENCE_LINK, i + 1)}</a> })
                    .collect_view()}
            </p>
        }
    })
}

/// The admin's view of the space evidence images take (issue 35), put on the admin's home by
/// the shell.
#[component]
pub fn EvidenceSpaceSection() -> impl IntoView {
    let space = Resource::new(|| (), |_| get_evidence_space());
    view! {
        <section class="card">
            <h2>{t::EVIDENCE_SPACE_TITLE}</h2>
            {crate::ui::loaded(space, move |s: EvidenceSpace| {
                let hint = t::evidence_space_hint(s.trainee_quota_mb.clone(), s.class_quota_mb.clone());
                if s.classes.is_empty() {
                    return view! { <p class="muted">{hint}</p><p class="empty">{t::EVIDENCE_SPACE_EMPTY}</p> }.into_any();
                }
                view! {
                    <p class="muted">{hint}</p>
                    <p>{t::evidence_space_total(s.total_mb.clone(), s.with_images)}</p>
                    <div>
                        <table class="table">
                            <thead><tr>{t::EVIDENCE_SPACE_COLUMNS.map(|h| view! { <th>{h}</th> })}</tr></thead>
                            <tbody>
                                {s.classes.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.project}</td>
                                        <td>{c.class}</td>
                                        <td>{c.trainees}</td>
                                        <td>{c.mb}</td>
                                        <td>{format!("{}%", c.share_pct)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </section>
    }
}
