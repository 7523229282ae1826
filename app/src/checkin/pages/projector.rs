//! The projector page: a full-screen QR that rotates every step, the typed code beneath it,
//! and who is still missing. Once the WASM (this page's island) runs it computes the codes
//! itself from the session key, so the QR keeps rotating when the venue's network drops;
//! before that (or if it never arrives) a small inline script reloads the page, and its
//! server-rendered SVG, every step.
use crate::checkin::code::{secs_left, step_at, ScanLink, SessionKey, STEP_SECS};
use crate::checkin::*;
use crate::i18n::t;
use crate::ui::qr_svg;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectorPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())),
        |id| async move { get_projector(id.ok_or(crate::error::AppError::NotFound)?).await },
    );
    view! {
        <main class="projector">
            {crate::ui::loaded(data, |v| view! { <Projector v /> })}
        </main>
    }
}

/// An island (issue 14): its WASM holds the code generator, the QR encoder and the status
/// poll, and nothing of any other page.
#[island]
fn Projector(v: ProjectorView) -> impl IntoView {
    let key = SessionKey::from_hex(&v.key_hex);
    let id = v.session_id;
    // The server's clock at render; in the browser it advances by the browser's clock, but
    // codes are only ever judged by the server's.
    let now_ms = RwSignal::new(v.server_ms);
    let live = RwSignal::new(false);
    let status = RwSignal::new(v.status.clone());
    #[cfg(feature = "hydrate")]
    {
        let offset = v.server_ms - js_sys::Date::now() as i64;
        Effect::new(move |_| {
            live.set(true);
            let tick = move || now_ms.set(js_sys::Date::now() as i64 + offset);
            tick();
            let _ = set_interval_with_handle(tick, std::time::Duration::from_millis(250));
            let poll = move || {
                leptos::task::spawn_local(async move {
                    if let Ok(s) = get_projector_status(id).await {
                        status.set(s);
                    }
                })
            };
            let _ = set_interval_with_handle(poll, std::time::Duration::from_secs(3));
        });
    }
    let secs = move || now_ms.get().div_euclid(1000);
    let step = move || step_at(secs());
    let key_for_qr = key.clone();
    let qr = move || {
        let step = step();
        match (&key_for_qr, live.get()) {
            (Some(key), true) => {
                let origin = leptos::prelude::window()
                    .location()
                    .origin()
                    .unwrap_or_default();
                let svg = qr_svg(&format!(
                    "{origin}{}",
                    ScanLink::qr(id, step, &key.qr_code(step)).path()
                ));
                view! { <div class="qr" role="img" aria-label=t::PROJECTOR_QR inner_html=svg></div> }.into_any()
            }
            _ => view! {
                <img class="qr" alt=t::PROJECTOR_QR src=format!("/qr/session/{id}?s={step}") />
            }
            .into_any(),
        }
    };
    let typed = move || {
        key.as_ref()
            .map(|k| k.typed_code(step()).as_str().to_owned())
    };
    let reload_ms = secs_left(v.server_ms.div_euclid(1000)) * 1000 + 200;
    // Only the server writes it: a page reached by client-side navigation has the WASM
    // already, and a script the client inserts carries no nonce, so the CSP would refuse it
    // (an empty script is never run, so never refused).
    let reload = if cfg!(feature = "ssr") {
        format!(
            "setTimeout(function(){{if(!document.body.hasAttribute('data-hydrated'))location.reload()}},{reload_ms})"
        )
    } else {
        String::new()
    };
    view! {
        // Until the WASM runs (or if it never does), fetch a fresh page and SVG every step.
        <script nonce=leptos::nonce::use_nonce() inner_html=reload></script>
        <header class="projector-head">
            <h1>{v.title.clone()}</h1>
            <p>{v.class_name.clone()} " · " {v.when.clone()}</p>
        </header>
        <div class="projector-body">
            <section class="projector-code">
                {qr}
                <p class="countdown" aria-live="off">{move || t::projector_countdown(secs_left(secs()))}</p>
                <p class="typed-code">{t::PROJECTOR_TYPED} <strong>{typed}</strong></p>
            </section>
            <section class="projector-status">
                <p class="count" aria-live="polite">
                    {move || status.with(|s| t::projector_count(s.checked_in, s.enrolled))}
                </p>
                <h2>{t::PROJECTOR_MISSING}</h2>
                {move || status.with(|s| {
                    if s.missing.is_empty() {
                        view! { <p class="done">{t::PROJECTOR_ALL_IN}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="missing">
                                {s.missing.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </section>
        </div>
        <p class="projector-foot">
            <a href=format!("/sessions/{id}/sheet")>{t::SHEET_TITLE}</a>
            " · " {t::projector_every(STEP_SECS)}
        </p>
    }
}
