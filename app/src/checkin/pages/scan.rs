//! The page a scanned QR opens, on a trainee's phone. It works without WASM: the tap is a
//! plain form post, and the page it returns to shows the result.
use crate::checkin::code::{ScanLink, STEP_SECS, TYPED_LEN};
use crate::checkin::*;
use crate::i18n::t;
use crate::states::Kind;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ScanPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let tap = ServerAction::<CheckIn>::new();
    let view_data = Resource::new(
        move || {
            let q = query.get();
            let link = params.with(|p| ScanLink::parse(p.get("id").as_deref(), |k| q.get(k)));
            (link, tap.version().get())
        },
        |(link, _)| async move {
            let link = link.ok_or(crate::error::AppError::NotFound)?;
            scan_session(link.session, link.step, link.code, link.ticket).await
        },
    );
    view! {
        <main class="page narrow scan">
            {crate::ui::loaded(view_data, move |v| view! { <ScanBody v tap /> })}
        </main>
    }
}

#[component]
fn ScanBody(v: ScanView, tap: ServerAction<CheckIn>) -> impl IntoView {
    let header = view! {
        <p class="muted">{v.project.clone()}</p>
        <h1>{v.title.clone()}</h1>
        <p>{v.class_name.clone()}</p>
        <p>{v.when.clone()} {v.venue.clone().map(|venue| format!(" · {venue}"))}</p>
    };
    let body = if !v.logged_in {
        let back = ScanLink {
            ticket: v.ticket.clone(),
            ..ScanLink::typed(v.session_id)
        }
        .path();
        let href = format!("/login?next={}", encode(&back));
        let stale = match v.code {
            ScanCode::Expired => Some(t::scan_expired_login(STEP_SECS, TYPED_LEN)),
            ScanCode::Wrong => Some(t::scan_wrong_login(TYPED_LEN)),
            _ => None,
        };
        view! {
            {stale.map(|s| view! { <p class="notice" role="alert">{s}</p> })}
            <p>{t::SCAN_LOGIN_FIRST}</p>
            <a class="button primary" href=href>{t::LOGIN_SUBMIT}</a>
        }
        .into_any()
    } else {
        match v.mine.clone() {
            None => view! { <p class="error" role="alert">{t::SCAN_NOT_TRAINEE}</p> }.into_any(),
            Some(mine) if !mine.enrolled => {
                view! { <p class="error" role="alert">{t::ERR_NOT_ON_ROSTER}</p> }.into_any()
            }
            Some(mine) => view! { <TapArea v=v.clone() mine tap /> }.into_any(),
        }
    };
    view! { <section class="card">{header}</section> {body} }
}

#[component]
fn TapArea(v: ScanView, mine: MyStatus, tap: ServerAction<CheckIn>) -> impl IntoView {
    // After a tap the outcome says it all; before one, the page says what was done earlier.
    let done = move |kind: Kind, at: Option<String>| {
        move || {
            let at = at.clone().filter(|_| tap.value().with(Option::is_none))?;
            Some(view! { <p class="done" role="status">{t::scan_already(kind.label(), &at)}</p> })
        }
    };
    let next = match (&mine.checked_in, &mine.checked_out) {
        (None, _) => Some(Kind::In),
        (Some(_), None) if v.checkout_required => Some(Kind::Out),
        _ => None,
    };
    let outcome = move || {
        tap.value().get().and_then(|r| r.ok()).map(|o| {
            let text = if o.already {
                t::scan_already(o.kind.label(), &o.at)
            } else {
                t::scan_done(o.kind.label(), &o.at)
            };
            view! { <p class="done big" role="status">{text} {o.late.then_some(t::SCAN_LATE)}</p> }
        })
    };
    // With a geofence, ask the phone where it is; only the server's pass/fail and the
    // accuracy are kept. Refusing, or no JavaScript, leaves the check unknown (未提供位置).
    // A few lines of inline script rather than the WASM, which this page never loads.
    let locate = (v.has_geofence && next.is_some()).then(|| {
        view! { <script nonce=leptos::nonce::use_nonce() inner_html=LOCATE_SCRIPT></script> }
    });
    let form = next.map(|kind| {
        let typed = v.ticket.is_none();
        let prompt = match v.code {
            ScanCode::Valid => None,
            ScanCode::Expired => Some(t::scan_expired(STEP_SECS, TYPED_LEN)),
            ScanCode::Wrong => Some(t::scan_wrong(TYPED_LEN)),
            ScanCode::Missing => Some(t::scan_missing(TYPED_LEN)),
        };
        view! {
            <ActionForm action=tap attr:class="card tap" attr:data-now=v.now>
                <input type="hidden" name="session" value=v.session_id />
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="ticket" value=v.ticket.clone().unwrap_or_default() />
                {v.user_id.map(|who| view! { <input type="hidden" name="who" value=who /> })}
                <input type="hidden" name="shown" value=v.shown.clone().unwrap_or_default() />
                {prompt.map(|p| view! { <p class="notice" role="alert">{p}</p> })}
                {typed.then(|| view! {
                    <label>
                        {t::SCAN_TYPED_LABEL}
                        <input name="typed" autocomplete="off" autocapitalize="characters" maxlength="8" required class="typed" />
                    </label>
                })}
                {v.has_geofence.then(|| view! { <p class="muted">{t::SCAN_GEO_NOTE}</p> })}
                <ErrorLine error=last_error(tap) />
                <SubmitButton pending=tap.pending() label=kind.label() busy=t::SCAN_BUSY />
            </ActionForm>
        }
    });
    view! {
        {outcome}
        {done(Kind::In, mine.checked_in.clone())}
        {done(Kind::Out, mine.checked_out.clone())}
        {form}
        {locate}
        <p><a href="/">{t::MY_ATTENDANCE}</a></p>
    }
}

/// Percent-encodes a path for a query value, leaving `/` readable.
fn encode(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'/');
    utf8_percent_encode(s, KEEP).to_string()
}

/// Puts the phone's position into the tap form as `geo[lat]`, `geo[lon]`, `geo[accuracy_m]`
/// when the browser gives one.
const LOCATE_SCRIPT: &str =
    "(function(){var f=document.querySelector('form.tap'),g=navigator.geolocation;\
if(!f||!g)return;g.getCurrentPosition(function(p){var c=p.coords;\
[['lat',c.latitude],['lon',c.longitude],['accuracy_m',c.accuracy]].forEach(function(x){\
var n='geo['+x[0]+']',i=f.querySelector('input[name=\"'+n+'\"]')||document.createElement('input');\
i.type='hidden';i.name=n;i.value=String(x[1]);f.appendChild(i);});},function(){},\
{enableHighAccuracy:true,timeout:15000,maximumAge:60000});})();";
