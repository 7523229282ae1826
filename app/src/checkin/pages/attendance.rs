//! The trainee's own attendance: every session of their classes and its status.
use crate::checkin::*;
use crate::i18n::t;
use crate::training::{DisputeForm, FileDispute};
use crate::ui::{last_error, ErrorLine};
use leptos::prelude::*;

#[component]
pub fn MyAttendance() -> impl IntoView {
    let dispute = ServerAction::<FileDispute>::new();
    let rows = Resource::new(|| (), |_| my_attendance());
    view! {
        <h2>{t::MY_ATTENDANCE}</h2>
        <ErrorLine error=last_error(dispute) />
        {crate::ui::loaded(rows, move |rows: Vec<MySessionRow>| {
            if rows.is_empty() {
                return view! { <p class="empty">{t::MY_ATTENDANCE_EMPTY}</p> }.into_any();
            }
            view! {
                <ul class="list attendance">
                    {rows.into_iter().map(|r| view! {
                        <li>
                            <p><strong>{r.title}</strong> " " <span class="status">{r.status}</span></p>
                            <p class="muted">{r.class_name} " · " {r.when}</p>
                            {r.checked_in.map(|at| view! { <p>{t::CHECK_IN} " " {at} {r.checked_out.map(|o| format!(" · {} {o}", t::CHECK_OUT))}</p> })}
                            {(!r.flags.is_empty()).then(|| view! { <p class="muted">{r.flags.join("、")}</p> })}
                            {r.correction.map(|c| view! { <p class="notice">{c}</p> })}
                            {r.disputed.then(|| view! { <p class="muted">{t::DISPUTED}</p> })}
                            {(r.held && !r.disputed).then(|| view! { <DisputeForm subject="session" id=r.session_id dispute /> })}
                            {r.open.then(|| view! { <a class="button primary" href=crate::checkin::code::ScanLink::typed(r.session_id).path()>{t::TYPED_ENTRY}</a> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
