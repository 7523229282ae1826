//! The class's evaluation visits; evaluators record one from a phone. The form posts
//! without WASM.
use super::*;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ClassVisitsPage() -> impl IntoView {
    let id = crate::ui::route_id();
    let record = ServerAction::<RecordVisit>::new();
    let data = Resource::new(
        move || (id.get(), record.version().get()),
        |(id, _)| async move { get_class_visits(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page narrow">
            <p><a href="/">{t::NAV_HOME}</a></p>
            {crate::ui::loaded(data, move |v: ClassVisits| view! { <VisitsBody v record /> })}
        </main>
    }
}

#[component]
fn VisitsBody(v: ClassVisits, record: ServerAction<RecordVisit>) -> impl IntoView {
    let saved = crate::ui::succeeded(record);
    view! {
        <h1>{t::VISITS_TITLE}</h1>
        <p><strong>{v.class_name.clone()}</strong></p>
        <p class="muted">{v.project.clone()}</p>
        {move || saved.get().then(|| view! { <p class="done" role="status">{t::VISIT_SAVED}</p> })}
        {v.can_record.then(|| view! { <VisitForm class_id=v.class_id today=v.today.clone() record /> })}
        <h2>{t::VISITS_LIST}</h2>
        {if v.visits.is_empty() {
            view! { <p class="empty">{t::VISITS_EMPTY}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {v.visits.into_iter().map(|r| {
                        let average = format!("{:.1}", r.average());
                        view! {
                            <li class="card">
                                <h3>{r.date.clone()} " · " {r.evaluator.clone()}</h3>
                                <p>{t::VISIT_AVERAGE} " " <strong>{average}</strong> " / 5"</p>
                                <ul class="list">
                                    {r.scores.into_iter().map(|(label, s)| view! { <li>{label} "：" {s}</li> }).collect_view()}
                                </ul>
                                {(!r.notes.is_empty()).then(|| view! { <p class="notes">{r.notes.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn VisitForm(class_id: i32, today: String, record: ServerAction<RecordVisit>) -> impl IntoView {
    view! {
        <details class="card" open>
            <summary>{t::VISIT_RECORD}</summary>
            <ActionForm action=record>
                <input type="hidden" name="class" value=class_id />
                <label>{t::VISIT_DATE}<input name="date" type="date" value=today required /></label>
                {RUBRIC.into_iter().map(|(key, label)| view! {
                    <fieldset class="likert">
                        <legend>{label}</legend>
                        <div class="scale">
                            {SCORE_LABELS.into_iter().map(|(score, word)| view! {
                                <label><input type="radio" name=format!("scores[{key}]") value=score.to_string() />{format!("{score} {word}")}</label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                }).collect_view()}
                <label>{t::VISIT_NOTES}<textarea name="notes" rows="4" maxlength="2000"></textarea></label>
                <ErrorLine error=last_error(record) />
                <SubmitButton pending=record.pending() label=t::SAVE busy=t::SAVING />
            </ActionForm>
        </details>
    }
}
