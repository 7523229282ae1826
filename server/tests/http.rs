//! The server as an attacker sees it: the app on port 0 with a fresh database, every server
//! function called as a raw POST with no session and with each role.
use app::auth::service::{create_user, NewUser};
use app::auth::Role;
use app::entities::contractor;
use app::state::AppState;
use migrations::{Migrator, MigratorTrait};
use reqwest::{header, redirect::Policy, Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::startup;

struct TestApp {
    base: String,
    client: Client,
}

const PASSWORD: &str = "a-long-test-password";
const TRAINEE_PHONE: &str = "13800138000";
const TRAINEE_CODE: &str = "246810";

async fn spawn_app() -> TestApp {
    let db = app::db::connect("sqlite::memory:").await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    let state = AppState::new(db, false, vec![7; 32]);
    app::admin::demo::import_2022(&state.db).await.unwrap();
    let bnu = contractor::Entity::find()
        .filter(contractor::Column::Name.eq("北京师范大学"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    for (role, login, secret, contractor_id) in [
        (Role::Admin, "admin", PASSWORD, None),
        (Role::Evaluator, "pinggu", PASSWORD, None),
        (Role::Contractor, "bnu", PASSWORD, Some(bnu)),
        (Role::Trainee, TRAINEE_PHONE, TRAINEE_CODE, None),
    ] {
        let user = NewUser {
            role,
            login: login.into(),
            display_name: login.into(),
            secret: secret.into(),
            contractor_id,
            county_id: None,
        };
        create_user(&state.db, &state.hasher, user, None)
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = startup::router(startup::default_leptos_options(), state);
    tokio::spawn(startup::serve(listener, router));
    TestApp {
        base,
        client: Client::builder().redirect(Policy::none()).build().unwrap(),
    }
}

impl TestApp {
    async fn post(&self, path: &str, body: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    /// Logs in and returns the `name=value` of the session cookie.
    async fn login(&self, role: Role) -> String {
        let response = match role {
            Role::Trainee => {
                self.post(
                    "/api/login_trainee",
                    &format!("phone={TRAINEE_PHONE}&code={TRAINEE_CODE}"),
                    None,
                )
                .await
            }
            _ => {
                let login = match role {
                    Role::Admin => "admin",
                    Role::Evaluator => "pinggu",
                    _ => "bnu",
                };
                self.post(
                    "/api/login_staff",
                    &format!("login={login}&password={PASSWORD}"),
                    None,
                )
                .await
            }
        };
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .expect("login sets a cookie")
            .to_str()
            .unwrap()
            .to_owned();
        cookie.split(';').next().unwrap().to_owned()
    }
}

/// Every server function that needs a session, a valid body, and the roles that may call it.
const PROTECTED: &[(&str, &str, &[Role])] = &[
    ("/api/admin/imports", "", &[Role::Admin]),
    ("/api/admin/import_report", "id=1", &[Role::Admin]),
    ("/api/admin/users", "", &[Role::Admin]),
    ("/api/admin/choices", "", &[Role::Admin]),
    ("/api/admin/create_user", "role=evaluator&login=new&display_name=new&password=long-password-1&contractor_id=&county_id=", &[Role::Admin]),
    ("/api/admin/merge_contractor", "from_id=1&into_id=2", &[Role::Admin]),
    ("/api/dashboard/projects", "filter[q]=&filter[mode]=&filter[scope]=&filter[contractor]=", &[Role::Evaluator, Role::Admin]),
    ("/api/dashboard/my_projects", "", &[Role::Contractor]),
    ("/api/checkin/my_classes", "", &[Role::Trainee]),
];

#[tokio::test]
async fn every_protected_server_function_refuses_anonymous_and_wrong_role_callers() {
    let app = spawn_app().await;
    let mut cookies = vec![];
    for role in Role::ALL {
        cookies.push((role, app.login(role).await));
    }
    for (path, body, allowed) in PROTECTED {
        let response = app.post(path, body, None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} without a session"
        );
        assert_eq!(
            response.text().await.unwrap(),
            r#""Unauthenticated""#,
            "{path}"
        );
        for (role, cookie) in &cookies {
            let status = app.post(path, body, Some(cookie)).await.status();
            if allowed.contains(role) {
                assert!(
                    status.is_success() || status == StatusCode::UNPROCESSABLE_ENTITY,
                    "{path} as {role:?}: {status}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {role:?}");
            }
        }
    }
}

#[tokio::test]
async fn the_evaluator_gets_the_78_projects_of_2022() {
    let app = spawn_app().await;
    let cookie = app.login(Role::Evaluator).await;
    let body = "filter[q]=&filter[mode]=&filter[scope]=&filter[contractor]=";
    let list: serde_json::Value = app
        .post("/api/dashboard/projects", body, Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["projects"].as_array().unwrap().len(), 78);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax_and_changes_at_each_login() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/login_staff",
            &format!("login=admin&password={PASSWORD}"),
            None,
        )
        .await;
    let set_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(!set_cookie.contains("Secure"), "plain http in tests");
    let first = set_cookie.split(';').next().unwrap().to_owned();
    let second = app
        .post(
            "/api/login_staff",
            &format!("login=admin&password={PASSWORD}"),
            Some(&first),
        )
        .await;
    let second = second.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    assert_eq!(
        app.post("/api/admin/users", "", Some(&first))
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert_eq!(
        app.post("/api/admin/users", "", Some(&second))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let cookie = app.login(Role::Trainee).await;
    assert_eq!(
        app.post("/api/checkin/my_classes", "", Some(&cookie))
            .await
            .status(),
        StatusCode::OK
    );
    app.post("/api/logout", "", Some(&cookie)).await;
    assert_eq!(
        app.post("/api/checkin/my_classes", "", Some(&cookie))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_state_changing_request_from_another_origin_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/api/login_staff", app.base))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("login=admin&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_bad_phone_number_gets_a_chinese_message_and_no_session() {
    let app = spawn_app().await;
    let response = app
        .post("/api/login_trainee", "phone=12345&code=246810", None)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    assert!(response.text().await.unwrap().contains("手机号格式不对"));
}

#[tokio::test]
async fn only_an_admin_can_upload_a_programme_and_it_lands_on_the_report() {
    let app = spawn_app().await;
    let form = || {
        reqwest::multipart::Form::new()
            .text("programme", "国培计划（2022）")
            .text("year", "2022")
            .part(
                "projects",
                reqwest::multipart::Part::bytes(app::admin::demo::PROJECTS_TSV)
                    .file_name("projects.tsv"),
            )
            .part(
                "counties",
                reqwest::multipart::Part::bytes(app::admin::demo::COUNTIES_TSV)
                    .file_name("counties.tsv"),
            )
    };
    let upload = |cookie: String| {
        app.client
            .post(format!("{}/admin/import", app.base))
            .header(header::COOKIE, cookie)
            .multipart(form())
            .send()
    };
    let as_evaluator = upload(app.login(Role::Evaluator).await).await.unwrap();
    assert_eq!(as_evaluator.status(), StatusCode::FORBIDDEN);
    let as_admin = upload(app.login(Role::Admin).await).await.unwrap();
    assert_eq!(as_admin.status(), StatusCode::SEE_OTHER);
    let location = as_admin.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(location.starts_with("/admin/imports/"), "{location}");
}

#[tokio::test]
async fn the_health_check_answers_and_unknown_pages_are_404() {
    let app = spawn_app().await;
    let health = app
        .client
        .get(format!("{}/health", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let missing = app
        .client
        .get(format!("{}/no-such-page", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
