//! The HTML shell, the router and the role-based home page.
use crate::auth::{whoami, LoginPage, LogoutButton, Me, PinPage, Role};
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The policy of every response that is not a page: no inline script at all.
#[cfg(feature = "ssr")]
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// A page's policy: the same, plus the inline scripts that carry this response's nonce
/// (Leptos's hydration script, the projector's reload, the survey's pager and draft, the scan
/// page's position, the post-once guard, the kept tap, the service worker's registration). An injected
/// script has no nonce and does not run (issue 13; OWASP CSP cheat sheet, strict CSP).
/// `'wasm-unsafe-eval'` lets the browser compile the WASM; styles stay inline-able
/// because Leptos writes `style` attributes.
#[cfg(feature = "ssr")]
pub fn page_policy(nonce: &str) -> String {
    POLICY.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

/// Whom a page is for, set per request by the server (`hydration` middleware). Every page is
/// whole as server-rendered HTML with plain forms and small inline scripts; only a staff page
/// that holds an `#[island]` (`holds_island`) loads the WASM, which holds the islands alone
/// (issue 14: a trainee's first visit within 100 KB, a staff page's code within 350 KB). A
/// trainee's pages also carry the script that sends a tap kept while the signal was gone
/// (`checkin::tap_queue_script`); a visitor's do not, so a kept tap is never sent without
/// its trainee's session.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageFor {
    Staff,
    /// The trainee's user id: the kept-tap script sends only this trainee's taps.
    Trainee(i32),
    Visitor,
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let page_for = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<PageFor>().copied())
        .unwrap_or(PageFor::Staff);
    // Islands mode: nothing but an island hydrates, so no resource outside one is sent again
    // as JSON (99 KB on the evaluator's overview). `HydrationScripts` says so where it is
    // rendered; a page without it must say so too.
    #[cfg(feature = "ssr")]
    if let Some(context) = leptos::reactive::owner::Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    let path = use_context::<http::request::Parts>()
        .map(|p| p.uri.path().to_owned())
        .unwrap_or_default();
    #[cfg(feature = "ssr")]
    let (hydrate, trainee) = match page_for {
        PageFor::Staff => (holds_island(&path), None),
        PageFor::Trainee(me) => (false, Some(me)),
        PageFor::Visitor => (false, None),
    };
    #[cfg(not(feature = "ssr"))]
    let (hydrate, trainee) = (true, None::<i32>);
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#b3261e" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" type="image/png" sizes="192x192" href="/icon-192.png" />
                <link rel="apple-touch-icon" href="/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <script nonce=leptos::nonce::use_nonce() inner_html=OFFLINE_WORKER></script>
                {hydrate.then(move || view! {
                    <AutoReload options=options.clone() />
                    <HydrationScripts options islands=true />
                })}
                <script nonce=leptos::nonce::use_nonce() inner_html=SEND_ONCE></script>
                <script nonce=leptos::nonce::use_nonce() inner_html=crate::ui::KEEP_TYPED></script>
                {trainee.is_none().then(|| view! {
                    <script nonce=leptos::nonce::use_nonce() inner_html=crate::ui::PAGE_TOOLS></script>
                })}
                {trainee.map(|me| view! {
                    <script nonce=leptos::nonce::use_nonce() inner_html=crate::checkin::tap_queue_script(me)></script>
                })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The pages that hold an `#[island]`, as route patterns (`*` is one segment): only these load
/// the WASM. The projector rotates its QR and counts arrivals while the venue's network is
/// down; the one-time codes are shown once, by the action that issued them, so they must not
/// travel through a redirect's URL.
#[cfg(feature = "ssr")]
pub const ISLAND_PAGES: [&str; 2] = ["/sessions/*/projector", "/projects/*/nominations"];

/// Whether the page at `path` holds an island (`ISLAND_PAGES`).
#[cfg(feature = "ssr")]
pub fn holds_island(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    ISLAND_PAGES.iter().any(|pattern| {
        let (mut want, mut got) = (pattern.split('/'), path.split('/'));
        loop {
            match (want.next(), got.next()) {
                (None, None) => return true,
                (Some("*"), Some(seg)) if !seg.is_empty() => {}
                (Some(w), Some(g)) if w == g => {}
                _ => return false,
            }
        }
    })
}

/// Every page: a form posts once, so a double tap on a slow phone does not record
/// the same hours twice; coming back to the page (back button) lets it post again.
const SEND_ONCE: &str = "document.addEventListener('submit',function(e){var f=e.target;\
if(e.defaultPrevented)return;if(f.dataset.sent){e.preventDefault();return}f.dataset.sent='1'});\
window.addEventListener('pageshow',function(){document.querySelectorAll('form[data-sent]')\
.forEach(function(f){delete f.dataset.sent})});";

/// Registers the service worker where the browser has one (`style/static/sw.js`: cached code
/// and styles, an offline page, never a personal page); iOS WeChat has none and loses nothing.
const OFFLINE_WORKER: &str = "if('serviceWorker' in navigator)\
navigator.serviceWorker.register('/sw.js').catch(function(){});";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Async SSR: every page arrives complete, so it works before (or without) the WASM and
    // redirects can still set a status code.
    view! {
        <Title text=t::APP_NAME />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home ssr=SsrMode::Async />
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/pin") view=PinPage ssr=SsrMode::Async />
                <Route
                    path=path!("/admin/imports/:id")
                    view=crate::admin::ImportReportPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/c/:id") view=crate::checkin::ScanPage ssr=SsrMode::Async />
                <Route path=path!("/projects/:id") view=crate::dashboard::ProjectPage ssr=SsrMode::Async />
                <Route path=path!("/classes/:id") view=crate::training::ClassPage ssr=SsrMode::Async />
                <Route
                    path=path!("/projects/:id/nominations")
                    view=crate::training::NominationsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/classes/:id/codes")
                    view=crate::training::RosterCodesPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/roster-imports/:id")
                    view=crate::training::RosterReportPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/sessions/:id/projector")
                    view=crate::checkin::ProjectorPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/classes/:id/report") view=crate::dashboard::ClassReportPage ssr=SsrMode::Async />
                <Route path=path!("/sessions/:id/sheet") view=crate::checkin::SheetPage ssr=SsrMode::Async />
                <Route path=path!("/hours") view=crate::hours::MyHoursPage ssr=SsrMode::Async />
                <Route
                    path=path!("/hours-imports/:id")
                    view=crate::hours::HoursImportPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/classes/:id/hours")
                    view=crate::hours::HoursQueuePage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/surveys/:id") view=crate::survey::SurveyAnswerPage ssr=SsrMode::Async />
                <Route
                    path=path!("/classes/:id/visits")
                    view=crate::dashboard::ClassVisitsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/classes/:id/survey")
                    view=crate::survey::ClassSurveyPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/classes/:id/survey/results")
                    view=crate::survey::ClassResultsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/projects/:id/survey/results")
                    view=crate::survey::ProjectResultsPage
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="page">
            <p>{t::NOT_FOUND_PAGE}</p>
            <a href="/">{t::BACK_HOME}</a>
        </main>
    }
}

