use super::*;
use crate::auth::Role;
use crate::i18n::t;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The admin's home. `children` are the other domains' admin sections (the survey templates),
/// which the shell puts in, so that admin does not import them sideways.
#[component]
pub fn AdminHome(children: Children) -> impl IntoView {
    view! {
        <h1>{t::ADMIN_TITLE}</h1>
        <ImportForm />
        <RecentImports />
        <super::rules::RulesForm />
        {children()}
        <Users />
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t::IMPORT_TITLE}</h2>
            <p class="muted">{t::IMPORT_HINT}</p>
            <form method="post" action=IMPORT_UPLOAD_PATH enctype="multipart/form-data" class="import-form">
                <label>
                    {t::IMPORT_PROGRAMME}
                    <input name="programme" value="国培计划（2022）" required />
                </label>
                <label>
                    {t::IMPORT_YEAR}
                    <input name="year" type="number" value="2022" min="2000" max="2100" required />
                </label>
                <label>
                    {t::IMPORT_PROJECTS_FILE}
                    <input name="projects" type="file" accept=".tsv,.txt,.csv" required />
                </label>
                <label>
                    {t::IMPORT_COUNTIES_FILE}
                    <input name="counties" type="file" accept=".tsv,.txt,.csv" required />
                </label>
                <button type="submit" class="primary">{t::IMPORT_SUBMIT}</button>
            </form>
        </section>
    }
}

