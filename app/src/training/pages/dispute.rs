//! The trainee's 有异议 form, shared by their attendance and hours pages.
use crate::i18n::t;
use crate::training::FileDispute;
use crate::ui::SubmitButton;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// 有异议 on a record about the trainee (issue 34), folded so the list stays short on a phone.
#[component]
pub fn DisputeForm(
    subject: &'static str,
    id: i32,
    dispute: ServerAction<FileDispute>,
) -> impl IntoView {
    view! {
        <details class="dispute">
            <summary>{t::DISPUTE}</summary>
            <ActionForm action=dispute>
                <input type="hidden" name="subject" value=subject />
                <input type="hidden" name="id" value=id />
                <label>{t::DISPUTE_NOTE}<textarea name="note" rows="2" maxlength="500" required></textarea></label>
                <p class="muted">{t::DISPUTE_HINT}</p>
                <SubmitButton pending=dispute.pending() label=t::DISPUTE_SEND busy=t::SAVING />
            </ActionForm>
        </details>
    }
}
