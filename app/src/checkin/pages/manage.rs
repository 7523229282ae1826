//! The contractor's pages: a project's classes, a class's sessions and roster, and the
//! printable roster sheet. Forms are ActionForms, so they post without WASM.
use crate::auth::{last_error, ErrorLine, SubmitButton};
use crate::checkin::code::qr_svg;
use crate::checkin::*;
use crate::i18n::t;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The numeric `:id` of the current route.
pub fn route_id() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())))
}

fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let id = route_id();
    let add = ServerAction::<AddClass>::new();
    let data = Resource::new(
        move || (id.get(), add.version().get()),
        |(id, _)| async move { get_project_classes(id.ok_or_else(not_found)?).await },
    );
    view! {
        <main class="page">
            <p><a href="/">{t::NAV_HOME}</a></p>
            {crate::loaded(data, move |p| view! {
                <h1>{p.project.clone()}</h1>
                <p>
                    {t::CREDITS_EXPORT_PROJECT} " "
                    <a href=format!("/projects/{}/credits.csv", p.project_id) download>"CSV"</a>
                    " / "
                    <a href=format!("/projects/{}/credits.xlsx", p.project_id) download>"Excel"</a>
                    " · "
                    <a href=format!("/projects/{}/survey/results", p.project_id)>{t::SURVEY_RESULTS}</a>
                </p>
                <h2>{t::CLASSES_TITLE}</h2>
                {if p.classes.is_empty() {
                    view! { <p class="empty">{t::CLASSES_EMPTY}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {p.classes.into_iter().map(|c| {
                                let href = if p.can_manage { format!("/classes/{}", c.id) } else { format!("/classes/{}/report", c.id) };
                                view! {
                                <li class="card">
                                    <h3><a href=href>{c.name}</a></h3>
                                    <p>{c.dates} {c.venue.map(|v| format!(" · {v}"))}</p>
                                    <p class="muted">{t::class_counts(c.enrolled, c.capacity, c.sessions)}</p>
                                    <p>{crate::dashboard::rates(&c.counts).map(|(m, r)| format!("{} {}", t::metric_label(m), crate::survey::percent(r))).join(" · ")}</p>
                                    <crate::dashboard::WarningList warnings=c.warnings />
                                </li>
                            }}).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {p.can_manage.then(|| view! { <details class="card">
                    <summary>{t::CLASS_CREATE}</summary>
                    <ActionForm action=add>
                        <input type="hidden" name="project" value=p.project_id />
                        <label>{t::FIELD_CLASS_NAME}<input name="name" required /></label>
                        <label>{t::FIELD_START_DATE}<input name="start_date" type="date" required /></label>
                        <label>{t::FIELD_END_DATE}<input name="end_date" type="date" required /></label>
                        <label>{t::FIELD_VENUE}<input name="venue" /></label>
                        <label>{t::FIELD_HEAD_TEACHER}<input name="head_teacher" /></label>
                        <label>{t::FIELD_CAPACITY}<input name="capacity" inputmode="numeric" /></label>
                        <ErrorLine error=last_error(add) />
                        <SubmitButton pending=add.pending() label=t::SAVE busy=t::SAVING />
                    </ActionForm>
                </details> })}
            })}
        </main>
    }
}

#[component]
pub fn ClassPage() -> impl IntoView {
    let id = route_id();
    let add = ServerAction::<AddSession>::new();
    let data = Resource::new(
        move || (id.get(), add.version().get()),
        |(id, _)| async move { get_class_detail(id.ok_or_else(not_found)?).await },
    );
    view! {
        <main class="page">
            {crate::loaded(data, move |d| view! { <ClassBody d add /> })}
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

#[component]
pub fn RosterReportPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_report(id.ok_or_else(not_found)?).await },
    );
    view! {
        <main class="page">
            <h1>{t::ROSTER_REPORT}</h1>
            {crate::loaded(data, |(class_id, r): (i32, RosterReport)| view! {
                <p class="muted">{r.file.clone()}</p>
                {if r.errors.is_empty() {
                    view! {
                        <p class="done" role="status">{t::roster_done(r.enrolled, r.created, r.already_enrolled)}</p>
                        {(!r.unknown_counties.is_empty()).then(|| view! {
                            <p class="notice">{t::ROSTER_UNKNOWN_COUNTIES} {r.unknown_counties.join("、")}</p>
                        })}
                        <p><a href=format!("/classes/{class_id}/codes")>{t::ROSTER_CODES}</a></p>
                    }.into_any()
                } else {
                    view! {
                        <p class="error" role="alert">{t::ROSTER_FAILED}</p>
                        <table class="table">
                            <thead><tr><th>{t::ROSTER_LINE}</th><th>{t::ROSTER_COLUMN}</th><th>{t::ROSTER_PROBLEM}</th></tr></thead>
                            <tbody>
                                {r.errors.into_iter().map(|e| view! {
                                    <tr><td>{e.line}</td><td>{e.column}</td><td>{e.message}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <p><a href=format!("/classes/{class_id}")>{t::BACK_TO_CLASS}</a></p>
            })}
        </main>
    }
}

/// One slip per trainee, cut out and handed over at registration: their login QR and code.
#[component]
pub fn RosterCodesPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_codes(id.ok_or_else(not_found)?).await },
    );
    view! {
        <main class="page print">
            {crate::loaded(data, |sheet: RosterCodes| view! {
                <p class="no-print"><a href=format!("/classes/{}", sheet.class_id)>{t::BACK_TO_CLASS}</a> " · " {t::PRINT_HINT}</p>
                <h1>{sheet.class_name.clone()} " · " {t::ROSTER_CODES}</h1>
                {if sheet.rows.is_empty() {
                    view! { <p class="empty">{t::ROSTER_EMPTY}</p> }.into_any()
                } else {
                    view! {
                        <ul class="slips">
                            {sheet.rows.into_iter().map(|r| {
                                let svg = qr_svg(&format!("{}/login?phone={}&code={}", sheet.origin, r.phone, r.code));
                                view! {
                                    <li class="slip">
                                        <div class="slip-qr" inner_html=svg></div>
                                        <div>
                                            <p class="slip-name">{r.name}</p>
                                            <p>{t::LOGIN_PHONE} "：" {r.phone}</p>
                                            <p>{t::LOGIN_ACCESS_CODE} "：" <strong>{r.code}</strong></p>
                                            <p class="muted">{t::SLIP_HINT}</p>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            })}
        </main>
    }
}
