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

/// The read API for the provincial platform (issue 16).
#[path = "api/mod.rs"]
mod api;
/// Tests that start the real binary (kill -9, SIGTERM, backup and restore).
#[path = "binary/mod.rs"]
mod binary;
/// Staff pages without the WASM: a posted form says what it did (issue 14).
#[path = "pages/mod.rs"]
mod pages;
/// A phone's side of the server: caching, the kept tap (issue 14).
#[path = "phone/mod.rs"]
mod phone;

/// A name no other test of this run uses.
fn rand_suffix() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("{}-{n}", std::process::id())
}

struct TestApp {
    base: String,
    client: Client,
    db: app::db::Db,
    evidence: std::path::PathBuf,
}

const PASSWORD: &str = "a-long-test-password";
const TRAINEE_PHONE: &str = "13800138000";
const TRAINEE_CODE: &str = "246810";
const WAITING_PHONE: &str = "13900139000";

async fn spawn_app() -> TestApp {
    spawn_app_on(startup::default_leptos_options()).await
}

async fn spawn_app_on(options: leptos::prelude::LeptosOptions) -> TestApp {
    let db = app::db::connect("sqlite::memory:").await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    app::survey::templates::ensure_default_template(&db)
        .await
        .unwrap();
    let evidence = std::env::temp_dir().join(format!("peixun-evidence-{}", rand_suffix()));
    let state = AppState::new(db, false, vec![7; 32]).with_evidence_dir(evidence.clone());
    app::admin::seed::import_2022(&state.db).await.unwrap();
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
    seed_class(&state.db, bnu).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let db = state.db.clone();
    let router = startup::router(options, state);
    tokio::spawn(startup::serve(listener, router));
    TestApp {
        base,
        // A response that never ends fails its test instead of hanging the whole run.
        client: Client::builder()
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .unwrap(),
        db,
        evidence,
    }
}

