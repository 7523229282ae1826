//! A text ready to paste into a class's WeChat group, with a copy button (issue 16). Without
//! WASM the text sits in a read-only box the head teacher can long-press to select; with it,
//! the box selects itself on focus and the button copies through the clipboard API.
use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn CopyText(label: &'static str, text: String) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let box_ref = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(area) = box_ref.get() {
            call(&area, "select", None);
            let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok();
            // No clipboard API over plain http: the text stays selected for a long-press.
            if let Some(clipboard) = navigator
                .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
                .filter(|c| !c.is_undefined())
            {
                call(&clipboard, "writeText", Some(&area.value().into()));
                set_copied.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (box_ref, set_copied);
    };
    let select = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(area) = box_ref.get() {
            call(&area, "select", None);
        }
    };
    view! {
        <div class="copy-text">
            <label>
                {label}
                <textarea node_ref=box_ref readonly rows="3" on:focus=select>{text}</textarea>
            </label>
            <button type="button" on:click=copy>{t::COPY}</button>
            {move || copied.get().then(|| view! { <span role="status">{t::COPIED}</span> })}
        </div>
    }
}

/// Calls a method on a JS object by name, ignoring what it returns.
#[cfg(feature = "hydrate")]
fn call(target: &wasm_bindgen::JsValue, method: &str, arg: Option<&wasm_bindgen::JsValue>) {
    use wasm_bindgen::JsCast;
    let Some(f) = js_sys::Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let _ = match arg {
        Some(a) => f.call1(target, a),
        None => f.call0(target),
    };
}
