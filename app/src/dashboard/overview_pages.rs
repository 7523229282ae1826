//! The evaluator's home: the programme's totals and rates, every project with warnings, and
//! contractors and counties side by side. Filters and sorting are a GET form, so the page
//! works before the WASM arrives and every view has a link.
use super::pages::{has_role, rates, RateCells, WarningList};
use super::*;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::percent;
use crate::ui::RateBars;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The overview's figures for an evaluator; `None` for anyone else, without asking.
pub type OverviewResource = Resource<Result<Option<ProjectList>, AppError>>;

/// Made beside the caller's own resource (`me`), outside the Suspense that waits for it:
/// Suspense runs its children once more after they have loaded, to find reads it missed
/// (leptos#4688), and a resource made in there was made again, which computed the whole
/// overview two or three times for most page loads (BENCHMARKS.md).
pub fn overview_resource() -> OverviewResource {
    let query = use_query_map();
    Resource::new(
        move || filter_of(&query),
        move |filter| async move {
            if !has_role(Role::Evaluator).await {
                return Ok(None);
            }
            list_programme_projects(filter).await.map(Some)
        },
    )
}

/// The page's filters, read from the address (a GET form, so every view has a link).
fn filter_of(query: &Memo<ParamsMap>) -> ProjectFilter {
    query.with(|q| ProjectFilter {
        q: q.get("q").unwrap_or_default(),
        mode: q.get("mode").unwrap_or_default(),
        scope: q.get("scope").unwrap_or_default(),
        contractor: q.get("contractor").unwrap_or_default(),
        sort: q.get("sort").unwrap_or_default(),
    })
}

#[component]
pub fn ProgrammeProjects(list: OverviewResource) -> impl IntoView {
    let query = use_query_map();
    view! {
        {crate::ui::loaded(list, move |list| {
            list.map(|list| view! { <Overview list filter=filter_of(&query) /> })
        })}
    }
}

#[component]
fn Overview(list: ProjectList, filter: ProjectFilter) -> impl IntoView {
    let Some(programme) = list.programme.clone() else {
        return view! { <h1>{t::OVERVIEW}</h1><p class="empty">{t::NO_PROGRAMME}</p> }.into_any();
    };
    let threshold = list.threshold;
    let places: i64 = list.projects.iter().map(|p| i64::from(p.headcount)).sum();
    view! {
        <h1>{programme} " · " {t::OVERVIEW}</h1>
        {list.county.clone().map(|c| view! { <p class="muted">{c} "：" {t::COUNTY_SCOPE_NOTE}</p> })}
        <p class="muted">{t::as_of(&list.as_of)}</p>
        <TotalsList totals=list.totals.clone() />
        <RateCards total=list.total.clone() threshold />
        <h2>{t::BY_PROJECT}</h2>
        <Filters list=&list filter=&filter />
        <p class="summary" role="status">{t::projects_summary(list.projects.len(), places)}</p>
        {list.projects.is_empty().then(|| view! { <p class="empty">{t::NO_MATCH}</p> })}
        <ProjectTable projects=list.projects />
        <p class="muted">{t::WARNINGS_LEGEND}</p>
        <Comparison title=t::BY_CONTRACTOR first=t::COL_CONTRACTOR file="contractors" lines=list.by_contractor per_contractor=true />
        <Comparison title=t::BY_COUNTY first=t::COL_COUNTY file="counties" lines=list.by_county per_contractor=false />
        <p class="muted">{t::COUNTY_SATISFACTION_NOTE}</p>
    }
    .into_any()
}

#[component]
fn TotalsList(totals: Totals) -> impl IntoView {
    let items = [
        (t::TOTAL_PROJECTS, totals.projects as i64),
        (t::TOTAL_CLASSES, i64::from(totals.classes)),
        (t::TOTAL_ENROLLED, totals.enrolled as i64),
        (t::TOTAL_SESSIONS, totals.sessions_held as i64),
        (t::TOTAL_TODAY, totals.checkins_today as i64),
    ];
    view! {
        <dl class="totals">
            {items.map(|(label, n)| view! {
                <div><dt>{label}</dt><dd>{t::group_thousands(n)}</dd></div>
            }).collect_view()}
        </dl>
    }
}