/// Project 1 goes to bnu, with class 1, session 1 (open now) and the test trainee on it;
/// project 2 goes to another contractor with a login of its own.
async fn seed_class(db: &app::db::Db, bnu: i32) {
    use app::entities::{class, enrolment, project, session, trainee};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let now = app::db::now();
    let mut p: project::ActiveModel = project::Entity::find_by_id(1)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    p.contractor_id = Set(Some(bnu));
    p.update(db).await.unwrap();
    let other = contractor::ActiveModel {
        name: Set("另一承训单位".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let mut p: project::ActiveModel = project::Entity::find_by_id(2)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    p.contractor_id = Set(Some(other));
    p.update(db).await.unwrap();
    let user = NewUser {
        role: Role::Contractor,
        login: "other".into(),
        display_name: "other".into(),
        secret: PASSWORD.into(),
        contractor_id: Some(other),
        county_id: None,
    };
    create_user(db, &app::password::Hasher::new(1), user, None)
        .await
        .unwrap();
    let today = now.date_naive();
    class::ActiveModel {
        project_id: Set(1),
        name: Set("一班".into()),
        start_date: Set(today - chrono::Duration::days(1)),
        end_date: Set(today + chrono::Duration::days(1)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    session::ActiveModel {
        class_id: Set(1),
        title: Set("上午".into()),
        date: Set(today),
        starts_at: Set(now - chrono::Duration::minutes(5)),
        ends_at: Set(now + chrono::Duration::hours(3)),
        checkin_opens_min: Set(30),
        late_after_min: Set(10),
        checkout_required: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let user_id = app::entities::app_user::Entity::find()
        .filter(app::entities::app_user::Column::Login.eq(TRAINEE_PHONE))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let trainee = trainee::ActiveModel {
        user_id: Set(user_id),
        name: Set("李晓梅".into()),
        phone: Set(TRAINEE_PHONE.into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    enrolment::ActiveModel {
        class_id: Set(1),
        trainee_id: Set(trainee.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    // A trainee the province sent who has not activated: issue_slips prints them a code.
    let waiting = app::entities::app_user::ActiveModel {
        role: Set("trainee".into()),
        login: Set(WAITING_PHONE.into()),
        display_name: Set("王芳".into()),
        password_hash: Set(String::new()),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let waiting = trainee::ActiveModel {
        user_id: Set(waiting.id),
        name: Set("王芳".into()),
        phone: Set(WAITING_PHONE.into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    app::entities::nomination::ActiveModel {
        project_id: Set(1),
        county_id: Set(None),
        trainee_id: Set(waiting.id),
        rural: Set(false),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    enrolment::ActiveModel {
        class_id: Set(1),
        trainee_id: Set(waiting.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    app::entities::survey::ActiveModel {
        class_id: Set(1),
        template_id: Set(1),
        opens_at: Set(now - chrono::Duration::hours(1)),
        closes_at: Set(now + chrono::Duration::days(1)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    // Written straight to the tables, so counted here, as a roster import would.
    app::training::counts::refresh(db, &[1]).await.unwrap();
}

/// The `name=value` of the session cookie a response sets, if it sets one (the device
/// cookie a first visit also gets does not count).
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("peixun_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

impl TestApp {
    async fn get(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header(header::COOKIE, cookie)
            .send()
            .await
            .unwrap()
    }

    async fn login_as(&self, login: &str) -> String {
        let body = format!("login={login}&password={PASSWORD}");
        let response = self.post("/api/login_staff", &body, None).await;
        session_cookie(&response).expect("login sets a session cookie")
    }

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
        session_cookie(&response).expect("login sets a session cookie")
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
    ("/api/dashboard/projects", "filter[q]=&filter[mode]=&filter[scope]=&filter[contractor]=&filter[sort]=", &[Role::Evaluator, Role::Admin]),
    ("/api/dashboard/my_projects", "", &[Role::Contractor]),
    ("/api/training/my_classes", "", &[Role::Trainee]),
    ("/api/checkin/mine", "", &[Role::Trainee]),
    ("/api/checkin/tap", "session=1&kind=in&typed=ABCDEF", &[Role::Trainee]),
    ("/api/dashboard/project_classes", "project=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/training/class", "class=1", &[Role::Contractor]),
    ("/api/training/add_class", "project=1&name=x&start_date=2022-11-28&end_date=2022-12-01&venue=&head_teacher=&capacity=", &[Role::Contractor]),
    ("/api/training/add_session", "class=1&title=x&date=2022-11-29&starts=08:30&ends=11:30&opens_min=&late_min=&geofence=&radius_m=", &[Role::Contractor]),
    ("/api/checkin/projector", "session=1", &[Role::Contractor]),
    ("/api/checkin/projector_status", "session=1", &[Role::Contractor]),
    ("/api/checkin/sheet", "session=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/checkin/correct", "session=1&trainee=1&present=1&reason=%E6%A0%B8%E5%AE%9E", &[Role::Contractor]),
    ("/api/training/roster_access", "class=1", &[Role::Contractor]),
    ("/api/training/issue_slips", "project=1", &[Role::Evaluator, Role::Admin]),
    ("/api/training/reset_pin", "project=1&trainee=2", &[Role::Evaluator, Role::Admin]),
    ("/api/training/nominations", "project=1", &[Role::Evaluator, Role::Admin]),
    ("/api/training/allocate", "project=1&county=%E9%81%82%E5%B7%9D%E5%8E%BF&places=10", &[Role::Evaluator, Role::Admin]),
    ("/api/training/nominate", "project=1&name=x&phone=13900000001&school=&county=&subject=&stage=", &[Role::Evaluator, Role::Admin]),
    ("/api/training/confirm", "enrolment=1", &[Role::Evaluator, Role::Admin]),
    ("/api/training/dispute", "subject=session&id=1&note=%E6%88%91%E5%9C%A8%E5%9C%BA", &[Role::Trainee]),
    ("/api/training/roster_report", "run=1", &[Role::Contractor]),
    ("/api/admin/rules", "", &[Role::Admin]),
    ("/api/admin/set_rules", "programme=1&day_hours=6&margin=10&survey_days=7&cap=1", &[Role::Admin]),
    ("/api/hours/mine", "", &[Role::Trainee]),
    ("/api/hours/add", "class=1&date=2022-01-01&hours=2&activity=x&note=", &[Role::Trainee]),
    ("/api/hours/edit", "id=1&date=2022-01-01&hours=2&activity=x&note=", &[Role::Trainee]),
    ("/api/hours/withdraw", "id=1", &[Role::Trainee]),
    ("/api/hours/queue", "class=1", &[Role::Contractor]),
    ("/api/hours/import_report", "run=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/hours/import_apply", "run=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/hours/review", "approve=1", &[Role::Contractor]),
    ("/api/hours/evidence_space", "", &[Role::Admin]),
    ("/api/survey/submit", "survey=1&answers%5B1%5D=5", &[Role::Trainee]),
    ("/api/survey/mine", "", &[Role::Trainee]),
    ("/api/survey/class", "class=1", &[Role::Contractor]),
    ("/api/survey/open", "class=1&template=1", &[Role::Contractor]),
    ("/api/survey/class_results", "class=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/survey/project_results", "project=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/survey/templates", "", &[Role::Admin]),
    ("/api/survey/save_template", "name=x&text=%5Bx%5D%0Ay", &[Role::Admin]),
    ("/api/dashboard/visits", "class=1", &[Role::Evaluator, Role::Admin, Role::Contractor]),
    ("/api/dashboard/class_report", "class=1", &[Role::Contractor, Role::Evaluator, Role::Admin]),
    ("/api/dashboard/record_visit", "class=1&date=2022-11-29&scores%5Bplan%5D=5&notes=", &[Role::Evaluator]),
    ("/api/platform/tokens", "", &[Role::Admin]),
    ("/api/platform/revoke_token", "id=999", &[Role::Admin]),
];

/// Server functions anyone may call: logging in and out, who am I, and the pages a scanned QR
/// or a survey link opens before login (they write nothing).
const PUBLIC: &[&str] = &[
    "/api/login_trainee",
    "/api/login_staff",
    "/api/logout",
    "/api/whoami",
    // Both act only on a session a one-time code made; without one they answer None / 422.
    "/api/auth/pin_prompt",
    "/api/auth/choose_pin",
    "/api/checkin/scan",
    "/api/survey/page",
];

#[test]
fn every_registered_server_function_is_in_the_role_matrix() {
    let registered: std::collections::BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let listed: std::collections::BTreeSet<&str> = PROTECTED
        .iter()
        .map(|(path, _, _)| *path)
        .chain(PUBLIC.iter().copied())
        .collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server fns missing from the role matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "the matrix names fns that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_protected_server_function_refuses_anonymous_and_wrong_role_callers() {
    let app = spawn_app().await;
    let mut cookies = vec![];
    for role in Role::ALL {
        cookies.push((role, app.login(role).await));
    }
    let mut bodies = vec![];
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
            // Missing or malformed arguments are the caller's mistake: a 4xx, never a 500.
            let empty = app.post(path, "", Some(cookie)).await.status();
            assert!(
                empty.is_client_error() || empty.is_success(),
                "{path} with no arguments as {role:?}: {empty}"
            );
            let response = app.post(path, body, Some(cookie)).await;
            let status = response.status();
            bodies.push((*path, response.text().await.unwrap()));
            if allowed.contains(role) {
                // Past the role check: done, a refused input, or no such record.
                assert!(
                    status.is_success()
                        || status == StatusCode::UNPROCESSABLE_ENTITY
                        || status == StatusCode::NOT_FOUND,
                    "{path} as {role:?}: {status}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {role:?}");
            }
        }
    }
    no_body_holds_a_credential(&bodies);
}

/// Issue 12: no answer, to any role, holds a PIN or an activation code, except the one-time
/// codes that issue_slips prints the moment it makes them (and they must be new).
fn no_body_holds_a_credential(bodies: &[(&str, String)]) {
    let issuing = ["/api/training/issue_slips", "/api/training/reset_pin"];
    let issued: Vec<String> = bodies
        .iter()
        .filter(|(path, _)| issuing.contains(path))
        .filter_map(|(_, body)| serde_json::from_str::<serde_json::Value>(body).ok())
        .flat_map(|v| v["rows"].as_array().cloned().unwrap_or_default())
        .filter_map(|row| row["code"].as_str().map(str::to_owned))
        .collect();
    assert!(
        !issued.is_empty(),
        "issue_slips printed the waiting trainee's code"
    );
    let secrets: Vec<&str> = issued
        .iter()
        .map(String::as_str)
        .chain([TRAINEE_CODE])
        .collect();
    for (path, body) in bodies.iter().filter(|(path, _)| !issuing.contains(path)) {
        for secret in &secrets {
            let standalone = body.match_indices(secret).any(|(i, _)| {
                let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
                !digit(body[..i].chars().last()) && !digit(body[i + secret.len()..].chars().next())
            });
            assert!(!standalone, "{path} answered a credential: {body}");
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

/// Suspense builds its children once more after they have loaded (leptos#4688): the
/// evaluator's overview and a contractor's projects, made in there, were made again, and the
/// figures computed and sent two or three times for most page loads. Pages are islands now
/// (issue 14): the figures travel once, as HTML, and never again as JSON for hydration.
#[tokio::test]
async fn the_staff_homes_send_their_figures_once_as_html() {
    let app = spawn_app().await;
    let evaluator = app.login(Role::Evaluator).await;
    let contractor = app.login(Role::Contractor).await;
    let trainee = app.login(Role::Trainee).await;
    for load in 0..40 {
        let html = app.get("/", &evaluator).await.text().await.unwrap();
        let rows = html.matches("乡村中学优秀教师高级研修").count();
        assert_eq!(rows, 1, "load {load} drew the project {rows} times");
        assert!(
            !html.contains("by_county"),
            "load {load} sent the figures as JSON"
        );

        let html = app.get("/", &contractor).await.text().await.unwrap();
        let cards = html.matches(r#"<li class="card">"#).count();
        assert!(cards > 0, "the demo contractor has projects: {html}");
        assert!(
            !html.contains("scope_key"),
            "load {load} sent the projects as JSON"
        );

        // The same home for a trainee finishes, and sends neither.
        let html = app.get("/", &trainee).await.text().await.unwrap();
        assert!(html.contains("</html>"), "load {load}: {html}");
        assert!(
            !html.contains("by_county") && !html.contains("scope_key"),
            "{html}"
        );
    }
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
        app.post("/api/training/my_classes", "", Some(&cookie))
            .await
            .status(),
        StatusCode::OK
    );
    app.post("/api/logout", "", Some(&cookie)).await;
    assert_eq!(
        app.post("/api/training/my_classes", "", Some(&cookie))
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
    assert!(session_cookie(&response).is_none());
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
                reqwest::multipart::Part::bytes(app::admin::seed::PROJECTS_TSV)
                    .file_name("projects.tsv"),
            )
            .part(
                "counties",
                reqwest::multipart::Part::bytes(app::admin::seed::COUNTIES_TSV)
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
async fn a_page_that_never_finishes_answers_503_asking_to_reload_while_posts_run_to_the_end() {
    use axum::routing::get;
    let router = axum::Router::new()
        .route(
            "/stuck",
            get(std::future::pending::<&'static str>).post(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                "saved"
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            std::time::Duration::ZERO,
            server::http::pages_answer_in_time,
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/stuck", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();

    let page = client.get(&url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers()[header::RETRY_AFTER], "5");
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(app::i18n::t::ERR_PAGE_TIMEOUT));
    // A write is never cut off half-way: it answers when it is done.
    let post = client.post(&url).send().await.unwrap();
    assert_eq!(post.status(), StatusCode::OK);
    assert_eq!(post.text().await.unwrap(), "saved");
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

#[tokio::test]
async fn another_contractor_can_neither_read_nor_change_this_contractors_class() {
    let app = spawn_app().await;
    let other = app.login_as("other").await;
    for (path, body) in [
        ("/api/dashboard/project_classes", "project=1"),
        ("/api/training/class", "class=1"),
        ("/api/training/add_session", "class=1&title=x&date=2022-11-29&starts=08:30&ends=11:30&opens_min=&late_min=&geofence=&radius_m="),
        ("/api/checkin/projector", "session=1"),
        ("/api/checkin/sheet", "session=1"),
        ("/api/checkin/correct", "session=1&trainee=1&present=0&reason=x"),
        ("/api/training/roster_access", "class=1"),
        ("/api/training/issue_slips", "project=1"),
        ("/api/training/reset_pin", "project=1&trainee=2"),
        ("/api/training/confirm", "enrolment=1"),
    ] {
        let response = app.post(path, body, Some(&other)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    for path in [
        "/sessions/1/sheet.csv",
        "/sessions/1/sheet.xlsx",
        "/qr/session/1",
    ] {
        assert_eq!(
            app.get(path, &other).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let form = reqwest::multipart::Form::new().part(
        "roster",
        reqwest::multipart::Part::bytes("姓名,手机号\n张三,13900139000\n".as_bytes())
            .file_name("r.csv"),
    );
    let upload = app
        .client
        .post(format!("{}/classes/1/roster", app.base))
        .header(header::COOKIE, &other)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::FORBIDDEN);
    let owner = app.login(Role::Contractor).await;
    let csv = app.get("/sessions/1/sheet.csv", &owner).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("李晓梅"));
}

#[tokio::test]
async fn a_trainee_checks_in_only_themselves_whatever_the_body_says() {
    use app::checkin::code::{step_at, SessionKey};
    use app::entities::{checkin, trainee};
    let app = spawn_app().await;
    let cookie = app.login(Role::Trainee).await;
    let key = SessionKey::derive(&[7; 32], 1);
    let typed = key.typed_code(step_at(app::db::now().timestamp()));
    let body = format!(
        "session=1&kind=in&typed={}&trainee=99&trainee_id=99",
        typed.as_str()
    );
    let response = app.post("/api/checkin/tap", &body, Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let outcome: serde_json::Value = response.json().await.unwrap();
    assert_eq!(outcome["already"], false);
    let rows = checkin::Entity::find().all(&app.db).await.unwrap();
    let me = trainee::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].trainee_id, me.id);
    assert_eq!(rows[0].method.as_str(), "typed");
}

#[tokio::test]
async fn hours_recorded_by_a_trainee_are_approved_by_the_classes_contractor_only() {
    let app = spawn_app().await;
    let trainee = app.login(Role::Trainee).await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    let body = format!(
        "class=1&date={today}&hours=2.5&activity=%E5%9C%A8%E7%BA%BF%E8%AF%BE%E7%A8%8B&note="
    );
    let added = app.post("/api/hours/add", &body, Some(&trainee)).await;
    assert_eq!(added.status(), StatusCode::OK);
    let too_much = body.replace("hours=2.5", "hours=10");
    let refused = app.post("/api/hours/add", &too_much, Some(&trainee)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("12 学时"));
    // The trainee cannot approve their own record, nor can another contractor.
    let review = "ids[0]=1&approve=1";
    let own = app.post("/api/hours/review", review, Some(&trainee)).await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let other = app.login_as("other").await;
    let theirs = app.post("/api/hours/review", review, Some(&other)).await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let owner = app.login(Role::Contractor).await;
    let approved = app.post("/api/hours/review", review, Some(&owner)).await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(approved.text().await.unwrap(), "1");
    let mine = app.post("/api/hours/mine", "", Some(&trainee)).await;
    let mine: serde_json::Value = mine.json().await.unwrap();
    assert_eq!(mine[0]["rows"][0]["state"], "Approved");
    assert_eq!(mine[0]["approved"], 5);
}

#[tokio::test]
async fn credit_exports_go_to_the_classes_contractor_and_admin_in_full_and_masked_to_evaluators() {
    let app = spawn_app().await;
    let owner = app.login(Role::Contractor).await;
    let csv = app.get("/classes/1/credits.csv", &owner).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let disposition = csv.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let text = csv.text().await.unwrap();
    assert!(text.contains(&format!("李晓梅,{TRAINEE_PHONE}")), "{text}");
    let xlsx = app.get("/projects/1/credits.xlsx", &owner).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let evaluator = app.login(Role::Evaluator).await;
    let masked = app
        .get("/classes/1/credits.csv", &evaluator)
        .await
        .text()
        .await
        .unwrap();
    assert!(masked.contains("李晓梅,138****8000"), "{masked}");
    let other = app.login_as("other").await;
    assert_eq!(
        app.get("/classes/1/credits.csv", &other).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/projects/1/credits.csv", &other).await.status(),
        StatusCode::FORBIDDEN
    );
    let trainee = app.login(Role::Trainee).await;
    assert_eq!(
        app.get("/classes/1/credits.csv", &trainee).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_platform_log_upload_lands_on_its_report_and_only_for_the_classes_contractor() {
    let app = spawn_app().await;
    let upload = |cookie: String| {
        let today = app::time::cst_today();
        let log = format!("手机号,课程,分钟,日期\n{TRAINEE_PHONE},在线课程,60,{today}\n");
        let form = reqwest::multipart::Form::new().part(
            "log",
            reqwest::multipart::Part::bytes(log.into_bytes()).file_name("log.csv"),
        );
        app.client
            .post(format!("{}/classes/1/platform-hours", app.base))
            .header(header::COOKIE, cookie)
            .multipart(form)
            .send()
    };
    let other = app.login_as("other").await;
    assert_eq!(
        upload(other.clone()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let owner = app.login(Role::Contractor).await;
    let response = upload(owner.clone()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/hours-imports/1");
    let mine = app
        .post("/api/hours/import_report", "run=1", Some(&owner))
        .await;
    assert_eq!(mine.status(), StatusCode::OK);
    // Issue 34: the contractor's file is stored as its own word, never 平台核验.
    let report = mine.text().await.unwrap();
    assert!(report.contains(r#""source":"Reported""#), "{report}");
    let theirs = app
        .post("/api/hours/import_report", "run=1", Some(&other))
        .await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let apply = app
        .post("/api/hours/import_apply", "run=1", Some(&other))
        .await;
    assert_eq!(apply.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn evidence_images_are_checked_by_content_and_shown_only_to_those_concerned() {
    let app = spawn_app().await;
    let trainee = app.login(Role::Trainee).await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    let body = format!("class=1&date={today}&hours=1&activity=x&note=");
    assert_eq!(
        app.post("/api/hours/add", &body, Some(&trainee))
            .await
            .status(),
        StatusCode::OK
    );
    let send = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part(
            "images",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        app.client
            .post(format!("{}/hours/1/evidence", app.base))
            .header(header::COOKIE, &trainee)
            .multipart(form)
            .send()
    };
    let pdf = send("证明.pdf", b"%PDF-1.7 not an image".to_vec())
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(pdf.text().await.unwrap().contains("只能上传图片"));
    let big = send(
        "big.png",
        [&[0x89, b'P', b'N', b'G'][..], &vec![0; 2 * 1024 * 1024]].concat(),
    );
    assert_eq!(
        big.await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let png = send("截图.png", vec![0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0])
        .await
        .unwrap();
    assert_eq!(png.status(), StatusCode::SEE_OTHER);
    let mine: serde_json::Value = app
        .post("/api/hours/mine", "", Some(&trainee))
        .await
        .json()
        .await
        .unwrap();
    let name = mine[0]["rows"][0]["evidence"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/evidence/{name}");
    let own = app.get(&path, &trainee).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(own.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(own.headers()["x-content-type-options"], "nosniff");
    let owner = app.login(Role::Contractor).await;
    assert_eq!(app.get(&path, &owner).await.status(), StatusCode::OK);
    let other = app.login_as("other").await;
    assert_eq!(app.get(&path, &other).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/evidence/..%2Fsecret.key", &owner).await.status(),
        StatusCode::NOT_FOUND
    );
    // A county's evaluator sees that county's trainees only (this trainee has none).
    let (county, _, _) = county_evaluator_and_class_elsewhere(&app).await;
    assert_eq!(
        app.get(&path, &county).await.status(),
        StatusCode::FORBIDDEN
    );
    let province = app.login(Role::Evaluator).await;
    assert_eq!(app.get(&path, &province).await.status(), StatusCode::OK);
    // Withdrawing the record deletes its images: upload and withdraw in a loop fills no disk.
    let file = app.evidence.join(&name);
    assert!(file.exists());
    let withdrawn = app
        .post("/api/hours/withdraw", "id=1", Some(&trainee))
        .await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    assert!(
        !file.exists(),
        "the image is deleted with the record's withdrawal"
    );
    assert_eq!(app.get(&path, &owner).await.status(), StatusCode::NOT_FOUND);
}

/// The survey's answers as a browser form posts them: `answers[question id]=value`.
async fn survey_body(db: &app::db::Db, likert: &str) -> String {
    let questions = app::survey::templates::questions_of(db, &[1])
        .await
        .unwrap();
    let mut body = "survey=1".to_owned();
    for q in questions {
        let value = match q.kind {
            app::survey::QuestionKind::Text => "%E5%BE%88%E5%A5%BD",
            _ => likert,
        };
        body.push_str(&format!("&answers%5B{}%5D={value}", q.id));
    }
    body
}

#[tokio::test]
async fn a_trainee_answers_the_survey_once_and_only_after_attending() {
    use app::checkin::code::{step_at, SessionKey};
    let app = spawn_app().await;
    let cookie = app.login(Role::Trainee).await;
    let body = survey_body(&app.db, "4").await;
    let refused = app.post("/api/survey/submit", &body, Some(&cookie)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused.text().await.unwrap();
    assert!(
        message.contains(app::i18n::t::SURVEY_NOT_ATTENDED),
        "{message}"
    );
    let typed = SessionKey::derive(&[7; 32], 1).typed_code(step_at(app::db::now().timestamp()));
    let tap = format!("session=1&kind=in&typed={}", typed.as_str());
    assert_eq!(
        app.post("/api/checkin/tap", &tap, Some(&cookie))
            .await
            .status(),
        StatusCode::OK
    );
    // Nothing ticked at all: the first item is named, not a decoding error.
    let empty = app
        .post("/api/survey/submit", "survey=1", Some(&cookie))
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .text()
        .await
        .unwrap()
        .contains("还有题目没有作答：第 1 组"));
    let accepted = app.post("/api/survey/submit", &body, Some(&cookie)).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let again = app.post("/api/survey/submit", &body, Some(&cookie)).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains(app::i18n::t::SURVEY_ANSWERED));
    let page: serde_json::Value = app
        .post("/api/survey/page", "id=1", Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["gate"], "Answered");
    // One response is far below five: the owner sees the count and no figures.
    let owner = app.login(Role::Contractor).await;
    let results: serde_json::Value = app
        .post("/api/survey/class_results", "class=1", Some(&owner))
        .await
        .json()
        .await
        .unwrap();
    // Published figures move every 5 responses: the one answer is counted as submitted only.
    assert_eq!(results["responses"], 0);
    assert_eq!(results["integrity"]["answered"], 1);
    assert_eq!(results["stepping"], true);
    assert_eq!(results["figures"], serde_json::Value::Null);
}

#[tokio::test]
async fn another_contractor_can_neither_see_nor_open_this_contractors_survey() {
    let app = spawn_app().await;
    let other = app.login_as("other").await;
    for (path, body) in [
        ("/api/survey/class", "class=1"),
        ("/api/survey/open", "class=1&template=1"),
        ("/api/survey/class_results", "class=1"),
        ("/api/survey/project_results", "project=1"),
    ] {
        let response = app.post(path, body, Some(&other)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let evaluator = app.login(Role::Evaluator).await;
    let response = app
        .post("/api/survey/class_results", "class=1", Some(&evaluator))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// A county evaluator of 遂川县 (a 示范县) and a class in a project for another category.
async fn county_evaluator_and_class_elsewhere(app: &TestApp) -> (String, i32, i32) {
    use app::entities::{class, county, project, session};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let suichuan = county::Entity::find()
        .filter(county::Column::Name.eq("遂川县"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let user = NewUser {
        role: Role::Evaluator,
        login: "suichuan".into(),
        display_name: "遂川县评估".into(),
        secret: PASSWORD.into(),
        contractor_id: None,
        county_id: Some(suichuan),
    };
    create_user(&app.db, &app::password::Hasher::new(1), user, None)
        .await
        .unwrap();
    let far = project::Entity::find()
        .filter(project::Column::ScopeKind.eq("category"))
        .filter(project::Column::ScopeCategory.ne("示范县"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = app::db::now();
    let class_id = class::ActiveModel {
        project_id: Set(far.id),
        name: Set("帮扶县一班".into()),
        start_date: Set(now.date_naive()),
        end_date: Set(now.date_naive()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let session_id = session::ActiveModel {
        class_id: Set(class_id),
        title: Set("上午".into()),
        date: Set(now.date_naive()),
        starts_at: Set(now),
        ends_at: Set(now + chrono::Duration::hours(3)),
        checkin_opens_min: Set(30),
        late_after_min: Set(10),
        checkout_required: Set(false),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    (app.login_as("suichuan").await, class_id, session_id)
}

#[tokio::test]
async fn a_county_evaluator_reads_classes_in_its_scope_and_is_refused_the_rest() {
    let app = spawn_app().await;
    let (cookie, class_id, session_id) = county_evaluator_and_class_elsewhere(&app).await;
    let far_project = format!(
        "project={}",
        app::entities::class::Entity::find_by_id(class_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .project_id
    );
    for (path, body) in [
        ("/api/dashboard/class_report", format!("class={class_id}")),
        ("/api/checkin/sheet", format!("session={session_id}")),
        ("/api/dashboard/project_classes", far_project),
        ("/api/dashboard/visits", format!("class={class_id}")),
        ("/api/survey/class_results", format!("class={class_id}")),
    ] {
        let response = app.post(path, &body, Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path} {body}");
    }
    // Class 1 belongs to a province-wide project, which reaches every county.
    for (path, body) in [
        ("/api/dashboard/class_report", "class=1"),
        ("/api/checkin/sheet", "session=1"),
        ("/api/dashboard/project_classes", "project=1"),
    ] {
        let response = app.post(path, body, Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let report = app
        .post("/api/dashboard/class_report", "class=1", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        report.contains("遂川县"),
        "the report says whose trainees it counts"
    );
    let csv = app.get("/dashboard/projects.csv", &cookie).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(
        !text.contains(&far_name(&app, class_id).await),
        "out-of-scope project exported"
    );
}

async fn far_name(app: &TestApp, class_id: i32) -> String {
    let c = app::entities::class::Entity::find_by_id(class_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app::entities::project::Entity::find_by_id(c.project_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name
}

#[tokio::test]
async fn overview_tables_export_to_evaluators_and_admins_only() {
    let app = spawn_app().await;
    let evaluator = app.login(Role::Evaluator).await;
    for file in ["projects.csv", "contractors.csv", "counties.csv"] {
        let response = app.get(&format!("/dashboard/{file}"), &evaluator).await;
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        let bytes = response.bytes().await.unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{file} has a BOM for Excel"
        );
    }
    let filtered = app
        .get("/dashboard/projects.csv?contractor=%E5%8C%97%E4%BA%AC%E5%B8%88%E8%8C%83%E5%A4%A7%E5%AD%A6", &evaluator)
        .await
        .text()
        .await
        .unwrap();
    assert!(filtered.lines().skip(1).all(|l| l.contains("北京师范大学")));
    assert!(filtered.lines().count() > 1);
    let xlsx = app.get("/dashboard/projects.xlsx", &evaluator).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    for role in [Role::Contractor, Role::Trainee] {
        let cookie = app.login(role).await;
        let response = app.get("/dashboard/projects.csv", &cookie).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let anonymous = app.get("/dashboard/counties.csv", "").await;
    assert!(anonymous.status().is_redirection());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/login", "/health", "/pkg/no-such-file.js"] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        let h = response.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src"));
        assert!(
            script_src.is_some_and(|d| !d.contains("unsafe-inline")),
            "{path}: no inline script without a nonce: {csp}"
        );
        assert_eq!(h[header::REFERRER_POLICY], "same-origin", "{path}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
    }
}

#[tokio::test]
async fn a_page_runs_only_the_inline_scripts_that_carry_its_own_nonce() {
    let app = spawn_app().await;
    let mut nonces = vec![];
    for _ in 0..2 {
        let page = app.get("/login", "").await;
        let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .to_owned();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        let nonce = script_src
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("the page policy names a nonce: {csp}"))
            .to_owned();
        let html = page.text().await.unwrap();
        let scripts = html.matches("<script").count();
        assert!(scripts > 0);
        assert_eq!(
            html.matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                .count()
                + html.matches(&format!("<script nonce=\"{nonce}\"")).count(),
            scripts,
            "every inline script carries the nonce: {html}"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce per response");
}

/// Islands (issue 14): a page loads the WASM only when it holds an island, the projector and
/// the one-time codes; every other page, a trainee's or staff's, is whole without it.
#[tokio::test]
async fn only_the_pages_that_hold_an_island_load_the_wasm() {
    let app = spawn_app().await;
    // `HydrationScripts` preloads the JS loader and the WASM.
    let loads_wasm = |html: &str| html.contains("modulepreload") || html.contains(".wasm");
    let login = app.get("/login", "").await.text().await.unwrap();
    assert!(login.contains("手机号") && !loads_wasm(&login), "{login}");
    let trainee = app.login(Role::Trainee).await;
    for path in ["/", "/hours", "/surveys/1", "/c/1"] {
        let html = app.get(path, &trainee).await.text().await.unwrap();
        assert!(!loads_wasm(&html), "{path}: {html}");
    }
    let contractor = app.login(Role::Contractor).await;
    for path in [
        "/",
        "/classes/1",
        "/sessions/1/sheet",
        "/classes/1/hours",
        "/classes/1/codes",
    ] {
        let html = app.get(path, &contractor).await.text().await.unwrap();
        assert!(
            html.contains("</html>") && !loads_wasm(&html),
            "{path}: {html}"
        );
    }
    let county = app.login(Role::Evaluator).await;
    for (path, who) in [
        ("/sessions/1/projector", &contractor),
        ("/projects/1/nominations", &county),
    ] {
        let html = app.get(path, who).await.text().await.unwrap();
        assert!(
            html.contains("<leptos-island"),
            "{path} holds an island: {html}"
        );
        assert!(loads_wasm(&html), "{path}: {html}");
    }
}

#[tokio::test]
async fn login_never_sends_the_browser_off_site_whatever_next_says() {
    let app = spawn_app().await;
    // Browsers drop the tab, so "/\t/evil.example" is "//evil.example"; a line break cannot go
    // into a Location header at all.
    for next in [
        "%2F%09%2Fevil.example",
        "%2F%0A",
        "%2F%0D%2F%2Fevil.example",
        "%2F%2Fevil.example",
    ] {
        let response = app
            .client
            .post(format!("{}/api/login_trainee", app.base))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(format!(
                "phone={TRAINEE_PHONE}&code={TRAINEE_CODE}&next={next}"
            ))
            .send()
            .await
            .unwrap();
        assert!(!response.status().is_server_error(), "next={next}");
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(location.as_deref(), Some("/"), "next={next}");
    }
}