/// The page frame for a logged-in user: name, role and a logout button that works without JS.
#[component]
pub fn Frame(me: Me, children: Children) -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                {t::APP_NAME}
            </a>
            <span class="who">{me.display_name.clone()} " · " {me.role.label()}</span>
            <LogoutButton />
        </header>
        <main class="page">{children()}</main>
    }
}

/// One URL for everyone: each role lands on its own home.
#[component]
fn Home() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    // The evaluator's overview and a contractor's projects are made here, not inside the
    // Suspense below, which builds its children again once `me` has loaded (see
    // `overview_resource`). A trainee's and an admin's lists are one person's rows and still
    // made inside it.
    let lists = (
        crate::dashboard::overview_resource(),
        crate::dashboard::my_projects_resource(),
    );
    let to_login = login_redirect();
    crate::ui::loaded(me, move |me| match me {
        Some(me) => role_home(me, lists).into_any(),
        None => {
            to_login();
            view! { <p><a href="/login">{t::ERR_UNAUTHENTICATED}</a></p> }.into_any()
        }
    })
}

/// Sends an anonymous visitor to the login page: a 302 when rendered on the server, a
/// client-side navigation after hydration. The response handle is taken here, outside the
/// async block, where the request's context is still in reach.
fn login_redirect() -> impl Fn() + Clone + Send + Sync + 'static {
    #[cfg(feature = "ssr")]
    {
        let options = use_context::<leptos_axum::ResponseOptions>();
        move || {
            if let Some(options) = &options {
                options.set_status(http::StatusCode::FOUND);
                options.insert_header(
                    http::header::LOCATION,
                    http::HeaderValue::from_static("/login"),
                );
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let navigate = leptos_router::hooks::use_navigate();
        move || navigate("/login", Default::default())
    }
}

fn role_home(
    me: Me,
    (overview, projects): (
        crate::dashboard::OverviewResource,
        crate::dashboard::MyProjectsResource,
    ),
) -> impl IntoView {
    let role = me.role;
    view! {
        <Frame me=me.clone()>
            {match role {
                Role::Trainee => view! { <crate::training::MyClasses /> <crate::survey::MySurveys /> <crate::checkin::MyAttendance /> }.into_any(),
                Role::Contractor => view! { <crate::dashboard::MyProjects projects /> }.into_any(),
                Role::Evaluator => view! { <crate::dashboard::ProgrammeProjects list=overview /> }.into_any(),
                Role::Admin => view! { <crate::admin::AdminHome><crate::survey::TemplatesSection /><crate::platform::TokensSection /><crate::hours::EvidenceSpaceSection /></crate::admin::AdminHome> }.into_any(),
            }}
        </Frame>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::holds_island;

    #[test]
    fn only_the_projector_and_the_codes_page_load_the_wasm() {
        assert!(holds_island("/sessions/12/projector"));
        assert!(holds_island("/projects/3/nominations/"));
        assert!(!holds_island("/sessions/12/sheet"));
        assert!(!holds_island("/classes/3"));
        assert!(!holds_island("/classes/3/codes"));
        assert!(!holds_island("/projects//nominations"));
        assert!(!holds_island("/projects/3/nominations/extra"));
        assert!(!holds_island("/"));
    }
}
