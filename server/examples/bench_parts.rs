//! Times each part of the evaluator's pages (the class report and the overviews) through
//! the service functions, best of 7, on the province-year `bench_dashboard sqlite` left in
//! target/bench-dashboard: where a page's time goes, to read beside `.dev/bench-pages`.
//!
//!     cargo run --release -p peixun --example bench_parts -- <class id>
use app::auth::{Me, Role};
use app::dashboard::metrics::{self, Classes, GroupBy, Selection};
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
    let sel = selection(Classes::Class(class_id), None, GroupBy::Class);
    t!("counts", metrics::counts(&db, sel, at).await.unwrap());
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
    // The overviews.
    t!(
        "programme_figures (province)",
        app::dashboard::service::programme_figures(&db, &me)
            .await
            .unwrap()
    );
    let prog = programme::Entity::find().one(&db).await.unwrap().unwrap();
    let county = county::Entity::find().one(&db).await.unwrap().unwrap();
    let whole = Classes::Programme(prog.id);
    for (name, county, group) in [
        ("counts per class", None, GroupBy::Class),
        ("counts per county", None, GroupBy::TraineeCounty),
        ("counts per class, county", Some(county.id), GroupBy::Class),
        (
            "counts per county, county",
            Some(county.id),
            GroupBy::TraineeCounty,
        ),
    ] {
        let sel = selection(whole, county, group);
        t!(name, metrics::counts(&db, sel, at).await.unwrap());
    }
    t!(
        "one_county_classes",
        metrics::one_county_classes(&db, prog.id).await.unwrap()
    );
    let sel = selection(whole, None, GroupBy::Class);
    t!(
        "checkins_on",
        metrics::checkins_on(&db, sel, app::time::cst_today())
            .await
            .unwrap()
    );
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
}

fn selection(classes: Classes, county: Option<i32>, group: GroupBy) -> Selection {
    Selection {
        classes,
        county,
        group,
    }
}
