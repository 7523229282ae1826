//! Who sees which projects, on SQLite and PostgreSQL.
use crate::support;

use app::admin::seed::import_2022;
use app::auth::Role;
use app::dashboard::service::{contractor_projects, programme_projects};
use app::dashboard::{ProjectFilter, NO_CONTRACTOR};
use app::entities::contractor;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn a_province_evaluator_sees_all_78_projects_and_can_filter_them() {
    on_each_database!(|db| {
        import_2022(db).await.unwrap();
        let me = support::user(db, Role::Evaluator, "pinggu", "long-enough-pw", None, None).await;
        let all = programme_projects(db, &me, &ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(all.projects.len(), 78);
        assert_eq!(
            all.projects
                .iter()
                .map(|p| i64::from(p.headcount))
                .sum::<i64>(),
            108_610
        );
        let unawarded = ProjectFilter {
            contractor: NO_CONTRACTOR.into(),
            ..Default::default()
        };
        assert_eq!(
            programme_projects(db, &me, &unawarded)
                .await
                .unwrap()
                .projects
                .len(),
            18
        );
        let province = ProjectFilter {
            scope: "province".into(),
            ..Default::default()
        };
        assert_eq!(
            programme_projects(db, &me, &province)
                .await
                .unwrap()
                .projects
                .len(),
            43
        );
    });
}

#[tokio::test]
async fn a_county_evaluator_sees_only_projects_that_reach_the_county() {
    on_each_database!(|db| {
        import_2022(db).await.unwrap();
        // 遂川县 is a 示范县: province-wide projects (43), none of the category rows (项目县,
        // 振兴帮扶县), and the rows naming it (东乡县、遂川县 and twice the 9-county list).
        let suichuan = support::county_id(db, "遂川县").await;
        let me = support::user(
            db,
            Role::Evaluator,
            "suichuan",
            "long-enough-pw",
            None,
            Some(suichuan),
        )
        .await;
        let list = programme_projects(db, &me, &ProjectFilter::default())
            .await
            .unwrap();
        assert_eq!(list.county.as_deref(), Some("遂川县"));
        assert_eq!(list.projects.len(), 43 + 3);
        assert!(list
            .projects
            .iter()
            .all(|p| p.scope == "全省" || p.scope.contains("遂川县")));
    });
}

#[tokio::test]
async fn a_contractor_sees_only_its_own_projects() {
    on_each_database!(|db| {
        import_2022(db).await.unwrap();
        let bnu = contractor::Entity::find()
            .filter(contractor::Column::Name.eq("北京师范大学"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let projects = contractor_projects(db, bnu.id).await.unwrap();
        assert!(!projects.is_empty());
        assert!(projects
            .iter()
            .all(|p| p.contractor.as_deref() == Some("北京师范大学")));
    });
}
