use super::{pin_prompt, ChoosePin, LoginStaff, LoginTrainee, Logout};
use crate::i18n::t;
use crate::ui::{last_error, ErrorLine, SubmitButton};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Trainees first (most users, on phones); staff below in a section that opens without JS.
#[component]
pub fn LoginPage() -> impl IntoView {
    let trainee = ServerAction::<LoginTrainee>::new();
    // A scan page or a printed login slip sends people here with where to return and, for
    // the slip, the phone already filled in. Never a code: it would sit in the history.
    let query = leptos_router::hooks::use_query_map();
    let arg = move |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let staff = ServerAction::<LoginStaff>::new();
    view! {
        <main class="page narrow">
            <h1 class="brand-title">{t::APP_NAME}</h1>
            <p class="muted">{t::APP_TAGLINE}</p>
            <section class="card">
                <h2>{t::LOGIN_TRAINEE}</h2>
                <p class="muted">{t::LOGIN_TRAINEE_HINT}</p>
                <ActionForm action=trainee>
                    <input type="hidden" name="next" value=arg("next") />
                    <label>
                        {t::LOGIN_PHONE}
                        <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" value=arg("phone") required />
                    </label>
                    <label>
                        {t::LOGIN_ACCESS_CODE}
                        <input name="code" type="password" inputmode="numeric" autocomplete="current-password" required />
                    </label>
                    <ErrorLine error=last_error(trainee) />
                    <SubmitButton pending=trainee.pending() label=t::LOGIN_SUBMIT busy=t::LOGIN_BUSY />
                </ActionForm>
            </section>
            <details class="card" open=move || staff.value().with(|v| matches!(v, Some(Err(_))))>
                <summary>{t::LOGIN_STAFF}</summary>
                <ActionForm action=staff>
                    <label>
                        {t::LOGIN_USERNAME}
                        <input name="login" autocomplete="username" required />
                    </label>
                    <label>
                        {t::LOGIN_PASSWORD}
                        <input name="password" type="password" autocomplete="current-password" required />
                    </label>
                    <ErrorLine error=last_error(staff) />
                    <SubmitButton pending=staff.pending() label=t::LOGIN_SUBMIT busy=t::LOGIN_BUSY />
                </ActionForm>
            </details>
        </main>
    }
}

/// The first login with a one-time code lands here: the trainee chooses their own PIN.
#[component]
pub fn PinPage() -> impl IntoView {
    let choose = ServerAction::<ChoosePin>::new();
    let query = leptos_router::hooks::use_query_map();
    let next = query.with_untracked(|q| q.get("next")).unwrap_or_default();
    let prompt = Resource::new(|| (), |_| pin_prompt());
    view! {
        <main class="page narrow">
            <h1>{t::PIN_TITLE}</h1>
            {crate::ui::loaded(prompt, move |p: Option<super::PinOwner>| {
                let next = next.clone();
                match p {
                None => view! {
                    <p class="notice" role="alert">{t::ERR_PIN_EXPIRED}</p>
                    <p><a href="/login">{t::LOGIN_SUBMIT}</a></p>
                }.into_any(),
                Some(p) => view! {
                    <p><strong>{p.name}</strong></p>
                    {p.reset.map(|r| view! { <p class="notice" role="status">{r}</p> })}
                    <p class="muted">{t::PIN_HINT}</p>
                    <ActionForm action=choose>
                        <input type="hidden" name="next" value=next />
                        <label>
                            {t::PIN_NEW}
                            <input name="pin" type="password" inputmode="numeric" autocomplete="new-password" minlength="6" maxlength="6" required />
                        </label>
                        <label>
                            {t::PIN_AGAIN}
                            <input name="again" type="password" inputmode="numeric" autocomplete="new-password" minlength="6" maxlength="6" required />
                        </label>
                        <ErrorLine error=last_error(choose) />
                        <SubmitButton pending=choose.pending() label=t::PIN_SUBMIT busy=t::PIN_BUSY />
                    </ActionForm>
                }.into_any(),
            }})}
        </main>
    }
}

#[component]
pub fn LogoutButton() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=logout attr:class="inline">
            <button type="submit" class="link">{t::NAV_LOGOUT}</button>
        </ActionForm>
    }
}