#[component]
fn RecentImports() -> impl IntoView {
    let runs = Resource::new(|| (), |_| recent_imports());
    view! {
        <section class="card">
            <h2>{t::IMPORT_RECENT}</h2>
            {crate::ui::loaded(runs, |runs: Vec<ImportRunSummary>| match runs {
                        runs if runs.is_empty() => view! { <p class="empty">{t::IMPORT_NONE_YET}</p> }.into_any(),
                        runs => view! {
                            <ul class="list">
                                {runs.into_iter().map(|r| view! {
                                    <li>
                                        <a href=format!("/admin/imports/{}", r.id)>
                                            {r.created_at} " · " {r.programme} " · "
                                            {if r.succeeded { format!("{} {}", r.projects, t::IMPORT_ROWS) } else { t::IMPORT_FAILED.to_owned() }}
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    })}
        </section>
    }
}

#[component]
fn Users() -> impl IntoView {
    let create = ServerAction::<CreateStaffUser>::new();
    let created = crate::ui::succeeded(create);
    let users = Resource::new(move || create.version().get(), |_| list_users());
    let choices = Resource::new(|| (), |_| get_admin_choices());
    view! {
        <section class="card">
            <h2>{t::USERS_TITLE}</h2>
            <Suspense fallback=|| view! { <p class="loading">{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    users.await.map(|users| view! {
                        <table class="table">
                            <thead><tr><th>{t::LOGIN_USERNAME}</th><th>{t::USER_DISPLAY_NAME}</th><th>{t::USER_ROLE}</th><th>{t::USER_SCOPE}</th></tr></thead>
                            <tbody>
                                {users.into_iter().map(|u| view! {
                                    <tr><td>{u.login}</td><td>{u.display_name}</td><td>{u.role.label()}</td><td>{u.scope}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Suspense>
            <details open=move || created.get() || create.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{t::USERS_CREATE}</summary>
                <ActionForm action=create>
                    <label>{t::USER_ROLE}
                        <select name="role">
                            {[Role::Evaluator, Role::Contractor, Role::Admin].map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t::LOGIN_USERNAME}<input name="login" required /></label>
                    <label>{t::USER_DISPLAY_NAME}<input name="display_name" required /></label>
                    <label>{t::LOGIN_PASSWORD}<input name="password" type="password" minlength="10" required /></label>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let choices = choices.await.unwrap_or_default();
                            view! {
                                <label>{t::USER_CONTRACTOR}<ChoiceSelect name="contractor_id" choices=choices.contractors /></label>
                                <label>{t::USER_COUNTY_OPTIONAL}<ChoiceSelect name="county_id" choices=choices.counties /></label>
                            }
                        })}
                    </Suspense>
                    <ErrorLine error=last_error(create) />
                    {move || created.get().then(|| view! { <p class="ok" role="status">{t::USERS_CREATED}</p> })}
                    <SubmitButton pending=create.pending() label=t::SAVE busy=t::LOADING />
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn ChoiceSelect(name: &'static str, choices: Vec<Choice>) -> impl IntoView {
    view! {
        <select name=name>
            <option value="">{t::USER_NONE}</option>
            {choices.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
        </select>
    }
}

#[component]
pub fn ImportReportPage() -> impl IntoView {
    let params = use_params_map();
    let merge = ServerAction::<MergeContractor>::new();
    let report = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())),
                merge.version().get(),
            )
        },
        |(id, _)| async move { get_import_report(id.ok_or(crate::error::AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <p><a href="/">{t::NAV_HOME}</a></p>
            <h1>{t::IMPORT_REPORT}</h1>
            {crate::ui::loaded(report, move |report| view! { <ReportView report merge /> })}
        </main>
    }
}

#[component]
fn ReportView(report: ImportReport, merge: ServerAction<MergeContractor>) -> impl IntoView {
    if !report.errors.is_empty() {
        return view! {
            <section class="card">
                <p class="error" role="alert">{t::IMPORT_FAILED}</p>
                <ul class="list">
                    {report.errors.into_iter().map(|e| view! { <li>{e.file} " 第 " {e.line} " " {t::IMPORT_LINES} "：" {e.message}</li> }).collect_view()}
                </ul>
            </section>
        }.into_any();
    }
    view! {
        <section class="card">
            <h2>{report.programme.clone()}</h2>
            <dl class="figures">
                <div><dt>{t::IMPORT_ROWS}</dt><dd>{report.projects}</dd></div>
                <div><dt>{t::IMPORT_PLACES}</dt><dd>{t::group_thousands(report.places)}</dd></div>
                <div><dt>{t::IMPORT_NO_CONTRACTOR}</dt><dd>{report.without_contractor.len()}</dd></div>
                <div><dt>{t::IMPORT_UNKNOWN_COUNTIES}</dt><dd>{report.unknown_counties.len()}</dd></div>
                <div><dt>{t::IMPORT_COUNTIES}</dt><dd>{report.counties}</dd></div>
                <div><dt>{t::IMPORT_NEW_CONTRACTORS}</dt><dd>{report.new_contractors}</dd></div>
                <div><dt>{t::IMPORT_CHANGED}</dt><dd>{report.changed_projects}</dd></div>
            </dl>
        </section>
        <section class="card">
            <h2>{t::IMPORT_ALIAS_PAIRS}</h2>
            <ErrorLine error=last_error(merge) />
            {if report.alias_pairs.is_empty() { Some(view! { <p class="empty">{t::IMPORT_ALIAS_NONE}</p> }) } else { None }}
            <ul class="list">
                {report.alias_pairs.into_iter().map(|p| view! {
                    <li>
                        <p>{p.a.clone()} " / " {p.b.clone()}</p>
                        <MergeButton merge from=p.b_id into=p.a_id into_name=p.a.clone() />
                        <MergeButton merge from=p.a_id into=p.b_id into_name=p.b />
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{t::IMPORT_UNKNOWN_COUNTIES}</h2>
            <ul class="list">
                {report.unknown_counties.into_iter().map(|c| view! {
                    <li>{c.name} " (" {t::IMPORT_LINES} " " {c.lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("、")} ")"</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{t::IMPORT_NO_CONTRACTOR}</h2>
            <ul class="list">
                {report.without_contractor.into_iter().map(|p| view! { <li>{t::IMPORT_LINES} " " {p.line} "：" {p.name}</li> }).collect_view()}
            </ul>
        </section>
    }.into_any()
}

#[component]
fn MergeButton(
    merge: ServerAction<MergeContractor>,
    from: i32,
    into: i32,
    into_name: String,
) -> impl IntoView {
    view! {
        <ActionForm action=merge attr:class="inline">
            <input type="hidden" name="from_id" value=from.to_string() />
            <input type="hidden" name="into_id" value=into.to_string() />
            <button type="submit">{t::MERGE_INTO} " " {into_name}</button>
        </ActionForm>
    }
}
