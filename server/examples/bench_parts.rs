//! Times each part of the evaluator's pages (the class report and the overviews) through
//! the service functions, best of 7, on the province-year `bench_dashboard sqlite` left in
//! target/bench-dashboard: where a page's time goes, to read beside `.dev/bench-pages`.
//!
//!     cargo run --release -p peixun --example bench_parts -- <class id>
use app::auth::{Me, Role};
use app::entities::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Instant;

/// Best of 7 runs, in ms.
macro_rules! t {
    ($name:expr, $e:expr) => {{
        let mut best = f64::MAX;
        for _ in 0..7 {
            let s = Instant::now();
            let _ = $e;
            best = best.min(s.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{:40} {:8.2} ms", $name, best);
    }};
}

#[tokio::main]
async fn main() {
    let w = app::db::connect("sqlite://target/bench-dashboard/peixun.db")
        .await
        .unwrap();
    let db = app::db::connect_reader("sqlite://target/bench-dashboard/peixun.db", &w)
        .await
        .unwrap();
    let class_id: i32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .expect("usage: bench_parts <class id>");
    let me = Me {
        user_id: 1,
        role: Role::Evaluator,
        display_name: "x".into(),
        contractor_id: None,
        county_id: None,
    };
    let c = class::Entity::find_by_id(class_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let s = survey::Entity::find()
        .filter(survey::Column::ClassId.eq(class_id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let at = app::db::now();
    t!(
        "class_report",
        app::dashboard::report::class_report(&db, &me, class_id)
            .await
            .unwrap()
    );
    t!(
        "readable_class",
        app::training::access::readable_class(&db, &me, class_id)
            .await
            .unwrap()
    );
    let sel = app::dashboard::metrics::Selection {
        classes: app::dashboard::metrics::Classes::Class(class_id),
        county: None,
        group: app::dashboard::metrics::GroupBy::Class,
    };
    t!(
        "counts",
        app::dashboard::metrics::counts(&db, sel, at).await.unwrap()
    );
    t!(
        "roster_ids",
        app::dashboard::report::roster_ids(&db, class_id, None)
            .await
            .unwrap()
    );
    t!(
        "sessions",
        app::dashboard::report::sessions(&db, class_id, None, 50, at)
            .await
            .unwrap()
    );
    t!(
        "class_results",
        app::survey::results::class_results(&db, &me, class_id)
            .await
            .unwrap()
    );
    t!(
        "attendees",
        app::survey::submission::attendees(&db, &[class_id])
            .await
            .unwrap()
    );
    t!(
        "stuffing",
        app::survey::integrity::stuffing(&db, &c, &s, at)
            .await
            .unwrap()
    );
    t!(
        "class_visits",
        app::dashboard::visits::class_visits(&db, &me, class_id, app::time::cst_today())
            .await
            .unwrap()
    );
    // overview
    t!(
        "programme_figures (province)",
        app::dashboard::service::programme_figures(&db, &me)
            .await
            .unwrap()
    );
    let prog = programme::Entity::find().one(&db).await.unwrap().unwrap();
    let selp = app::dashboard::metrics::Selection {
        classes: app::dashboard::metrics::Classes::Programme(prog.id),
        county: None,
        group: app::dashboard::metrics::GroupBy::Class,
    };
    t!(
        "counts per class",
        app::dashboard::metrics::counts(&db, selp, at)
            .await
            .unwrap()
    );
    let selc = app::dashboard::metrics::Selection {
        group: app::dashboard::metrics::GroupBy::TraineeCounty,
        ..selp
    };
    t!(
        "counts per county",
        app::dashboard::metrics::counts(&db, selc, at)
            .await
            .unwrap()
    );
    t!(
        "one_county_classes",
        app::dashboard::metrics::one_county_classes(&db, prog.id)
            .await
            .unwrap()
    );
    t!(
        "checkins_on",
        app::dashboard::metrics::checkins_on(&db, selp, app::time::cst_today())
            .await
            .unwrap()
    );
    let county = county::Entity::find().one(&db).await.unwrap().unwrap();
    let mec = Me {
        county_id: Some(county.id),
        ..me.clone()
    };
    t!(
        "programme_figures (county)",
        app::dashboard::service::programme_figures(&db, &mec)
            .await
            .unwrap()
    );
    let selcc = app::dashboard::metrics::Selection {
        county: Some(county.id),
        ..selp
    };
    t!(
        "counts per class, county",
        app::dashboard::metrics::counts(&db, selcc, at)
            .await
            .unwrap()
    );
    let selcy = app::dashboard::metrics::Selection {
        county: Some(county.id),
        ..selc
    };
    t!(
        "counts per county, county",
        app::dashboard::metrics::counts(&db, selcy, at)
            .await
            .unwrap()
    );
}
