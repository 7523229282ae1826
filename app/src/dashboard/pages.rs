use super::*;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::percent;
use leptos::prelude::*;

/// A rate with its parts, red or amber when a warning is raised on it.
#[component]
pub fn RateCell(
    metric: Metric,
    rate: Option<f64>,
    warnings: Vec<Warning>,
    #[prop(optional)] label: &'static str,
) -> impl IntoView {
    let level = warnings
        .iter()
        .find(|w| w.metric == metric)
        .map(|w| w.level);
    let class = match level {
        Some(Level::Red) => "num red",
        Some(Level::Amber) => "num amber",
        None => "num",
    };
    let label = if label.is_empty() {
        metric.label()
    } else {
        label
    };
    view! { <td data-label=label class=class>{percent(rate)}</td> }
}

/// The four rates of a line, in the order every table uses.
pub fn rates(c: &Counts) -> [(Metric, Option<f64>); 4] {
    [
        (Metric::Attendance, c.attendance()),
        (Metric::Hours, c.hours_completion()),
        (Metric::Response, c.response_rate()),
        (Metric::Satisfaction, c.satisfaction()),
    ]
}

#[component]
pub fn RateCells(counts: Counts, warnings: Vec<Warning>) -> impl IntoView {
    rates(&counts)
        .into_iter()
        .map(|(metric, rate)| view! { <RateCell metric rate warnings=warnings.clone() /> })
        .collect_view()
}

#[component]
pub fn WarningList(warnings: Vec<Warning>) -> impl IntoView {
    view! {
        <ul class="warnings">
            {warnings.into_iter().map(|w| view! {
                <li class=match w.level { Level::Red => "red", Level::Amber => "amber" }>
                    {w.label()}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Whether the caller has this role: asked of the server again rather than awaited from the
/// home's own resource. A resource awaiting another, read by no Suspense on a trainee's home,
/// once kept that page's last chunk from ever being sent (a CI run of 2fa773b: the body timed
/// out after the headers). A session read costs a fraction of a millisecond.
pub(super) async fn has_role(role: Role) -> bool {
    matches!(crate::auth::whoami().await, Ok(Some(me)) if me.role == role)
}

/// A contractor's projects; `None` for anyone else, without asking.
pub type MyProjectsResource = Resource<Result<Option<Vec<ProjectSummary>>, AppError>>;

/// Made outside the home's Suspense, as `overview_resource` is and for the same reason: a
/// contractor's figures are read from the kept counts of all their classes.
pub fn my_projects_resource() -> MyProjectsResource {
    Resource::new(
        || (),
        move |_| async move {
            if !has_role(Role::Contractor).await {
                return Ok(None);
            }
            list_my_projects().await.map(Some)
        },
    )
}

/// The contractor's home: the projects their organisation won, with their figures.
#[component]
pub fn MyProjects(projects: MyProjectsResource) -> impl IntoView {
    view! {
        <h1>{t::MY_PROJECTS}</h1>
        {crate::ui::loaded(projects, |list: Option<Vec<ProjectSummary>>| match list.unwrap_or_default() {
                    list if list.is_empty() => view! { <p class="empty">{t::MY_PROJECTS_EMPTY}</p> }.into_any(),
                    list => view! {
                        <ul class="cards">
                            {list.into_iter().map(|p| view! {
                                <li class="card">
                                    <h2><a href=format!("/projects/{}", p.id)>{p.name}</a></h2>
                                    <p class="muted">{p.mode} " · " {p.duration}</p>
                                    <p>{t::COL_HEADCOUNT} " " {t::group_thousands(p.headcount.into())} " · " {t::COL_SCOPE} " " {p.scope} " · " {t::CLASSES_COUNT} " " {p.classes}</p>
                                    {(p.counts.classes > 0).then(|| view! {
                                        <p>{rates(&p.counts).map(|(m, r)| format!("{} {}", m.label(), percent(r))).join(" · ")}</p>
                                        <WarningList warnings=p.warnings />
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
    }
}
