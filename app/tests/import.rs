//! The programme import, on the real 2022 annex tables, on SQLite and PostgreSQL.
use crate::support;

use app::admin::directory::merge_contractor;
use app::admin::seed::{import_2022, COUNTIES_TSV, PROJECTS_TSV};
use app::admin::service::{import_programme, ImportInput};
use app::entities::{contractor, contractor_alias, county, project, project_county};
use sea_orm::{EntityTrait, PaginatorTrait};

async fn counts(db: &app::db::Db) -> [u64; 5] {
    [
        project::Entity::find().count(db).await.unwrap(),
        county::Entity::find().count(db).await.unwrap(),
        contractor::Entity::find().count(db).await.unwrap(),
        project_county::Entity::find().count(db).await.unwrap(),
        contractor_alias::Entity::find().count(db).await.unwrap(),
    ]
}

#[tokio::test]
async fn importing_2022_reports_every_figure_the_notice_has() {
    on_each_database!(|db| {
        let report = import_2022(db).await.unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.projects, 78);
        assert_eq!(report.places, 108_610);
        assert_eq!(report.without_contractor.len(), 18);
        assert_eq!(report.counties, 56);
        let mut unknown: Vec<&str> = report
            .unknown_counties
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        unknown.sort();
        let mut expected = [
            "乐平县",
            "东乡县",
            "南康县",
            "永新县",
            "莲花县",
            "余干县",
            "芦溪县",
            "丰城市",
            "婺源县",
            "玉山县",
        ];
        expected.sort();
        assert_eq!(unknown, expected);
        let nankang = report
            .unknown_counties
            .iter()
            .find(|c| c.name == "南康县")
            .unwrap();
        assert_eq!(nankang.lines.len(), 2, "南康县 appears in two rows");
        let pairs: Vec<(&str, &str)> = report
            .alias_pairs
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "北京继教网教育科技有限公司",
                    "北京继教网教育科技发展有限公司"
                ),
                (
                    "长春东师学思教育科技有限公司",
                    "长春东师学思教育科技发展有限公司"
                ),
            ]
        );
        assert_eq!(
            counts(db).await[2],
            25,
            "each of the 25 spellings is created once; none is merged silently"
        );
    });
}

#[tokio::test]
async fn importing_the_same_files_again_changes_nothing() {
    on_each_database!(|db| {
        import_2022(db).await.unwrap();
        let before = counts(db).await;
        let again = import_2022(db).await.unwrap();
        assert_eq!(counts(db).await, before);
        assert_eq!(again.changed_projects, 0);
        assert_eq!(again.new_contractors, 0);
        assert_eq!(again.projects, 78);
    });
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_line_numbers_and_imports_nothing() {
    on_each_database!(|db| {
        let text = String::from_utf8(PROJECTS_TSV.to_vec()).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[5] = lines[5].replace("\t360\t", "\t三百六十\t");
        lines[9] = "只有一列".to_owned();
        let broken = lines.join("\n");
        let input = ImportInput {
            programme: "国培计划（2022）",
            year: 2022,
            projects_file: ("projects.tsv", broken.as_bytes()),
            counties_file: ("counties.tsv", COUNTIES_TSV),
        };
        let (_, report) = import_programme(db, input, None).await.unwrap();
        let lines: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [10], "{:?}", report.errors);
        assert!(report.errors[0].message.contains("应有 7 列"));
        assert_eq!(counts(db).await, [0, 0, 0, 0, 0], "nothing half-written");
    });
}

#[tokio::test]
async fn a_bad_headcount_is_reported_on_its_line() {
    on_each_database!(|db| {
        let text = String::from_utf8(PROJECTS_TSV.to_vec()).unwrap();
        let broken = text.replacen("\t360\t", "\t三百六十\t", 1);
        let input = ImportInput {
            programme: "国培计划（2022）",
            year: 2022,
            projects_file: ("projects.tsv", broken.as_bytes()),
            counties_file: ("counties.tsv", COUNTIES_TSV),
        };
        let (_, report) = import_programme(db, input, None).await.unwrap();
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].line, 2);
        assert!(report.errors[0].message.contains("三百六十"));
        assert_eq!(counts(db).await[0], 0);
    });
}

#[tokio::test]
async fn merging_an_alias_moves_its_projects_and_later_imports_resolve_the_alias() {
    on_each_database!(|db| {
        let report = import_2022(db).await.unwrap();
        let pair = report.alias_pairs[0].clone();
        let admin = support::user(
            db,
            app::auth::Role::Admin,
            "root",
            "long-enough-password",
            None,
            None,
        )
        .await;
        merge_contractor(db, pair.b_id, pair.a_id, admin.user_id)
            .await
            .unwrap();
        let again = import_2022(db).await.unwrap();
        assert_eq!(
            again.alias_pairs.len(),
            1,
            "the merged pair is no longer reported"
        );
        assert_eq!(
            again.new_contractors, 0,
            "the alias resolves to the kept contractor"
        );
        assert_eq!(again.changed_projects, 0);
        assert!(contractor::Entity::find_by_id(pair.b_id)
            .one(db)
            .await
            .unwrap()
            .is_none());
    });
}
