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
/// (`__done=<its path>`, server's `form_done`), as Leptos marks an error with `__err`.
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        action.value().with(|v| matches!(v, Some(Ok(_))))
            || query.with(|q| q.get_str("__done") == Some(S::PATH))
    })
}

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
