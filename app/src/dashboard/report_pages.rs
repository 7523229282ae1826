//! The class report: the evaluator's drill-down page, and the evidence pack when printed
//! (A4 rules in the stylesheet's print section).
use super::pages::{rates, WarningList};
use super::*;
use crate::error::AppError;
use crate::i18n::t;
use crate::survey::ResultsView;
use crate::ui::percent;
use crate::ui::{Legend, StackedBar};
use leptos::prelude::*;

#[component]
pub fn ClassReportPage() -> impl IntoView {
    let id = crate::ui::route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_class_report(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page report">
            {crate::ui::loaded(data, |r: ClassReport| view! { <ReportBody r /> })}
        </main>
    }
}

#[component]
fn ReportBody(r: ClassReport) -> impl IntoView {
    let threshold = r.threshold;
    view! {
        <p class="no-print"><a href=format!("/projects/{}", r.project_id)>{r.project.clone()}</a></p>
        <h1>{r.class_name.clone()} " · " {t::REPORT_TITLE}</h1>
        <p>{r.project.clone()} {r.contractor.clone().map(|c| format!(" · {c}"))}</p>
        <p class="muted">{r.dates.clone()} {r.venue.clone().map(|v| format!(" · {v}"))}
            {r.head_teacher.clone().map(|h| format!(" · {}：{h}", t::FIELD_HEAD_TEACHER))}</p>
        {r.county.clone().map(|c| view! { <p class="notice">{t::report_county_note(&c)}</p> })}
        <p class="muted">{t::report_generated(&r.generated_at)}
            <button type="button" class="no-print" data-print="">{t::REPORT_PRINT}</button></p>
        <style>{page_header(&r.class_name)}</style>
        <dl class="figures">
            {rates(&r.counts)
                .into_iter()
                .chain([(Metric::Integrity, r.counts.flag_rate())])
                .map(|(m, rate)| {
                    let (part, whole) = r.counts.parts(m);
                    view! {
                        <div>
                            <dt>{m.label()}</dt>
                            <dd>{percent(rate)}</dd>
                            <dd class="parts">{format!("{part} / {whole}")}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <WarningList warnings=r.warnings.clone() />
        <WitnessLine w=r.witness.clone() enrolled=r.counts.enrolled />
        <details class="no-print"><summary>{t::DEFINITION}</summary>
            <ul>{[Metric::Attendance, Metric::Hours, Metric::Response, Metric::Satisfaction, Metric::Integrity]
                .map(|m| view! { <li>{m.definition(threshold)}</li> }).collect_view()}</ul>
        </details>
        <SessionsSection sessions=r.sessions />
        <HoursSection hours=r.hours />
        <DisputesSection w=r.witness />
        <section class="report-survey"><ResultsView r=r.survey /></section>
        <VisitsSection v=r.visits />
        <Signatures />
    }
}

/// The printed page's header names the class. Chromium has no `string-set`, so CSS cannot
/// take the name from the page; the `@page` rule is written per report instead. Everything
/// but letters, digits and spaces is a CSS escape, so a class name can end neither the string
/// nor the style element.
fn page_header(class_name: &str) -> String {
    let mut quoted = String::new();
    for c in format!("{class_name} · {}", t::REPORT_TITLE).chars() {
        if c.is_alphanumeric() || c == ' ' {
            quoted.push(c);
        } else {
            quoted.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    format!("@page {{ @top-center {{ content: \"{quoted}\"; }} }}")
}

/// Where the paper is signed: only on paper (issue 16), after everything it vouches for.
#[component]
fn Signatures() -> impl IntoView {
    view! {
        <section class="signatures print-only">
            <h2>{t::SIGN_TITLE}</h2>
            <dl>
                <div><dt>{t::SIGN_EVALUATOR}</dt><dd></dd></div>
                <div><dt>{t::SIGN_DATE}</dt><dd></dd></div>
                <div><dt>{t::SIGN_CONTRACTOR}</dt><dd></dd></div>
                <div><dt>{t::SIGN_DATE}</dt><dd></dd></div>
            </dl>
        </section>
    }
}

#[component]
fn SessionsSection(sessions: Vec<ReportSession>) -> impl IntoView {
    view! {
        <section>
            <h2>{t::REPORT_SESSIONS}</h2>
            <Legend labels=vec![t::REPORT_PRESENT.to_owned(), t::REPORT_FLAGGED.to_owned(), t::REPORT_ABSENT.to_owned()] tone="att" />
            {if sessions.is_empty() {
                view! { <p class="empty">{t::SESSIONS_EMPTY}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th>{t::REPORT_SESSION}</th><th class="num">{t::REPORT_PRESENT}</th><th class="num">{t::REPORT_FLAGGED}</th><th>{t::REPORT_CHART}</th></tr></thead>
                        <tbody>
                            {sessions.into_iter().map(|s| {
                                let clean = s.present.saturating_sub(s.flagged);
                                let absent = s.enrolled.saturating_sub(s.present);
                                view! {
                                    <tr>
                                        <td><a href=format!("/sessions/{}/sheet", s.id)>{s.title.clone()}</a><br /><span class="muted">{s.when.clone()}</span></td>
                                        <td class="num">{if s.held { format!("{} / {}", s.present, s.enrolled) } else { t::STATUS_UPCOMING.to_owned() }}</td>
                                        <td class="num">{s.flagged}</td>
                                        <td>{s.held.then(|| view! { <StackedBar parts=vec![
                                            (t::REPORT_PRESENT.to_owned(), clean),
                                            (t::REPORT_FLAGGED.to_owned(), s.flagged.min(s.present)),
                                            (t::REPORT_ABSENT.to_owned(), absent),
                                        ] tone="att" /> })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn HoursSection(hours: HoursBands) -> impl IntoView {
    let pending = format!("{}", hours.pending_halves as f64 / 2.0);
    view! {
        <section>
            <h2>{t::REPORT_HOURS}</h2>
            {match hours.required {
                None => view! { <p class="empty">{t::REPORT_NO_HOURS_REQUIRED}</p> }.into_any(),
                Some(required) => view! {
                    <p>{t::report_hours_required(required, &pending)}</p>
                    <StackedBar parts=hours.bands.clone() tone="hrs" />
                    <Legend labels=hours.bands.iter().map(|(l, n)| format!("{l} {n} 人")).collect() tone="hrs" />
                }.into_any(),
            }}
            <p class="muted">{t::HOURS_BY_SOURCE} "："
                {hours.by_source.iter().map(|(l, h)| format!("{l} {} 学时", *h as f64 / 2.0)).collect::<Vec<_>>().join(" · ")}
            </p>
        </section>
    }
}

/// What the contractor could still shape, beside the figures: its own unconfirmed rows, the
/// presences it wrote by hand, and the trainees' disputes (issue 34).
#[component]
fn WitnessLine(w: Witness, enrolled: u64) -> impl IntoView {
    let high = w.disputes_high(enrolled);
    let shared = w.shared_activations > 0;
    view! {
        <p class="witness">
            {(w.unconfirmed > 0).then(|| view! { <span class="warn amber">{t::unconfirmed(w.unconfirmed)}</span> " · " })}
            <span>{t::MANUAL_PRESENT} " " {w.manual_present}</span> " · "
            <span class:warn=shared class:amber=shared>{t::shared_activations(w.shared_activations)}</span> " · "
            <span class:warn=high class:red=high>{t::disputes(w.disputes.len() as u64)}</span>
        </p>
    }
}

#[component]
fn DisputesSection(w: Witness) -> impl IntoView {
    view! {
        <section>
            <h2>{t::DISPUTES_TITLE}</h2>
            {if w.disputes.is_empty() {
                view! { <p class="empty">{t::DISPUTES_EMPTY}</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {w.disputes.into_iter().map(|d| view! {
                            <li><strong>{d.trainee}</strong> " · " {d.on} " · " {d.at} "：" {d.note}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn VisitsSection(v: ClassVisits) -> impl IntoView {
    view! {
        <section>
            <h2>{t::VISITS_TITLE}</h2>
            <p class="no-print"><a href=format!("/classes/{}/visits", v.class_id)>{if v.can_record { t::VISIT_RECORD } else { t::VISITS_LIST }}</a></p>
            {if v.visits.is_empty() {
                view! { <p class="empty">{t::VISITS_EMPTY}</p> }.into_any()
            } else {
                view! {
                    <table class="table visits">
                        <thead><tr>
                            <th>{t::VISIT_DATE}</th><th>{t::VISIT_EVALUATOR}</th>
                            {RUBRIC.map(|(_, label)| view! { <th class="num">{label}</th> }).collect_view()}
                            <th>{t::VISIT_NOTES}</th>
                        </tr></thead>
                        <tbody>
                            {v.visits.into_iter().map(|r| view! {
                                <tr>
                                    <td>{r.date.clone()}</td><td>{r.evaluator.clone()}</td>
                                    {RUBRIC.map(|(_, label)| {
                                        let s = r.scores.iter().find(|(l, _)| l == label).map(|(_, s)| s.to_string()).unwrap_or_default();
                                        view! { <td class="num">{s}</td> }
                                    }).collect_view()}
                                    <td>{r.notes.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::page_header;

    #[test]
    fn a_class_name_cannot_leave_the_page_header_string() {
        let css = page_header("一班\"; } </style><script>x</script>");
        assert!(
            css.starts_with(
                "@page { @top-center { content: \"一班\\22 \\3b  \\7d  \\3c \\2f style"
            ),
            "{css}"
        );
        assert_eq!(css.matches('"').count(), 2, "{css}");
        assert!(!css.contains('<') && !css.contains('>'), "{css}");
    }
}
