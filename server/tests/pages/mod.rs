//! Staff pages without the WASM (issue 14: pages are islands, and only the projector and the
//! one-time codes hold one): a form posts as a page load, and its page says what happened.
use super::*;

impl TestApp {
    /// A form posted by a browser without the WASM, from the page at `from`: the redirect.
    async fn posted_from_page(
        &self,
        from: &str,
        path: &str,
        body: &str,
        cookie: &str,
    ) -> reqwest::Response {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, format!("{}{from}", self.base))
            .header(header::COOKIE, cookie)
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        response
    }

    /// Where the form's redirect sends the browser, and the cookies it then sends there.
    async fn post_from_page(&self, from: &str, path: &str, body: &str, cookie: &str) -> Back {
        let response = self.posted_from_page(from, path, body, cookie).await;
        let err = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("peixun_err="))
            .map(|c| c.split(';').next().unwrap().to_owned());
        Back {
            to: response.headers()[header::LOCATION]
                .to_str()
                .unwrap()
                .to_owned(),
            cookie: match err {
                Some(err) => format!("{cookie}; {err}"),
                None => cookie.to_owned(),
            },
        }
    }

    /// The page a redirect sent the browser back to.
    async fn page_at(&self, location: &str, cookie: &str) -> String {
        let path = location.trim_start_matches(&self.base);
        self.get(path, cookie).await.text().await.unwrap()
    }
}

/// A form's redirect: the address, and the browser's cookies after it (with the refusal's).
struct Back {
    to: String,
    cookie: String,
}

impl std::fmt::Display for Back {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to)
    }
}

impl std::ops::Deref for Back {
    type Target = str;
    fn deref(&self) -> &str {
        &self.to
    }
}

