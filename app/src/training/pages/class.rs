//! The contractor's class page: sessions, the session and class forms, the roster upload.
//! Forms are ActionForms, so they post without WASM.
use crate::error::AppError;
use crate::i18n::t;
use crate::training::*;
use crate::ui::{last_error, route_id, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ClassPage() -> impl IntoView {
    let id = route_id();
    let add = ServerAction::<AddSession>::new();
    let data = Resource::new(
        move || (id.get(), add.version().get()),
        |(id, _)| async move { get_class_detail(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            {crate::ui::loaded(data, move |d| view! { <ClassBody d add /> })}
        </main>
    }
}

#[component]
fn ClassBody(d: ClassDetail, add: ServerAction<AddSession>) -> impl IntoView {
    let c = d.class.clone();
    view! {
        <p><a href=format!("/projects/{}", d.project_id)>{d.project.clone()}</a></p>
        <h1>{c.name.clone()}</h1>
        <p>{c.dates.clone()} {c.venue.clone().map(|v| format!(" · {v}"))}
           {c.head_teacher.clone().map(|h| format!(" · {}：{h}", t::FIELD_HEAD_TEACHER))}</p>
        <p class="muted">{t::class_counts(c.enrolled, c.capacity, c.sessions)}</p>
        <p>
            <a href=format!("/classes/{}/hours", c.id)>{t::HOURS_QUEUE}</a>
            " · " {t::CREDITS_EXPORT} " "
            <a href=format!("/classes/{}/credits.csv", c.id) download>"CSV"</a>
            " / "
            <a href=format!("/classes/{}/credits.xlsx", c.id) download>"Excel"</a>
            " · "
            <a href=format!("/classes/{}/survey", c.id)>{t::SURVEY_TITLE}</a>
            " · "
            <a href=format!("/classes/{}/visits", c.id)>{t::VISITS_TITLE}</a>
            " · "
            <a href=format!("/classes/{}/report", c.id)>{t::REPORT_LINK}</a>
        </p>
        <h2>{t::SESSIONS_TITLE}</h2>
        {if d.sessions.is_empty() {
            view! { <p class="empty">{t::SESSIONS_EMPTY}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr><th>{t::FIELD_SESSION_TITLE}</th><th>{t::FIELD_DATE}</th><th>{t::CHECK_IN}</th><th></th></tr></thead>
                    <tbody>
                        {d.sessions.into_iter().map(|s| view! {
                            <tr>
                                <td>{s.title}</td>
                                <td>{s.when}</td>
                                <td>{format!("{} / {}", s.checked_in, c.enrolled)}
                                    {(s.flagged > 0).then(|| view! { <span class="badge warn">{t::flagged_count(s.flagged)}</span> })}</td>
                                <td>
                                    <a href=format!("/sessions/{}/projector", s.id)>{t::PROJECTOR_OPEN}</a>
                                    " · "
                                    <a href=format!("/sessions/{}/sheet", s.id)>{t::SHEET_TITLE}</a>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <details class="card">
            <summary>{t::SESSION_CREATE}</summary>
            <ActionForm action=add>
                <input type="hidden" name="class" value=c.id />
                <label>{t::FIELD_SESSION_TITLE}<input name="title" required /></label>
                <label>{t::FIELD_DATE}<input name="date" type="date" value=d.default_date.clone() required /></label>
                <label>{t::FIELD_STARTS}<input name="starts" type="time" value="08:30" required /></label>
                <label>{t::FIELD_ENDS}<input name="ends" type="time" value="11:30" required /></label>
                <label>{t::FIELD_OPENS}<input name="opens_min" inputmode="numeric" value="30" /></label>
                <label>{t::FIELD_LATE}<input name="late_min" inputmode="numeric" value="10" /></label>
                <label class="check"><input name="checkout" type="checkbox" value="1" />{t::FIELD_CHECKOUT}</label>
                <label>{t::FIELD_GEOFENCE}<input name="geofence" placeholder="28.6837, 115.8900" /></label>
                <label>{t::FIELD_RADIUS}<input name="radius_m" inputmode="numeric" value="300" /></label>
                <ErrorLine error=last_error(add) />
                <SubmitButton pending=add.pending() label=t::SAVE busy=t::SAVING />
            </ActionForm>
        </details>
        <section class="card">
            <h2>{t::ROSTER_TITLE}</h2>
            <p class="muted">{t::ROSTER_HINT}</p>
            <form method="post" action=format!("/classes/{}/roster", c.id) enctype="multipart/form-data">
                <label>{t::ROSTER_FILE}<input name="roster" type="file" accept=".csv,.xlsx" required /></label>
                <button type="submit" class="primary">{t::ROSTER_UPLOAD}</button>
            </form>
            <p><a href=format!("/classes/{}/codes", c.id)>{t::ROSTER_CODES}</a></p>
        </section>
        <section class="card">
            <h2>{t::PLATFORM_TITLE}</h2>
            <p class="muted">{t::PLATFORM_HINT}</p>
            <form method="post" action=format!("/classes/{}/platform-hours", c.id) enctype="multipart/form-data">
                <label>{t::PLATFORM_FILE}<input name="log" type="file" accept=".csv,.xlsx" required /></label>
                <button type="submit" class="primary">{t::PLATFORM_UPLOAD}</button>
            </form>
        </section>
    }
}

/// The contractor's form that adds a class to its project; it posts without WASM.
#[component]
pub fn NewClassForm(project_id: i32, add: ServerAction<AddClass>) -> impl IntoView {
    view! {
        <details class="card">
                    <summary>{t::CLASS_CREATE}</summary>
                    <ActionForm action=add>
                        <input type="hidden" name="project" value=project_id />
                        <label>{t::FIELD_CLASS_NAME}<input name="name" required /></label>
                        <label>{t::FIELD_START_DATE}<input name="start_date" type="date" required /></label>
                        <label>{t::FIELD_END_DATE}<input name="end_date" type="date" required /></label>
                        <label>{t::FIELD_VENUE}<input name="venue" /></label>
                        <label>{t::FIELD_HEAD_TEACHER}<input name="head_teacher" /></label>
                        <label>{t::FIELD_CAPACITY}<input name="capacity" inputmode="numeric" /></label>
                        <ErrorLine error=last_error(add) />
                        <SubmitButton pending=add.pending() label=t::SAVE busy=t::SAVING />
                    </ActionForm>
                </details>
    }
}
