//! The read API (issue 16): tokens, scope, paging, ETags, problem details, the rate, the
//! audit, and the OpenAPI document checked against what each path answers.
use super::*;
use app::entities::{api_token, audit_log, county, programme, trainee};
use app::platform::token::{self, NewToken};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, PaginatorTrait};
use serde_json::Value;

mod document;
mod tokens;

/// The demo's one programme.
async fn the_programme(app: &TestApp) -> programme::Model {
    programme::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// A token made through the service, as the admin's form would make it.
async fn make_token(app: &TestApp, name: &str, county: Option<&str>, full_phones: bool) -> String {
    token_with(app, name, county, (full_phones, false)).await
}

/// A token, full phones or not, and allowed to send the platform's hours log or not.
async fn token_with(
    app: &TestApp,
    name: &str,
    county: Option<&str>,
    (full_phones, writes_hours): (bool, bool),
) -> String {
    let programme_id = the_programme(app).await.id;
    let county_id = match county {
        Some(name) => Some(county_id(app, name).await),
        None => None,
    };
    let new = NewToken {
        name: name.into(),
        programme_id,
        county_id,
        expires_on: app::time::cst_today() + chrono::Duration::days(30),
        full_phones,
        writes_hours,
    };
    token::create(&app.db, &admin(app).await, new)
        .await
        .unwrap()
}

async fn admin(app: &TestApp) -> app::auth::Me {
    let user = app::entities::app_user::Entity::find()
        .filter(app::entities::app_user::Column::Login.eq("admin"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app::auth::Me {
        user_id: user.id,
        role: Role::Admin,
        display_name: "admin".into(),
        contractor_id: None,
        county_id: None,
    }
}

async fn county_id(app: &TestApp, name: &str) -> i32 {
    county::Entity::find()
        .filter(county::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

impl TestApp {
    async fn api(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    async fn api_json(&self, path: &str, token: &str) -> Value {
        let response = self.api(path, Some(token)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.json().await.unwrap()
    }
}

/// A refusal is problem details with the status in its body, and the Chinese reason.
async fn assert_problem(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| c >= '\u{4e00}'),
        "a Chinese detail: {body}"
    );
    body
}

#[tokio::test]
async fn only_a_live_token_reads_and_every_refusal_is_problem_details() {
    let app = spawn_app().await;
    let live = make_token(&app, "平台", None, false).await;
    assert_eq!(
        app.api("/api/v1/projects", Some(&live)).await.status(),
        StatusCode::OK
    );

    let none = app.api("/api/v1/projects", None).await;
    assert_eq!(none.headers()[header::WWW_AUTHENTICATE], "Bearer");
    assert_problem(none, StatusCode::UNAUTHORIZED).await;
    let unknown = format!("{}{}", token::PREFIX, "0".repeat(64));
    assert_problem(
        app.api("/api/v1/projects", Some(&unknown)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // A staff session is not a token: the API reads no cookie.
    let admin_cookie = app.login(Role::Admin).await;
    let with_cookie = app.get("/api/v1/projects", &admin_cookie).await;
    assert_problem(with_cookie, StatusCode::UNAUTHORIZED).await;

    let expired = make_token(&app, "过期", None, false).await;
    let mut row: api_token::ActiveModel = api_token::Entity::find()
        .filter(api_token::Column::Name.eq("过期"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.expires_at = Set(app::db::now() - chrono::Duration::seconds(1));
    row.update(&app.db).await.unwrap();
    assert_problem(
        app.api("/api/v1/projects", Some(&expired)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let revoked = make_token(&app, "撤销", None, false).await;
    let id = api_token::Entity::find()
        .filter(api_token::Column::Name.eq("撤销"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let response = app
        .post(
            "/api/platform/revoke_token",
            &format!("id={id}"),
            Some(&admin_cookie),
        )
        .await;
    assert!(response.status().is_success());
    assert_problem(
        app.api("/api/v1/projects", Some(&revoked)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.api("/api/v1/projects", Some(&live)).await.status(),
        StatusCode::OK
    );
    // The scheme's name is case-insensitive (RFC 9110).
    let lower = app
        .client
        .get(format!("{}/api/v1/projects", app.base))
        .header(header::AUTHORIZATION, format!("bearer {live}"))
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), StatusCode::OK);

    // Bad parameters are the caller's mistake, said in Chinese.
    for path in [
        "/api/v1/projects?limit=0",
        "/api/v1/projects?limit=9999",
        "/api/v1/projects?cursor=abc",
        "/api/v1/projects?limit=5&limit=6",
        "/api/v1/projects?cursor=1&cursor=2",
        "/api/v1/classes/%FF/sessions",
        "/api/v1/classes/abc/sessions",
    ] {
        assert_problem(app.api(path, Some(&live)).await, StatusCode::BAD_REQUEST).await;
    }
    for path in ["/api/v1/classes/999999/sessions", "/api/v1/trainees"] {
        assert_problem(app.api(path, Some(&live)).await, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn a_token_reaches_neither_the_ui_server_functions_nor_any_write() {
    let app = spawn_app().await;
    let secret = make_token(&app, "平台", None, true).await;
    let with_token = |path: &'static str, body: &'static str| {
        app.client
            .post(format!("{}{path}", app.base))
            .bearer_auth(&secret)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    // Every protected server fn answers a token as it answers nobody.
    for (path, body, _) in PROTECTED {
        let response = with_token(path, body).await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} with a token"
        );
    }
    // The API itself takes no writes, and the token form wants an admin's session.
    for path in ["/api/v1/projects", "/api/v1/classes/1/sessions"] {
        let status = with_token(path, "").await.unwrap().status();
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
    let form = with_token(
        app::platform::TOKEN_CREATE_PATH,
        "name=x&programme_id=1&expires_on=2099-01-01",
    )
    .await
    .unwrap();
    assert!(
        form.status().is_redirection(),
        "sent to log in: {}",
        form.status()
    );
    assert_eq!(api_token::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_county_token_reads_its_county_only_and_phones_are_masked_unless_allowed() {
    let app = spawn_app().await;
    let (_, far_class, _) = county_evaluator_and_class_elsewhere(&app).await;
    let suichuan = county_id(&app, "遂川县").await;
    let mut her: trainee::ActiveModel = trainee::Entity::find()
        .filter(trainee::Column::Phone.eq(TRAINEE_PHONE))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    her.county_id = Set(Some(suichuan));
    her.update(&app.db).await.unwrap();

    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_owned())
            .collect()
    };
    // A classmate whose number was imported as a landline, which is no mobile to mask.
    let enrolled = app::entities::enrolment::Entity::find()
        .filter(app::entities::enrolment::Column::ClassId.eq(1))
        .all(&app.db)
        .await
        .unwrap();
    let mut classmate: trainee::ActiveModel = trainee::Entity::find()
        .filter(trainee::Column::Id.is_in(enrolled.iter().map(|e| e.trainee_id)))
        .filter(trainee::Column::Phone.ne(TRAINEE_PHONE))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    classmate.phone = Set("0796-8123456".into());
    classmate.update(&app.db).await.unwrap();

    let province = make_token(&app, "全省打码", None, false).await;
    let credits = app.api_json("/api/v1/classes/1/credits", &province).await;
    assert!(names(&credits).contains(&"李晓梅".to_owned()));
    assert!(!credits.to_string().contains("8123456"), "{credits}");
    let phones: Vec<&str> = credits["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["phone"].as_str().unwrap())
        .collect();
    assert!(
        phones.contains(&"138****8000") && !phones.contains(&TRAINEE_PHONE),
        "{phones:?}"
    );
    let full = make_token(&app, "全省完整", None, true).await;
    let credits = app.api_json("/api/v1/classes/1/credits", &full).await;
    assert!(credits.to_string().contains(TRAINEE_PHONE));

    let hers = make_token(&app, "遂川", Some("遂川县"), false).await;
    assert_eq!(
        names(&app.api_json("/api/v1/classes/1/credits", &hers).await),
        ["李晓梅"]
    );
    let elsewhere = make_token(&app, "万安", Some("万安县"), false).await;
    let response = app.api("/api/v1/classes/1/credits", Some(&elsewhere)).await;
    if response.status() == StatusCode::OK {
        let body: Value = response.json().await.unwrap();
        assert!(
            !names(&body).contains(&"李晓梅".to_owned()),
            "another county's trainee: {body}"
        );
    } else {
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
    // A class of a project that does not reach the county is refused, as on the pages, and
    // answered as if it did not exist: a 403 would tell the county it does.
    let far = app
        .api(
            &format!("/api/v1/classes/{far_class}/sessions"),
            Some(&hers),
        )
        .await;
    assert_problem(far, StatusCode::NOT_FOUND).await;
    let projects = app.api_json("/api/v1/projects?limit=200", &hers).await;
    let all = app.api_json("/api/v1/projects?limit=200", &province).await;
    let count = |v: &Value| v["items"].as_array().unwrap().len();
    assert!(
        count(&projects) < count(&all),
        "{} of {}",
        count(&projects),
        count(&all)
    );
}

#[tokio::test]
async fn lists_page_by_cursor_and_a_matching_etag_gets_304() {
    let app = spawn_app().await;
    let secret = make_token(&app, "平台", None, false).await;
    let mut ids = vec![];
    let mut path = "/api/v1/projects?limit=20".to_owned();
    loop {
        let page = app.api_json(&path, &secret).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 20);
        ids.extend(items.iter().map(|p| p["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/projects?limit=20&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(ids.len(), 78, "the 78 projects of 2022, each once");
    assert!(ids.windows(2).all(|w| w[0] < w[1]));

    let first = app.api("/api/v1/classes/1/sessions", Some(&secret)).await;
    let tag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(format!("{}/api/v1/classes/1/sessions", app.base))
        .bearer_auth(&secret)
        .header(header::IF_NONE_MATCH, &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.text().await.unwrap().is_empty());
    let stale = app
        .client
        .get(format!("{}/api/v1/classes/1/sessions", app.base))
        .bearer_auth(&secret)
        .header(header::IF_NONE_MATCH, "\"not-it\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_token_reads_its_own_programme_and_nothing_of_another_year() {
    use app::entities::{class, project};
    let app = spawn_app().await;
    let this_year = make_token(&app, "2022", None, false).await;
    // An earlier programme with one project and one class.
    let current = the_programme(&app).await;
    let earlier = programme::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        name: Set("2021年国培计划".into()),
        year: Set(current.year - 1),
        ..current.clone().into()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let first = project::Entity::find().one(&app.db).await.unwrap().unwrap();
    let old_project = project::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        programme_id: Set(earlier.id),
        name: Set("2021 年的项目".into()),
        ..first.into()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let old_class = class::Entity::find().one(&app.db).await.unwrap().unwrap();
    let old_class = class::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        project_id: Set(old_project.id),
        name: Set("2021 一班".into()),
        ..old_class.into()
    }
    .insert(&app.db)
    .await
    .unwrap();

    for path in [
        format!("/api/v1/projects/{}/classes", old_project.id),
        format!("/api/v1/classes/{}/sessions", old_class.id),
        format!("/api/v1/classes/{}/credits", old_class.id),
    ] {
        assert_problem(
            app.api(&path, Some(&this_year)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let projects = app.api_json("/api/v1/projects?limit=200", &this_year).await;
    assert!(!projects.to_string().contains("2021 年的项目"));

    let new = NewToken {
        name: "2021".into(),
        programme_id: earlier.id,
        county_id: None,
        expires_on: app::time::cst_today() + chrono::Duration::days(30),
        full_phones: false,
        writes_hours: false,
    };
    let last_year = token::create(&app.db, &admin(&app).await, new)
        .await
        .unwrap();
    let projects = app.api_json("/api/v1/projects", &last_year).await;
    let items = projects["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{projects}");
    assert_eq!(items[0]["name"], "2021 年的项目");
    let classes = app
        .api_json(
            &format!("/api/v1/projects/{}/classes", old_project.id),
            &last_year,
        )
        .await;
    assert_eq!(classes["items"][0]["name"], "2021 一班");
    assert_problem(
        app.api("/api/v1/classes/1/sessions", Some(&last_year))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
