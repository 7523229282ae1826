//! What a roster upload did, and the printable login slips.
use crate::error::AppError;
use crate::i18n::t;
use crate::training::*;
use crate::ui::{qr_svg, route_id};
use leptos::prelude::*;

#[component]
pub fn RosterReportPage() -> impl IntoView {
    let id = route_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move { get_roster_report(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page">
            <h1>{t::ROSTER_REPORT}</h1>
            {crate::ui::loaded(data, |(class_id, r): (i32, RosterReport)| view! {
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
        |id| async move { get_roster_codes(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <main class="page print">
            {crate::ui::loaded(data, |sheet: RosterCodes| view! {
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
