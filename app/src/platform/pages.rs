//! The admin's section for read-API tokens: the list, revoking, and the form that makes one.
use super::*;
use crate::i18n::t;
use crate::ui::{last_error, ErrorLine};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn TokensSection() -> impl IntoView {
    let revoke = ServerAction::<RevokeToken>::new();
    let admin = Resource::new(move || revoke.version().get(), |_| get_token_admin());
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{t::TOKENS_TITLE}</h2>
            <p class="muted">{t::TOKENS_HINT}</p>
            <ErrorLine error=last_error(revoke) />
            {crate::ui::loaded(admin, move |admin: TokenAdmin| {
                let tokens = admin.tokens.clone();
                view! {
                    <TokenList tokens revoke />
                    <CreateTokenForm admin />
                }
            })}
        </section>
    }
}

#[component]
fn TokenList(tokens: Vec<TokenRow>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p class="empty">{t::TOKENS_NONE}</p> }.into_any();
    }
    view! {
        <ul class="list tokens">
            {tokens.into_iter().map(|k| {
                let state = if k.revoked { t::TOKEN_REVOKED } else if k.live { t::TOKEN_LIVE } else { t::TOKEN_EXPIRED };
                let phones = if k.full_phones { t::TOKEN_PHONES_FULL } else { t::TOKEN_PHONES_MASKED };
                view! {
                    <li>
                        <p><strong>{k.name.clone()}</strong> " · " {state}</p>
                        <p class="muted">
                            {k.programme} " · " {k.county.unwrap_or_else(|| t::TOKEN_ALL_COUNTIES.to_owned())}
                            " · " {phones} {k.writes_hours.then(|| format!(" · {}", t::TOKEN_WRITES))}
                            " · " {t::TOKEN_EXPIRES} " " {k.expires}
                            " · " {k.last_used.map(|at| format!("{} {at}", t::TOKEN_LAST_USED)).unwrap_or_else(|| t::TOKEN_NEVER_USED.to_owned())}
                        </p>
                        {k.live.then(|| view! {
                            <details>
                                <summary>{t::TOKEN_REVOKE} " " {k.name.clone()}</summary>
                                <p>{t::TOKEN_REVOKE_CONFIRM}</p>
                                <ActionForm action=revoke attr:class="inline">
                                    <input type="hidden" name="id" value=k.id.to_string() />
                                    <button type="submit" class="danger">{t::TOKEN_REVOKE}</button>
                                </ActionForm>
                            </details>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A plain form post: the answer is a page that shows the new token once, which a server
/// fn's redirect could not carry without the WASM.
#[component]
fn CreateTokenForm(admin: TokenAdmin) -> impl IntoView {
    view! {
        <details>
            <summary>{t::TOKEN_CREATE}</summary>
            <form method="post" action=TOKEN_CREATE_PATH>
                <label>{t::TOKEN_NAME}<input name="name" maxlength="60" required /></label>
                <label>{t::TOKEN_PROGRAMME}
                    <select name="programme_id" required>
                        {admin.programmes.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t::TOKEN_COUNTY}
                    <select name="county_id">
                        <option value="">{t::TOKEN_ALL_COUNTIES}</option>
                        {admin.counties.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t::TOKEN_EXPIRES}<input name="expires_on" type="date" value=admin.default_expiry required /></label>
                <label class="check"><input name="full_phones" type="checkbox" value="1" />{t::TOKEN_FULL_PHONES}</label>
                <label class="check"><input name="writes_hours" type="checkbox" value="1" />{t::TOKEN_WRITES_HOURS}</label>
                <button type="submit" class="primary">{t::TOKEN_CREATE}</button>
            </form>
        </details>
    }
}

/// The page the creation answers with: the token, once, and how to try it.
#[component]
pub fn TokenCreated(token: String, origin: String) -> impl IntoView {
    let curl = format!("curl -H 'Authorization: Bearer {token}' {origin}/api/v1/projects");
    view! {
        <main class="page">
            <h1>{t::TOKEN_CREATED_TITLE}</h1>
            <section class="card">
                <p role="alert">{t::TOKEN_SHOWN_ONCE}</p>
                <p><code class="token">{token}</code></p>
                <p>{t::TOKEN_TRY}</p>
                <pre>{curl}</pre>
                <p><a href="/">{t::TOKEN_BACK}</a></p>
            </section>
        </main>
    }
}

/// The answer to a refused creation: the reason, and the way back to the form.
#[component]
pub fn TokenRefused(message: String) -> impl IntoView {
    view! {
        <main class="page">
            <p class="error" role="alert">{message}</p>
            <p><a href="/">{t::TOKEN_BACK}</a></p>
        </main>
    }
}
