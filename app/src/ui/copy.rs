//! A text ready to paste into a class's WeChat group, with a copy button (issue 16). Without
//! JavaScript the text sits in a read-only box the head teacher can long-press to select;
//! with it (`PAGE_TOOLS`, an inline script: staff pages load no WASM, issue 14), the box
//! selects itself on focus and the button copies through the clipboard API.
use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn CopyText(label: &'static str, text: String) -> impl IntoView {
    view! {
        <div class="copy-text">
            <label>
                {label}
                <textarea readonly rows="3">{text}</textarea>
            </label>
            <button type="button" data-copy="">{t::COPY}</button>
            <span role="status" data-copied="" hidden>{t::COPIED}</span>
        </div>
    }
}

/// What a page without the WASM does in the browser, carrying the response's nonce: the copy
/// button above (no clipboard API over plain http, so the text stays selected for a
/// long-press) and the class report's print button (`data-print`). An inline `onclick` would
/// need `'unsafe-inline'` in the CSP.
pub const PAGE_TOOLS: &str = "document.addEventListener('click',function(e){\
var b=e.target.closest('[data-print]');if(b){window.print();return}\
b=e.target.closest('[data-copy]');if(!b)return;var w=b.closest('.copy-text'),\
a=w.querySelector('textarea');a.select();if(navigator.clipboard){\
navigator.clipboard.writeText(a.value);w.querySelector('[data-copied]').hidden=false}});\
document.addEventListener('focusin',function(e){\
if(e.target.matches('.copy-text textarea'))e.target.select()});";
