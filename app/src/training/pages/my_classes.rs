use crate::i18n::t;
use crate::training::*;
use leptos::prelude::*;

/// The trainee's home on a phone: their classes as large cards, today's first to the eye.
#[component]
pub fn MyClasses() -> impl IntoView {
    let classes = Resource::new(|| (), |_| list_my_classes());
    view! {
        <h1>{t::MY_CLASSES}</h1>
        {crate::ui::loaded(classes, |list: Vec<ClassCard>| match list {
                    list if list.is_empty() => view! { <p class="empty">{t::MY_CLASSES_EMPTY}</p> }.into_any(),
                    list => view! {
                        <ul class="cards">
                            {list.into_iter().map(|c| view! {
                                <li class="card" class:today=c.today>
                                    {c.today.then(|| view! { <span class="badge">{t::TODAY}</span> })}
                                    <h2>{c.name}</h2>
                                    <p class="muted">{c.project}</p>
                                    <p>{t::CLASS_DATES} "：" {c.dates}</p>
                                    {c.venue.map(|v| view! { <p>{t::CLASS_VENUE} "：" {v}</p> })}
                                    {c.head_teacher.map(|h| view! { <p>{t::CLASS_HEAD_TEACHER} "：" {h}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                        <p><a class="button primary" href="/hours">{t::HOURS_TITLE}</a></p>
                    }.into_any(),
                })}
    }
}
