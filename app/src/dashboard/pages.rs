use super::*;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The evaluator's home: every project of the programme, filterable by a GET form that works
/// without JavaScript.
#[component]
pub fn ProgrammeProjects() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| ProjectFilter {
            q: q.get("q").unwrap_or_default(),
            mode: q.get("mode").unwrap_or_default(),
            scope: q.get("scope").unwrap_or_default(),
            contractor: q.get("contractor").unwrap_or_default(),
        })
    };
    let list = Resource::new(filter, list_programme_projects);
    view! {
        {crate::loaded(list, move |list| view! { <ProjectListView list filter=filter() /> })}
    }
}

#[component]
fn ProjectListView(list: ProjectList, filter: ProjectFilter) -> impl IntoView {
    let Some(programme) = list.programme else {
        return view! { <h1>{t::PROGRAMME_PROJECTS}</h1><p class="empty">{t::NO_PROGRAMME}</p> }
            .into_any();
    };
    let places: i64 = list.projects.iter().map(|p| i64::from(p.headcount)).sum();
    let scopes = [
        ("province", t::SCOPE_PROVINCE),
        ("示范县", "示范县"),
        ("项目县", "项目县"),
        ("振兴帮扶县", "振兴帮扶县"),
        ("counties", "指定县区"),
    ];
    view! {
        <h1>{programme} " · " {t::PROGRAMME_PROJECTS}</h1>
        {list.county.map(|c| view! { <p class="muted">{c} "：" {t::COUNTY_SCOPE_NOTE}</p> })}
        <form method="get" class="filters">
            <label>{t::FILTER_SEARCH}<input name="q" type="search" value=filter.q.clone() /></label>
            <label>{t::FILTER_MODE}
                <select name="mode">
                    <option value="">{t::FILTER_ALL}</option>
                    {list.modes.into_iter().map(|m| view! { <option selected=m == filter.mode value=m.clone()>{m.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label>{t::FILTER_SCOPE}
                <select name="scope">
                    <option value="">{t::FILTER_ALL}</option>
                    {scopes.map(|(v, label)| view! { <option selected=v == filter.scope value=v>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>{t::FILTER_CONTRACTOR}
                <select name="contractor">
                    <option value="">{t::FILTER_ALL}</option>
                    <option value=NO_CONTRACTOR selected=filter.contractor == NO_CONTRACTOR>{t::FILTER_NO_CONTRACTOR}</option>
                    {list.contractors.into_iter().map(|c| view! { <option selected=c == filter.contractor value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            </label>
            <div class="actions">
                <button type="submit" class="primary">{t::FILTER_APPLY}</button>
                <a href="/">{t::FILTER_RESET}</a>
            </div>
        </form>
        <p class="summary" role="status">{t::projects_summary(list.projects.len(), places)}</p>
        {if list.projects.is_empty() { Some(view! { <p class="empty">{t::NO_MATCH}</p> }) } else { None }}
        <ProjectTable projects=list.projects />
    }.into_any()
}

#[component]
fn ProjectTable(projects: Vec<ProjectSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table projects">
                <thead>
                    <tr>
                        <th>{t::COL_PROJECT}</th><th class="num">{t::COL_HEADCOUNT}</th><th>{t::COL_SCOPE}</th>
                        <th>{t::COL_MODE}</th><th>{t::COL_DURATION}</th><th>{t::COL_CONTRACTOR}</th>
                    </tr>
                </thead>
                <tbody>
                    {projects.into_iter().map(|p| view! {
                        <tr>
                            <td data-label=t::COL_PROJECT>{p.name}
                                {(p.classes > 0).then(|| view! {
                                    " " <a href=format!("/projects/{}/survey/results", p.id)>{t::SURVEY_RESULTS}</a>
                                })}
                            </td>
                            <td data-label=t::COL_HEADCOUNT class="num">{t::group_thousands(p.headcount.into())}</td>
                            <td data-label=t::COL_SCOPE>{p.scope}</td>
                            <td data-label=t::COL_MODE>{p.mode}</td>
                            <td data-label=t::COL_DURATION>{p.duration}</td>
                            <td data-label=t::COL_CONTRACTOR>{p.contractor.unwrap_or_else(|| t::FILTER_NO_CONTRACTOR.to_owned())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The contractor's home: the projects their organisation won.
#[component]
pub fn MyProjects() -> impl IntoView {
    let projects = Resource::new(|| (), |_| list_my_projects());
    view! {
        <h1>{t::MY_PROJECTS}</h1>
        {crate::loaded(projects, |list: Vec<ProjectSummary>| match list {
                    list if list.is_empty() => view! { <p class="empty">{t::MY_PROJECTS_EMPTY}</p> }.into_any(),
                    list => view! {
                        <ul class="cards">
                            {list.into_iter().map(|p| view! {
                                <li class="card">
                                    <h2><a href=format!("/projects/{}", p.id)>{p.name}</a></h2>
                                    <p class="muted">{p.mode} " · " {p.duration}</p>
                                    <p>{t::COL_HEADCOUNT} " " {t::group_thousands(p.headcount.into())} " · " {t::COL_SCOPE} " " {p.scope} " · " {t::CLASSES_COUNT} " " {p.classes}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
    }
}