/// The four rates, each with its parts and its definition one tap away (a <details>, which
/// opens without JavaScript).
#[component]
fn RateCards(total: Counts, threshold: i32) -> impl IntoView {
    let warnings = total.flags(threshold);
    let parts = [
        (
            Metric::Attendance,
            total.attendance(),
            total.attended,
            total.expected,
        ),
        (
            Metric::Hours,
            total.hours_completion(),
            total.hours_complete,
            total.hours_enrolled,
        ),
        (
            Metric::Response,
            total.response_rate(),
            total.responses,
            total.eligible,
        ),
        (
            Metric::Satisfaction,
            total.satisfaction(),
            u64::from(total.overall.counts[3] + total.overall.counts[4]),
            u64::from(total.overall.valid()),
        ),
    ];
    view! {
        <ul class="rates">
            {parts.map(|(metric, rate, part, whole)| {
                let level = warnings.iter().find(|w| w.metric == metric).map(|w| w.level);
                view! {
                    <li class="card" class:red=level == Some(Level::Red) class:amber=level == Some(Level::Amber)>
                        <h3>{metric.label()}</h3>
                        <p class="big">{percent(rate)}</p>
                        <p class="muted">{t::fraction(part, whole)}</p>
                        <details>
                            <summary>{t::DEFINITION}</summary>
                            <p>{metric.definition(threshold)}</p>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(total.withheld > 0).then(|| view! { <p class="muted">{t::withheld_classes(total.withheld, crate::survey::MIN_RESPONSES)}</p> })}
    }
}

#[component]
fn Filters<'a>(list: &'a ProjectList, filter: &'a ProjectFilter) -> impl IntoView {
    let scopes = [
        ("province", t::SCOPE_PROVINCE),
        ("示范县", "示范县"),
        ("项目县", "项目县"),
        ("振兴帮扶县", "振兴帮扶县"),
        ("counties", "指定县区"),
    ];
    let f = filter.clone();
    view! {
        <form method="get" class="filters">
            <label>{t::FILTER_SEARCH}<input name="q" type="search" value=f.q.clone() /></label>
            <label>{t::FILTER_MODE}
                <select name="mode">
                    <option value="">{t::FILTER_ALL}</option>
                    {list.modes.iter().map(|m| view! { <option selected=*m == f.mode value=m.clone()>{m.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>{t::FILTER_SCOPE}
                <select name="scope">
                    <option value="">{t::FILTER_ALL}</option>
                    {scopes.map(|(v, label)| view! { <option selected=v == f.scope value=v>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>{t::FILTER_CONTRACTOR}
                <select name="contractor">
                    <option value="">{t::FILTER_ALL}</option>
                    <option value=NO_CONTRACTOR selected=f.contractor == NO_CONTRACTOR>{t::FILTER_NO_CONTRACTOR}</option>
                    {list.contractors.iter().map(|c| view! { <option selected=*c == f.contractor value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>{t::SORT_BY}
                <select name="sort">
                    <option value="">{t::SORT_DEFAULT}</option>
                    {SORTS.map(|s| view! { <option selected=s == f.sort value=s>{t::sort_label(s)}</option> }).collect_view()}
                </select>
            </label>
            <div class="actions">
                <button type="submit" class="primary">{t::FILTER_APPLY}</button>
                <a href="/">{t::FILTER_RESET}</a>
                <button type="submit" formaction="/dashboard/projects.csv">{t::EXPORT_CSV}</button>
                <button type="submit" formaction="/dashboard/projects.xlsx">{t::EXPORT_XLSX}</button>
            </div>
        </form>
    }
}

#[component]
fn ProjectTable(projects: Vec<ProjectSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table projects" aria-label=t::BY_PROJECT>
                <thead>
                    <tr>
                        <th>{t::COL_PROJECT}</th><th>{t::COL_CONTRACTOR}</th><th class="num">{t::COL_CLASSES}</th>
                        <th class="num">{t::COL_ENROLLED}</th>
                        {rates(&Counts::default()).map(|(m, _)| view! { <th class="num">{m.label()}</th> }).collect_view()}
                        <th>{t::COL_WARNINGS}</th>
                    </tr>
                </thead>
                <tbody>
                    {projects.into_iter().map(|p| view! {
                        <tr>
                            <td data-label=t::COL_PROJECT>
                                <a href=format!("/projects/{}", p.id)>{p.name}</a>
                                <br /><span class="muted">{p.mode} " · " {p.scope}</span>
                                {(p.classes > 0).then(|| view! {
                                    " " <a href=format!("/projects/{}/survey/results", p.id)>{t::SURVEY_RESULTS}</a>
                                })}
                            </td>
                            <td data-label=t::COL_CONTRACTOR>{p.contractor.unwrap_or_else(|| t::FILTER_NO_CONTRACTOR.to_owned())}</td>
                            <td data-label=t::COL_CLASSES class="num">{p.classes}</td>
                            <td data-label=t::COL_ENROLLED class="num">{t::group_thousands(p.counts.enrolled as i64)}</td>
                            <RateCells counts=p.counts warnings=p.warnings.clone() />
                            <td data-label=t::COL_WARNINGS><WarningList warnings=p.warnings /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Contractors or counties side by side: a chart, then the table it was drawn from.
#[component]
fn Comparison(
    title: &'static str,
    first: &'static str,
    file: &'static str,
    lines: Vec<Line>,
    per_contractor: bool,
) -> impl IntoView {
    let mut series = vec![Metric::Attendance.label(), Metric::Hours.label()];
    if per_contractor {
        series.push(Metric::Satisfaction.label());
    } else {
        series.push(Metric::Response.label());
    }
    let bars: Vec<(String, Vec<Option<f64>>)> = lines
        .iter()
        .map(|l| {
            let third = if per_contractor {
                l.counts.satisfaction()
            } else {
                l.counts.response_rate()
            };
            (
                l.name.clone(),
                vec![l.counts.attendance(), l.counts.hours_completion(), third],
            )
        })
        .collect();
    view! {
        <section class="comparison">
            <h2>{title}</h2>
            {if lines.is_empty() {
                view! { <p class="empty">{t::NO_CLASSES_YET}</p> }.into_any()
            } else {
                view! {
                    <RateBars series lines=bars />
                    <p>
                        <a class="button" href=format!("/dashboard/{file}.csv") download>{t::EXPORT_CSV}</a> " "
                        <a class="button" href=format!("/dashboard/{file}.xlsx") download>{t::EXPORT_XLSX}</a>
                    </p>
                    <div class="table-wrap">
                        <table class="table" aria-label=title>
                            <thead><tr>
                                <th>{first}</th>{per_contractor.then(|| view! { <th class="num">{t::COL_CLASSES}</th> })}<th class="num">{t::COL_ENROLLED}</th>
                                {rates(&Counts::default()).map(|(m, _)| view! { <th class="num">{m.label()}</th> }).collect_view()}
                                <th>{t::COL_WARNINGS}</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| view! {
                                    <tr>
                                        <th scope="row" data-label=first>{l.name}</th>
                                        {per_contractor.then(|| view! { <td class="num" data-label=t::COL_CLASSES>{l.counts.classes}</td> })}
                                        <td class="num" data-label=t::COL_ENROLLED>{t::group_thousands(l.counts.enrolled as i64)}</td>
                                        <RateCells counts=l.counts warnings=l.warnings.clone() />
                                        <td data-label=t::COL_WARNINGS><WarningList warnings=l.warnings /></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
