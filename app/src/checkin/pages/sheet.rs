//! One session's attendance sheet: who, when, how and flags, with corrections and exports.
use crate::checkin::*;
use crate::i18n::t;
use crate::ui::route_id;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SheetPage() -> impl IntoView {
    let id = route_id();
    let fix = ServerAction::<CorrectCheckin>::new();
    let data = Resource::new(
        move || (id.get(), fix.version().get()),
        |(id, _)| async move { get_sheet(id.ok_or(crate::error::AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            {crate::ui::loaded(data, move |s| view! { <SheetBody s fix /> })}
        </main>
    }
}

#[component]
fn SheetBody(s: Sheet, fix: ServerAction<CorrectCheckin>) -> impl IntoView {
    let id = s.session_id;
    view! {
        <p><a href=if s.can_correct { format!("/classes/{}", s.class_id) } else { format!("/classes/{}/report", s.class_id) }>{s.class_name.clone()}</a></p>
        <h1>{s.title.clone()} " · " {t::SHEET_TITLE}</h1>
        <p>{s.when.clone()}</p>
        <p class="muted">{t::sheet_summary(s.present, s.rows.len(), s.flagged)}</p>
        <p>
            <a class="button" href=format!("/sessions/{id}/sheet.csv") download>{t::EXPORT_CSV}</a>
            " "
            <a class="button" href=format!("/sessions/{id}/sheet.xlsx") download>{t::EXPORT_XLSX}</a>
            {s.can_correct.then(|| view! { " " <a href=format!("/sessions/{id}/projector")>{t::PROJECTOR_OPEN}</a> })}
        </p>
        {
            let missing = s.not_checked_in();
            (s.can_correct && !missing.is_empty()).then(|| view! {
                <crate::ui::CopyText label=t::COPY_ABSENTEES text=t::absentees_text(&s.title, &missing) />
            })
        }
        <ErrorLine error=last_error(fix) />
        {if s.rows.is_empty() {
            view! { <p class="empty">{t::ROSTER_EMPTY}</p> }.into_any()
        } else {
            view! {
                <table class="table sheet">
                    <thead>
                        <tr>
                            <th>{t::USER_DISPLAY_NAME}</th><th>{t::LOGIN_PHONE}</th><th>{t::CHECK_IN}</th>
                            <th>{t::CHECK_OUT}</th><th>{t::SHEET_METHOD}</th><th>{t::SHEET_FLAGS}</th>{s.can_correct.then(|| view! { <th>{t::SHEET_CORRECT}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {s.rows.into_iter().map(|r| view! { <SheetLine r session=id fix can_correct=s.can_correct /> }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn SheetLine(
    r: SheetRow,
    session: i32,
    fix: ServerAction<CorrectCheckin>,
    can_correct: bool,
) -> impl IntoView {
    let (label, present) = if r.present {
        (t::MARK_ABSENT, "0")
    } else {
        (t::MARK_PRESENT, "1")
    };
    let reason_label = format!("{} {}", r.name, t::CORRECTION_REASON);
    view! {
        <tr class:absent=!r.present class:flagged=r.flagged>
            <td>{r.name.clone()} <br /><span class="muted">{r.school.clone()}</span></td>
            <td>{r.phone.clone()}</td>
            <td>{r.checked_in.clone().unwrap_or_else(|| t::STATUS_ABSENT.to_owned())}</td>
            <td>{r.checked_out.clone()}</td>
            <td>{r.method.clone()}</td>
            <td>{r.flags.join("、")} {(!r.counted).then_some(t::SHEET_UNCONFIRMED)} {r.correction.clone().map(|c| format!(" （{}：{c}）", t::SHEET_CORRECTED))}</td>
            {can_correct.then(|| view! { <td>
                <ActionForm action=fix attr:class="inline-form">
                    <input type="hidden" name="session" value=session />
                    <input type="hidden" name="trainee" value=r.trainee_id />
                    <input type="hidden" name="present" value=present />
                    <input name="reason" aria-label=reason_label placeholder=t::CORRECTION_REASON required />
                    <SubmitButton pending=fix.pending() label=label busy=t::SAVING />
                </ActionForm>
            </td> })}
        </tr>
    }
}
