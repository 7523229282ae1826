//! A project's page: its classes with their figures, and for its contractor the form that
//! adds a class.
use super::pages::{rates, WarningList};
use super::*;
use crate::error::AppError;
use crate::i18n::t;
use crate::training::{AddClass, NewClassForm};
use crate::ui::{percent, route_id};
use leptos::prelude::*;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let id = route_id();
    let add = ServerAction::<AddClass>::new();
    let data = Resource::new(
        move || (id.get(), add.version().get()),
        |(id, _)| async move { get_project_classes(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <p><a href="/">{t::NAV_HOME}</a></p>
            {crate::ui::loaded(data, move |p| view! {
                <h1>{p.project.clone()}</h1>
                <p>
                    {t::CREDITS_EXPORT_PROJECT} " "
                    <a href=format!("/projects/{}/credits.csv", p.project_id) download>"CSV"</a>
                    " / "
                    <a href=format!("/projects/{}/credits.xlsx", p.project_id) download>"Excel"</a>
                    " · "
                    <a href=format!("/projects/{}/survey/results", p.project_id)>{t::SURVEY_RESULTS}</a>
                    {(!p.can_manage).then(|| view! {
                        " · " <a href=format!("/projects/{}/nominations", p.project_id)>{t::NOMINATIONS}</a>
                    })}
                </p>
                <h2>{t::CLASSES_TITLE}</h2>
                {if p.classes.is_empty() {
                    view! { <p class="empty">{t::CLASSES_EMPTY}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {p.classes.into_iter().map(|f| {
                                let c = f.class;
                                let href = if p.can_manage { format!("/classes/{}", c.id) } else { format!("/classes/{}/report", c.id) };
                                view! {
                                <li class="card">
                                    <h3><a href=href>{c.name}</a></h3>
                                    <p>{c.dates} {c.venue.map(|v| format!(" · {v}"))}</p>
                                    <p class="muted">{t::class_counts(c.enrolled, c.capacity, c.sessions)}</p>
                                    <p>{rates(&f.counts).map(|(m, r)| format!("{} {}", m.label(), percent(r))).join(" · ")}</p>
                                    <WarningList warnings=f.warnings />
                                </li>
                            }}).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {p.can_manage.then(|| view! { <NewClassForm project_id=p.project_id add /> })}
            })}
        </main>
    }
}
