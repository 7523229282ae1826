//! What a phone on a weak signal gets from the server (issue 14): files it may keep, pages it
//! must revalidate, and a tap it kept while offline.
use super::*;

/// A site folder as `cargo leptos build --release --precompress` leaves it: a hashed
/// stylesheet with its brotli copy beside it.
fn hashed_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("peixun-site-{}", rand_suffix()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/peixun.AbC123_-x.css"), "body{color:red}").unwrap();
    std::fs::write(root.join("pkg/peixun.AbC123_-x.css.br"), [0x0b, 0x07, 0x80]).unwrap();
    root
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_precompressed_and_pages_are_revalidated() {
    let mut options = startup::default_leptos_options();
    options.site_root = hashed_site().to_string_lossy().into_owned().into();
    options.hash_files = true;
    let app = spawn_app_on(options).await;
    let css = app
        .client
        .get(format!("{}/pkg/peixun.AbC123_-x.css", app.base))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        css.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // The brotli copy made at build time, not one compressed per request.
    assert_eq!(css.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(css.bytes().await.unwrap().as_ref(), [0x0b, 0x07, 0x80]);
    // A missing file is not cached for a year, and pages, which are personal, never are.
    let missing = app.get("/pkg/peixun.Zz9.css", "").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()[header::CACHE_CONTROL],
        "private, no-cache"
    );
    let trainee = app.login(Role::Trainee).await;
    for path in ["/login", "/", "/c/1"] {
        let page = app.get(path, &trainee).await;
        assert_eq!(
            page.headers()[header::CACHE_CONTROL],
            "private, no-cache",
            "{path}"
        );
    }
    // Installable: every page links the manifest (the hashed stylesheet's name comes from the
    // release build's hash.txt, checked in Playwright).
    let html = app.get("/login", "").await.text().await.unwrap();
    assert!(
        html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#),
        "{html}"
    );
}

#[tokio::test]
async fn only_a_trainees_pages_carry_the_script_that_sends_a_kept_tap() {
    let app = spawn_app().await;
    let carries = |html: &str| html.contains("peixun.taps");
    let visitor = app.get("/login", "").await.text().await.unwrap();
    assert!(!carries(&visitor), "a visitor's page sends no kept tap");
    let trainee = app.login(Role::Trainee).await;
    for path in ["/", "/hours", "/c/1"] {
        let html = app.get(path, &trainee).await.text().await.unwrap();
        assert!(carries(&html), "{path}");
    }
    let contractor = app.login(Role::Contractor).await;
    let staff = app.get("/", &contractor).await.text().await.unwrap();
    assert!(!carries(&staff));
}

#[tokio::test]
async fn a_kept_tap_is_recorded_at_its_tap_time_flagged_and_only_for_its_trainee() {
    use app::checkin::code::{step_at, SessionKey};
    use app::entities::{checkin, trainee};
    let app = spawn_app().await;
    let session = app.login(Role::Trainee).await;
    // The phone's device cookie: the page's signed note is bound to it.
    let cookie = format!("{session}; {}=phone-1", app::auth::guard::DEVICE_COOKIE);
    let me = trainee::Entity::find().one(&app.db).await.unwrap().unwrap();
    // The page was shown two minutes ago, tapped at once with the code then on the
    // projector, and sent now.
    let tapped = app::db::now().timestamp() - 120;
    let shown = app::checkin::kept::sign_shown(&[7; 32], 1, "phone-1", tapped);
    let typed = SessionKey::derive(&[7; 32], 1).typed_code(step_at(tapped));
    let tap = |who: i32, tapped: &str| {
        format!(
            "session=1&kind=in&typed={}&tapped={tapped}&shown={shown}&who={who}",
            typed.as_str()
        )
    };
    // Someone else logged in on the phone: refused in Chinese, nothing written.
    let other = app
        .post(
            "/api/checkin/tap",
            &tap(me.user_id + 1, &tapped.to_string()),
            Some(&cookie),
        )
        .await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other.text().await.unwrap().contains("另一位学员"));
    let garbage = app
        .post(
            "/api/checkin/tap",
            &tap(me.user_id, "9999999999999999"),
            Some(&cookie),
        )
        .await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the page's note the moment cannot be proven.
    let unproven = app
        .post(
            "/api/checkin/tap",
            &tap(me.user_id, &tapped.to_string()).replace("&shown=", "&x="),
            Some(&cookie),
        )
        .await;
    assert_eq!(unproven.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(checkin::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .is_empty());

    let response = app
        .post(
            "/api/checkin/tap",
            &tap(me.user_id, &tapped.to_string()),
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let rows = checkin::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].at.timestamp(), tapped);
    assert!(
        rows[0].delay_s.is_some_and(|d| (120..130).contains(&d)),
        "{:?}",
        rows[0].delay_s
    );
    assert!(rows[0].flags.contains("delayed"), "{}", rows[0].flags);
}
