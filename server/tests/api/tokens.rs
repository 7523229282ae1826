//! A token's life: made by an admin and shown once, refused once its maker is no longer an
//! admin, audited with each use and held to its rate.
use super::*;

/// `name=value` of a cookie the response sets.
fn session_cookie_named(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

fn token_in(page: &str) -> String {
    let start = page.find(token::PREFIX).expect("the page shows the token");
    page[start..start + token::PREFIX.len() + 64].to_owned()
}

#[tokio::test]
async fn an_admin_makes_a_token_that_is_shown_once_and_kept_only_as_its_hash() {
    let app = spawn_app().await;
    let admin = app.login(Role::Admin).await;
    let programme_id = the_programme(&app).await.id;
    let expires = app::time::cst_today() + chrono::Duration::days(30);
    let form = format!("name=%E7%9C%81%E5%B9%B3%E5%8F%B0&programme_id={programme_id}&county_id=&expires_on={expires}");
    let response = app
        .post(app::platform::TOKEN_CREATE_PATH, &form, Some(&admin))
        .await;
    // Post, redirect, get: reloading the page that shows the token makes no second one.
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        app::platform::TOKEN_CREATE_PATH
    );
    let carried = session_cookie_named(&response, "peixun_new_token");
    // The cookie carrying it stays on this path, out of scripts and other sites, and off
    // the browser's disk.
    let attributes = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["Path=/admin/api-tokens", "HttpOnly", "SameSite=Strict"] {
        assert!(attributes.contains(attribute), "{attributes}");
    }
    assert!(!attributes.contains("Max-Age"), "{attributes}");
    // Another admin on the same browser does not get to see it.
    create_user(
        &app.db,
        &app::password::Hasher::new(1),
        NewUser {
            role: Role::Admin,
            login: "admin2".into(),
            display_name: "另一位管理员".into(),
            secret: PASSWORD.into(),
            contractor_id: None,
            county_id: None,
        },
        None,
    )
    .await
    .unwrap();
    let other = app.login_as("admin2").await;
    let theirs = app
        .get(
            app::platform::TOKEN_CREATE_PATH,
            &format!("{other}; {carried}"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(theirs.contains(app::i18n::t::TOKEN_GONE) && !theirs.contains(token::PREFIX));
    let shown = app
        .get(
            app::platform::TOKEN_CREATE_PATH,
            &format!("{admin}; {carried}"),
        )
        .await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()[header::CACHE_CONTROL], "no-store");
    let cleared = shown.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cleared.starts_with("peixun_new_token=;") && cleared.contains("Max-Age=0"));
    let page = shown.text().await.unwrap();
    let secret = token_in(&page);
    assert!(page.contains("唯一一次显示"));
    // Reloaded once the cookie is gone, the page says so and shows no token.
    let again = app.get(app::platform::TOKEN_CREATE_PATH, &admin).await;
    let again = again.text().await.unwrap();
    assert!(again.contains(app::i18n::t::TOKEN_GONE) && !again.contains(token::PREFIX));

    let rows = api_token::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "省平台");
    assert_eq!(
        rows[0].token_hash,
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()))
    );
    assert!(!format!("{rows:?}").contains(&secret[token::PREFIX.len()..]));
    // The admin's list names it and never shows it again.
    let list = app
        .post("/api/platform/tokens", "", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("省平台") && !list.contains(&secret));
    assert_eq!(
        app.api("/api/v1/projects", Some(&secret)).await.status(),
        StatusCode::OK
    );

    // Only an admin makes one, and a bad form says why in Chinese and makes none.
    for role in [Role::Evaluator, Role::Contractor, Role::Trainee] {
        let cookie = app.login(role).await;
        let status = app
            .post(app::platform::TOKEN_CREATE_PATH, &form, Some(&cookie))
            .await
            .status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?}");
    }
    let past = form.replace(&expires.to_string(), "2020-01-01");
    let refused = app
        .post(app::platform::TOKEN_CREATE_PATH, &past, Some(&admin))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains(app::i18n::t::ERR_TOKEN_EXPIRY));
    assert_eq!(api_token::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_token_stops_reading_when_its_maker_is_no_longer_an_active_admin() {
    use app::entities::app_user;
    let app = spawn_app().await;
    let secret = make_token(&app, "平台", None, false).await;
    let maker = admin(&app).await.user_id;
    let set = |role: &'static str, active: bool| {
        let db = app.db.clone();
        async move {
            let mut user: app_user::ActiveModel = app_user::Entity::find_by_id(maker)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .into();
            user.role = Set(role.into());
            user.active = Set(active);
            user.update(&db).await.unwrap();
        }
    };
    assert_eq!(
        app.api("/api/v1/projects", Some(&secret)).await.status(),
        StatusCode::OK
    );
    set("evaluator", true).await;
    for _ in 0..3 {
        assert_problem(
            app.api("/api/v1/projects", Some(&secret)).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    set("admin", false).await;
    assert_problem(
        app.api("/api/v1/projects", Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    set("admin", true).await;
    assert_eq!(
        app.api("/api/v1/projects", Some(&secret)).await.status(),
        StatusCode::OK
    );
    // The refusals are on record under the token's name, once a minute however many came:
    // a leaked token's flood costs no write per request.
    let refused = audit_log::Entity::find()
        .filter(audit_log::Column::Detail.contains("token=平台"))
        .filter(audit_log::Column::Detail.contains("status=401"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(refused, 1);
}

#[tokio::test]
async fn each_use_is_audited_with_the_token_name_and_the_rate_is_limited() {
    let app = spawn_app().await;
    let secret = make_token(&app, "省平台同步", None, false).await;
    let limit = token::RATE.attempts as usize;
    for _ in 0..limit {
        assert_eq!(
            app.api("/api/v1/classes/1/visits", Some(&secret))
                .await
                .status(),
            StatusCode::OK
        );
    }
    let over = app.api("/api/v1/classes/1/visits", Some(&secret)).await;
    assert!(over.headers().contains_key(header::RETRY_AFTER));
    assert_problem(over, StatusCode::TOO_MANY_REQUESTS).await;
    // Another token keeps its own rate.
    let other = make_token(&app, "县平台", None, false).await;
    assert_eq!(
        app.api("/api/v1/classes/1/visits", Some(&other))
            .await
            .status(),
        StatusCode::OK
    );

    let reads = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("api_read"))
        .filter(audit_log::Column::Detail.contains("token=省平台同步"))
        .filter(audit_log::Column::Detail.contains("status=200"))
        .filter(audit_log::Column::Target.eq("/api/v1/classes/1/visits"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(reads as usize, limit, "one audit row per use let through");
    // Past the rate, the refusals are answered from memory: one on record a minute, with
    // the caller's address, and the shared counter stays where the rate stopped it.
    for _ in 0..5 {
        let status = app
            .api("/api/v1/classes/1/visits", Some(&secret))
            .await
            .status();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    }
    let refusals = audit_log::Entity::find()
        .filter(audit_log::Column::Detail.contains("token=省平台同步"))
        .filter(audit_log::Column::Detail.contains("status=429"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0].ip.as_deref(), Some("127.0.0.1"));
    let counted = app::entities::login_throttle::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.key.starts_with("api"))
        .unwrap();
    assert_eq!(counted.failures, token::RATE.attempts);
}

/// Issue 34: a contractor's file of hours is its own word; the platform's log is 平台核验 only
/// when a token the admin made writable sends it. A read-only token is refused, and so is
/// every rule a contractor's file obeys (here: a date in the future).
#[tokio::test]
async fn only_a_writable_token_sends_the_platforms_hours_and_they_are_stored_as_verified() {
    use app::entities::online_hours;
    use app::states::HoursState;
    let app = spawn_app().await;
    let today = app::time::cst_today();
    let log = |date: chrono::NaiveDate| {
        format!("手机号,课程,分钟,日期\n{TRAINEE_PHONE},省平台课程,90,{date}\n")
    };
    let post = |token: String, body: String| {
        app.client
            .post(format!("{}/api/v1/classes/1/platform-hours", app.base))
            .bearer_auth(token)
            .body(body)
            .send()
    };
    let reader = make_token(&app, "只读", None, false).await;
    let refused = post(reader, log(today)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let writer = token_with(&app, "省线上研修平台", None, (false, true)).await;
    let later = post(writer.clone(), log(today + chrono::Duration::days(3)))
        .await
        .unwrap();
    assert_eq!(later.status(), StatusCode::OK);
    let body: Value = later.json().await.unwrap();
    assert_eq!(body["applied"], false, "{body}");
    assert_eq!(body["errors"][0]["line"], 2, "{body}");

    let sent = post(writer, log(today)).await.unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let body: Value = sent.json().await.unwrap();
    assert_eq!(
        (body["applied"].clone(), body["added"].clone()),
        (true.into(), 1.into())
    );
    let stored = online_hours::Entity::find()
        .filter(online_hours::Column::State.eq(HoursState::Verified))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1, "平台核验");
}
