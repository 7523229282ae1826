//! The shared UI layer: parts every domain's pages use. It imports no domain module.
pub mod charts;
mod copy;
mod format;
mod forms;
mod qr;

pub use charts::{Legend, RateBars, StackedBar};
pub use copy::{CopyText, PAGE_TOOLS};
pub use format::{percent, score};
pub use forms::{last_error, succeeded, ErrorLine, SubmitButton, DONE_COOKIE, KEEP_TYPED};
pub use qr::qr_svg;

use crate::error::AppError;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The numeric `:id` of the current route.
pub fn route_id() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())))
}

/// A resource's value once loaded: a loading line while it loads, the error in its place if
/// it failed, otherwise `render(value)`.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t::LOADING}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