/// The finding of issue 35: `?__path=<fn>&__err=<base64 JSON>` put any words on /login, a
/// trainee's page or /hours. Only the refusal this browser's own post received is shown.
#[tokio::test]
async fn a_link_carrying_an_error_shows_nothing_and_a_real_refusal_still_shows() {
    let app = spawn_app().await;
    let admin = app.login(Role::Admin).await;
    // {"Invalid":"系统升级，请添加客服微信 kefu123"} as Leptos encodes an error (URL-safe base64).
    let words = "系统升级，请添加客服微信 kefu123";
    let json = format!(r#"{{"Invalid":"{words}"}}"#);
    let err = base64_url(json.as_bytes());
    for (page, path, cookie) in [
        ("/login", "/api/login_staff", ""),
        ("/", "/api/admin/create_user", admin.as_str()),
    ] {
        let link = format!("{page}?__path={}&__err={err}", path.replace('/', "%2F"));
        let shown = app.page_at(&link, cookie).await;
        assert!(!shown.contains("客服微信"), "{page}: {shown}");
        // A cookie naming another error does not vouch for this one.
        let other = format!("{cookie}; peixun_err=00000000000000000000000000000000");
        let shown = app.page_at(&link, &other).await;
        assert!(!shown.contains("客服微信"), "{page}: {shown}");
    }
    // A real refusal from this browser's post is still shown.
    let body = "role=evaluator&login=pinggu&display_name=x&password=a-long-password-1&contractor_id=&county_id=";
    let back = app
        .post_from_page("/", "/api/admin/create_user", body, &admin)
        .await;
    assert!(app
        .page_at(&back, &back.cookie)
        .await
        .contains("该用户名已被使用"));
    // The same address opened without that cookie (sent on as a link) shows nothing.
    assert!(!app
        .page_at(&back, &admin)
        .await
        .contains("该用户名已被使用"));
}

fn base64_url(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    bytes
        .chunks(3)
        .flat_map(|c| {
            let n = ((c[0] as u32) << 16)
                | ((*c.get(1).unwrap_or(&0) as u32) << 8)
                | (*c.get(2).unwrap_or(&0) as u32);
            let keep = c.len() + 1;
            (0..4)
                .map(move |i| ABC[((n >> (18 - 6 * i)) & 63) as usize] as char)
                .take(keep)
        })
        .collect::<String>()
        + match bytes.len() % 3 {
            1 => "==",
            2 => "=",
            _ => "",
        }
}

#[tokio::test]
async fn a_form_posted_without_the_wasm_comes_back_to_its_page_saying_it_was_saved() {
    let app = spawn_app().await;
    let admin = app.login(Role::Admin).await;
    let form = |login: &str| {
        format!("role=evaluator&login={login}&display_name=新评估员&password=a-long-password-1&contractor_id=&county_id=")
    };
    // The mark of an earlier save is replaced, not piled up; the page's own query is kept.
    let redirect = app
        .posted_from_page(
            "/?tab=2&__done=%2Fapi%2Fold",
            "/api/admin/create_user",
            &form("new-evaluator"),
            &admin,
        )
        .await;
    let back = redirect.headers()[header::LOCATION].to_str().unwrap();
    assert_eq!(
        back,
        format!("{}/?tab=2&__done=%2Fapi%2Fadmin%2Fcreate_user", app.base)
    );
    // Beside the mark, a cookie no other site can set names the same server fn.
    let set = redirect
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("peixun_done="))
        .expect("the save sets its cookie");
    assert!(
        set.starts_with("peixun_done=/api/admin/create_user;")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict"),
        "{set}"
    );
    let done = set.split(';').next().unwrap();
    let page = app.page_at(back, &format!("{admin}; {done}")).await;
    assert!(page.contains("账号已创建。"), "{page}");
    assert!(
        page.contains("new-evaluator"),
        "the list shows the new account: {page}"
    );

    // The same address sent as a link, without the save's cookie, confirms nothing.
    let page = app.page_at(back, &admin).await;
    assert!(!page.contains("账号已创建。"), "{page}");

    // A refused save comes back with its reason, never a confirmation.
    let back = app
        .post_from_page(
            "/",
            "/api/admin/create_user",
            &form("new-evaluator"),
            &admin,
        )
        .await;
    assert!(
        back.contains("__err=") && !back.contains("__done"),
        "{back}"
    );
    let page = app.page_at(&back, &back.cookie).await;
    assert!(
        !page.contains("账号已创建。") && page.contains(r#"role="alert""#),
        "{page}"
    );

    // A confirmation belongs to its own form: another form's mark shows nothing here.
    let page = app
        .get("/?__done=%2Fapi%2Fdashboard%2Frecord_visit", &admin)
        .await;
    assert!(!page.text().await.unwrap().contains("账号已创建。"));
}

#[tokio::test]
async fn a_server_fn_that_sends_the_browser_elsewhere_is_not_marked() {
    let app = spawn_app().await;
    // An outsider's page load: no session cookie yet.
    let body = format!("login=admin&password={PASSWORD}");
    let to = app
        .post_from_page("/login", "/api/login_staff", &body, "")
        .await;
    assert_eq!(to.to, "/");
}

#[tokio::test]
async fn a_failed_save_shows_only_its_own_error_never_an_earlier_confirmation() {
    let app = spawn_app().await;
    let admin = app.login(Role::Admin).await;
    // The page still carries the confirmation of an earlier save and an earlier error; the
    // login is taken, so this save fails.
    let from = "/?__done=%2Fapi%2Fadmin%2Fcreate_user&__path=%2Fapi%2Fx&__err=b2xk";
    let body = "role=evaluator&login=pinggu&display_name=x&password=a-long-password-1&contractor_id=&county_id=";
    let back = app
        .post_from_page(from, "/api/admin/create_user", body, &admin)
        .await;
    assert!(!back.contains("__done"), "{back}");
    assert_eq!(back.matches("__err=").count(), 1, "{back}");
    assert!(
        back.contains("__path=%2Fapi%2Fadmin%2Fcreate_user"),
        "{back}"
    );
    let page = app.page_at(&back, &back.cookie).await;
    assert!(
        page.contains("该用户名已被使用") && !page.contains("账号已创建。"),
        "{page}"
    );
}

/// The one-time codes are drawn by their page's island from the action's answer. A form
/// posted as a page load would void the slips already printed and make new codes that the
/// redirect drops: refused before anything changes.
#[tokio::test]
async fn codes_are_never_made_for_a_page_load_that_could_not_show_them() {
    let app = spawn_app().await;
    let county = app.login(Role::Evaluator).await;
    let waiting = || async {
        app::entities::app_user::Entity::find()
            .filter(app::entities::app_user::Column::Login.eq(WAITING_PHONE))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .activation_hash
    };
    let before = waiting().await;
    let back = app
        .post_from_page(
            "/projects/1/nominations",
            "/api/training/issue_slips",
            "project=1",
            &county,
        )
        .await;
    assert!(back.contains("__err="), "{back}");
    assert_eq!(
        waiting().await,
        before,
        "a code was made that no one will see"
    );
    let page = app.page_at(&back, &back.cookie).await;
    assert!(page.contains("页面尚未加载完成"), "{page}");

    // The island's own call (data, not a page) still prints the codes.
    let answer = app
        .post("/api/training/issue_slips", "project=1", Some(&county))
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_ne!(waiting().await, before);
}
