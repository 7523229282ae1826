//! The contractor's survey page for a class (open it, set its window, show its link and QR
//! in the room) and the admin's templates.
use crate::error::AppError;
use crate::i18n::t;
use crate::survey::*;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ClassSurveyPage() -> impl IntoView {
    let id = crate::ui::route_id();
    let open = ServerAction::<OpenClassSurvey>::new();
    let data = Resource::new(
        move || (id.get(), open.version().get()),
        |(id, _)| async move { get_class_survey(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            {crate::ui::loaded(data, move |s: ClassSurvey| view! { <ClassSurveyBody s open /> })}
        </main>
    }
}

#[component]
fn ClassSurveyBody(s: ClassSurvey, open: ServerAction<OpenClassSurvey>) -> impl IntoView {
    let current = s.current.clone();
    let chosen = match &current {
        Some(c) => c.template_id,
        None => s.templates.first().map_or(0, |t| t.id),
    };
    view! {
        <p><a href=format!("/classes/{}", s.class_id)>{s.class_name.clone()}</a></p>
        <h1>{t::SURVEY_TITLE}</h1>
        {match current {
            None => view! { <p class="empty">{t::SURVEY_NONE_YET}</p> }.into_any(),
            Some(c) => view! {
                <section class="card">
                    <p><span class="status">{c.status.clone()}</span> " " {c.template.clone()}</p>
                    <p class="muted">{format!("{} {} 至 {} {}", c.opens_date, c.opens_time, c.closes_date, c.closes_time)}</p>
                    <p>{t::survey_counts(c.responses, c.eligible)}</p>
                    {match c.missing.clone() {
                        None => view! { <p class="muted">{t::NON_RESPONDERS_WAIT}</p> }.into_any(),
                        Some(missing) if missing.is_empty() => ().into_any(),
                        Some(missing) => view! {
                            <crate::ui::CopyText label=t::COPY_NON_RESPONDERS text=t::non_responders_text(&s.class_name, &missing) />
                        }.into_any(),
                    }}
                    <p><a class="button primary" href=format!("/classes/{}/survey/results", s.class_id)>{t::SURVEY_RESULTS}</a></p>
                    <h2>{t::SURVEY_ROOM_QR}</h2>
                    <div class="qr" role="img" aria-label=t::SURVEY_ROOM_QR inner_html=c.qr_svg.clone()></div>
                    <p class="url">{c.url.clone()}</p>
                </section>
            }.into_any(),
        }}
        <section class="card">
            <h2>{if s.current.is_some() { t::SURVEY_CHANGE } else { t::SURVEY_OPEN }}</h2>
            <p class="muted">{t::SURVEY_OPEN_HINT}</p>
            <ActionForm action=open>
                <input type="hidden" name="class" value=s.class_id />
                <label>{t::SURVEY_TEMPLATE}
                    <select name="template">
                        {s.templates.into_iter().map(|o| view! {
                            <option value=o.id selected=o.id == chosen>{o.label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <p>{t::SURVEY_RULE_WINDOW} "：" {s.rule_window.clone()}</p>
                <ErrorLine error=last_error(open) />
                <SubmitButton pending=open.pending() label=t::SAVE busy=t::SAVING />
            </ActionForm>
        </section>
    }
}

/// The admin's survey templates: each newest version with its text to edit, and a new one.
#[component]
pub fn TemplatesSection() -> impl IntoView {
    let save = ServerAction::<SaveSurveyTemplate>::new();
    let data = Resource::new(move || save.version().get(), |_| list_templates());
    view! {
        <section class="card">
            <h2>{t::TEMPLATES_TITLE}</h2>
            <p class="muted">{t::TEMPLATES_HINT}</p>
            {crate::ui::loaded(data, move |rows: Vec<TemplateRow>| view! {
                <ul class="list">
                    {rows.into_iter().map(|r| view! {
                        <li>
                            <p><strong>{r.name.clone()}</strong> " " {t::template_meta(r.version, r.questions, r.used_by)}</p>
                            <details>
                                <summary>{t::TEMPLATE_EDIT}</summary>
                                {(r.used_by > 0).then(|| view! { <p class="notice">{t::template_new_version(r.version + 1)}</p> })}
                                <TemplateForm save id=Some(r.id) name=r.name text=r.text />
                            </details>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t::TEMPLATE_ADD}</summary>
                <TemplateForm save id=None name=String::new() text=template::DEFAULT_TEXT.to_owned() />
            </details>
        </section>
    }
}

#[component]
fn TemplateForm(
    save: ServerAction<SaveSurveyTemplate>,
    id: Option<i32>,
    name: String,
    text: String,
) -> impl IntoView {
    view! {
        <ActionForm action=save>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <label>{t::TEMPLATE_NAME}<input name="name" value=name required /></label>
            <label>{t::TEMPLATE_TEXT}<textarea name="text" rows="16" required>{text}</textarea></label>
            <ErrorLine error=last_error(save) />
            <SubmitButton pending=save.pending() label=t::SAVE busy=t::SAVING />
        </ActionForm>
    }
}
