//! Results for a class or a project, with the definitions of every figure on the page. The
//! distribution bars are SVG drawn on the server, so they read without WASM and print.
use crate::error::AppError;
use crate::i18n::t;
use crate::survey::*;
use crate::ui::{percent, score};
use leptos::prelude::*;

#[component]
pub fn ClassResultsPage() -> impl IntoView {
    results_page(get_class_results)
}

#[component]
pub fn ProjectResultsPage() -> impl IntoView {
    results_page(get_project_results)
}

/// A results page for the id in the route, fetched by `fetch`.
fn results_page<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn(i32) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<SurveyResults, AppError>> + Send + 'static,
{
    let id = crate::ui::route_id();
    let data = Resource::new(
        move || id.get(),
        move |id| async move { fetch(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <p><a href="/">{t::NAV_HOME}</a></p>
            {crate::ui::loaded(data, |r: SurveyResults| view! { <ResultsView r /> })}
        </main>
    }
}

#[component]
pub fn ResultsView(r: SurveyResults) -> impl IntoView {
    let rate = percent(r.response_rate());
    view! {
        <h1>{t::SURVEY_RESULTS} "：" {r.title.clone()}</h1>
        <p class="muted">{r.subtitle.clone()}</p>
        <dl class="figures">
            <div><dt>{t::SURVEY_ELIGIBLE}</dt><dd>{r.eligible}</dd></div>
            <div><dt>{t::SURVEY_RESPONSES}</dt><dd>{r.responses}</dd></div>
            <div><dt>{t::SURVEY_RESPONSE_RATE}</dt><dd>{rate}</dd></div>
        </dl>
        {r.stepping.then(|| view! {
            <p class="muted" role="status">{t::survey_stepping(MIN_RESPONSES, r.published_at.clone())}</p>
        })}
        {r.integrity.clone().map(|s| view! { <StuffingView s /> })}
        {(!r.classes.is_empty()).then(|| view! { <ClassTable classes=r.classes.clone() left_out=r.left_out /> })}
        {match r.figures.clone() {
            None => view! { <p class="notice" role="status">{t::survey_withheld(r.responses, MIN_RESPONSES)}</p> }.into_any(),
            Some(f) => view! { <FiguresView f /> }.into_any(),
        }}
        <Definitions />
    }
}

/// Responses someone else may have given: counts only, red above 2 % as for check-ins.
#[component]
fn StuffingView(s: Stuffing) -> impl IntoView {
    let class = if s.red() {
        "figures warn-red"
    } else {
        "figures"
    };
    view! {
        <section>
            <h2>{t::STUFFING_TITLE}</h2>
            <dl class=class>
                <div><dt>{t::STUFFING_ANSWERED}</dt><dd>{s.answered}</dd></div>
                <div><dt>{t::STUFFING_FLAGGED}</dt><dd>{s.flagged}</dd></div>
                <div><dt>{t::STUFFING_SHARED}</dt><dd>{s.shared_device}</dd></div>
                <div><dt>{t::STUFFING_RESET}</dt><dd>{s.reset}</dd></div>
                <div><dt>{t::STUFFING_NO_CHECKIN}</dt><dd>{s.no_checkin}</dd></div>
                <div><dt>{t::STUFFING_RESETS}</dt><dd>{s.resets_in_class}</dd></div>
            </dl>
            <p class="muted">{t::stuffing_definition(STUFFING_RED_PERCENT)}</p>
        </section>
    }
}

#[component]
fn ClassTable(classes: Vec<ClassLine>, left_out: u32) -> impl IntoView {
    view! {
        <table class="table">
            <thead><tr>
                <th>{t::SURVEY_CLASS}</th><th>{t::SURVEY_ELIGIBLE}</th><th>{t::SURVEY_RESPONSES}</th>
                <th>{t::SURVEY_RESPONSE_RATE}</th><th>{t::SURVEY_OVERALL_RATE}</th>
            </tr></thead>
            <tbody>
                {classes.into_iter().map(|c| {
                    let rate = (c.eligible > 0).then(|| f64::from(c.responses) / f64::from(c.eligible));
                    view! {
                        <tr>
                            <td>
                                <a href=format!("/classes/{}/survey/results", c.class_id)>{c.name}</a>
                                " · "
                                <a href=format!("/classes/{}/visits", c.class_id)>{t::VISITS_TITLE}</a>
                            </td>
                            <td>{c.eligible}</td>
                            <td>{c.responses}</td>
                            <td>{percent(rate)}</td>
                            <td>{if c.withheld { t::survey_withheld_short(MIN_RESPONSES) } else { percent(c.overall) }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(left_out > 0).then(|| view! { <p class="muted">{t::survey_left_out(left_out, MIN_RESPONSES)}</p> })}
    }
}

#[component]
fn FiguresView(f: Figures) -> impl IntoView {
    view! {
        {f.overall.map(|o| view! {
            <section class="card overall">
                <h2>{t::SURVEY_OVERALL}</h2>
                <p class="big">{percent(o.tally.satisfaction())}</p>
                <p>{o.prompt.clone()} " · " {t::SURVEY_MEAN} " " {score(o.tally.mean())}</p>
                <Distribution tally=o.tally />
            </section>
        })}
        <h2>{t::SURVEY_BY_DIMENSION}</h2>
        <table class="table results">
            <thead><tr>
                <th>{t::SURVEY_ITEM}</th><th>{t::SURVEY_SATISFACTION}</th><th>{t::SURVEY_MEAN}</th>
                <th>{t::SURVEY_VALID}</th><th>{t::SURVEY_NA}</th><th>{t::SURVEY_DISTRIBUTION}</th>
            </tr></thead>
            <tbody>
                {f.dimensions.into_iter().map(|d| view! {
                    <tr class="dimension">
                        <th scope="row">{d.name.clone()}</th>
                        <td>{percent(d.tally.satisfaction())}</td>
                        <td>{score(d.tally.mean())}</td>
                        <td>{d.tally.valid()}</td>
                        <td>{d.tally.not_applicable}</td>
                        <td><Distribution tally=d.tally.clone() /></td>
                    </tr>
                    {d.items.into_iter().map(|i| view! {
                        <tr>
                            <td class="item">{i.prompt.clone()}</td>
                            <td>{percent(i.tally.satisfaction())}</td>
                            <td>{score(i.tally.mean())}</td>
                            <td>{i.tally.valid()}</td>
                            <td>{i.tally.not_applicable}</td>
                            <td><Distribution tally=i.tally /></td>
                        </tr>
                    }).collect_view()}
                }).collect_view()}
            </tbody>
        </table>
        {f.choices.into_iter().map(|c| view! {
            <section class="card">
                <h3>{c.prompt}</h3>
                <ul class="list">
                    {c.options.into_iter().map(|(label, n)| view! { <li>{label} "：" {n}</li> }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
        {f.comments.into_iter().map(|c| view! {
            <section class="card comments">
                <h3>{c.prompt.clone()}</h3>
                {if c.texts.is_empty() {
                    view! { <p class="empty">{t::SURVEY_NO_COMMENTS}</p> }.into_any()
                } else {
                    view! { <ul class="list">{c.texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        }).collect_view()}
    }
}

/// A 100-unit stacked bar: 很不满意 … 很满意, then 不适用 in grey.
#[component]
pub fn Distribution(tally: Tally) -> impl IntoView {
    let labels = ["很不满意", "不满意", "一般", "满意", "很满意"];
    let mut parts: Vec<(String, u64)> = labels
        .iter()
        .zip(tally.counts)
        .map(|(l, n)| ((*l).to_owned(), u64::from(n)))
        .collect();
    parts.push(("不适用".to_owned(), u64::from(tally.not_applicable)));
    view! { <crate::ui::StackedBar parts tone="d" /> }
}

#[component]
fn Definitions() -> impl IntoView {
    view! {
        <section class="definitions">
            <h2>{t::DEFINITIONS_TITLE}</h2>
            <dl>
                {t::SURVEY_DEFINITIONS.iter().map(|(term, meaning)| view! {
                    <dt>{*term}</dt><dd>{*meaning}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}
