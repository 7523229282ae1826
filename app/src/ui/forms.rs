//! Form parts every page shares: the last error of an action and a submit button that says
//! it is busy, so a slow phone does not post twice.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The message of an action's last error, if its last run failed.
pub fn last_error<S>(action: ServerAction<S>) -> Signal<Option<String>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(err)) => Some(err.to_string()),
            _ => None,
        })
    })
}

/// Whether the action's last run succeeded: its value inside an island, and on a page without
/// the WASM (issue 14), the server's mark on the redirect back from the posted form
/// (`__done=<its path>`, server's `form_done`), as Leptos marks an error with `__err`. The mark
/// counts only with the cookie the same redirect set (`DONE_COOKIE`, same value): anyone can
/// send a link with `__done` in it, and a page must not confirm a save that never happened.
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    let saved_here = saved_by(S::PATH);
    Signal::derive(move || {
        action.value().with(|v| matches!(v, Some(Ok(_))))
            || (saved_here && query.with(|q| q.get_str("__done") == Some(S::PATH)))
    })
}

/// The cookie the server sets beside `__done` on a form's redirect back (server's
/// `form_done`): HttpOnly and SameSite=Strict, so no other site can set or send it.
pub const DONE_COOKIE: &str = "peixun_done";

/// Whether this request carries the cookie of a save by the server fn at `path`. Only the
/// server reads it: pages with these forms load no WASM.
#[cfg(feature = "ssr")]
fn saved_by(path: &str) -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        axum_extra::extract::CookieJar::from_headers(&parts.headers)
            .get(DONE_COOKIE)
            .is_some_and(|c| c.value() == path)
    })
}

#[cfg(not(feature = "ssr"))]
fn saved_by(_path: &str) -> bool {
    false
}

/// What was typed into a form posted as a page load, put back when the post comes back
/// refused (`__err` for that form's `__path`), so a Chinese error never costs the text (a
/// survey template, a visit's notes). Kept for one page load in the tab's sessionStorage;
/// passwords and files are never kept. Registered after the post-once guard in the shell, so
/// a second tap it refused is not kept again.
pub const KEEP_TYPED: &str = "(function(){var K='peixun-typed';function fields(f){\
return f.querySelectorAll('input:not([type=hidden]):not([type=password]):not([type=file]),textarea,select')}\
document.addEventListener('submit',function(e){var f=e.target;if(e.defaultPrevented)return;\
try{sessionStorage.setItem(K,JSON.stringify({a:f.getAttribute('action'),i:[].indexOf.call(document.forms,f),\
v:[].map.call(fields(f),function(x){return x.type=='checkbox'||x.type=='radio'?x.checked:x.value})}))}catch(x){}});\
document.addEventListener('DOMContentLoaded',function(){var s;try{s=JSON.parse(sessionStorage.getItem(K));\
sessionStorage.removeItem(K)}catch(x){}if(!s||new URLSearchParams(location.search).get('__path')!==s.a)return;\
var f=document.forms[s.i];if(!f||f.getAttribute('action')!==s.a)return;var l=fields(f);\
if(l.length!==s.v.length)return;l.forEach(function(x,j){if(typeof s.v[j]==='boolean')x.checked=s.v[j];\
else x.value=s.v[j]});for(var d=f.closest('details');d;d=d.parentElement&&d.parentElement.closest('details'))\
d.open=true})})();";

/// An error line, announced to screen readers.
#[component]
pub fn ErrorLine(error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|message| view! { <p class="error" role="alert">{message}</p> })
    }
}

#[component]
pub fn SubmitButton(pending: Memo<bool>, label: &'static str, busy: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || pending.get()>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}
