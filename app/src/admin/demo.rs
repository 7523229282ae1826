//! Demo data for the run command: the real 2022 programme plus one account per role and a
//! class in session today, so a newcomer sees every page working at once.
use super::service::{import_programme, ImportInput};
use crate::auth::service::{create_user, Hasher, NewUser};
use crate::auth::Role;
use crate::checkin::service::cst_today;
use crate::db::{now, Db};
use crate::entities::{app_user, class, contractor, county, enrolment, project, trainee};
use crate::error::AppError;
use sea_orm::{prelude::*, ActiveValue::Set};

pub const PROJECTS_TSV: &[u8] = include_bytes!("../../seed/guopei-2022-projects.tsv");
pub const COUNTIES_TSV: &[u8] = include_bytes!("../../seed/guopei-2022-counties.tsv");
pub const PROGRAMME: &str = "国培计划（2022）";

/// One login per role, printed by the run command. Demo only: real accounts come from
/// `peixun create-admin` and the admin pages.
pub const DEMO_LOGINS: [(Role, &str, &str); 5] = [
    (Role::Admin, "admin", "demo-admin-2022"),
    (Role::Evaluator, "pinggu", "demo-pinggu-2022"),
    (Role::Evaluator, "suichuan", "demo-suichuan-2022"),
    (Role::Contractor, "bnu", "demo-bnu-2022"),
    (Role::Trainee, "13800138000", "246810"),
];
const DEMO_CONTRACTOR: &str = "北京师范大学";
const DEMO_PROJECT: &str = "乡村中学优秀教师高级研修";
const DEMO_COUNTY: &str = "遂川县";

pub async fn import_2022(db: &Db) -> Result<super::ImportReport, AppError> {
    let input = ImportInput {
        programme: PROGRAMME,
        year: 2022,
        projects_file: ("guopei-2022-projects.tsv", PROJECTS_TSV),
        counties_file: ("guopei-2022-counties.tsv", COUNTIES_TSV),
    };
    Ok(import_programme(db, input, None).await?.1)
}

/// Loads the demo once; later starts find the admin account and leave everything as it is.
pub async fn seed(db: &Db, hasher: &Hasher) -> Result<(), AppError> {
    if app_user::Entity::find()
        .filter(app_user::Column::Login.eq("admin"))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    import_2022(db).await?;
    let contractor_id = contractor::Entity::find()
        .filter(contractor::Column::Name.eq(DEMO_CONTRACTOR))
        .one(db)
        .await?
        .map(|c| c.id);
    let county_id = county::Entity::find()
        .filter(county::Column::Name.eq(DEMO_COUNTY))
        .one(db)
        .await?
        .map(|c| c.id);
    let names = [
        "系统管理员",
        "省评估专家",
        "遂川县评估专家",
        "北师大项目办",
        "李晓梅",
    ];
    let mut trainee_user = None;
    for ((role, login, secret), name) in DEMO_LOGINS.into_iter().zip(names) {
        let user = NewUser {
            role,
            login: login.to_owned(),
            display_name: name.to_owned(),
            secret: secret.to_owned(),
            contractor_id,
            county_id: county_id.filter(|_| login == "suichuan" || role == Role::Trainee),
        };
        let id = create_user(db, hasher, user, None).await?;
        if role == Role::Trainee {
            trainee_user = Some((id, login, name));
        }
    }
    let (user_id, phone, name) = trainee_user.ok_or(AppError::Internal)?;
    seed_class(db, user_id, phone, name, county_id).await
}

async fn seed_class(
    db: &Db,
    user_id: i32,
    phone: &str,
    name: &str,
    county_id: Option<i32>,
) -> Result<(), AppError> {
    let project = project::Entity::find()
        .filter(project::Column::Name.eq(DEMO_PROJECT))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = cst_today();
    let class = class::ActiveModel {
        project_id: Set(project.id),
        name: Set("2022 年第 1 班（初中语文）".to_owned()),
        start_date: Set(today - chrono::Duration::days(1)),
        end_date: Set(today + chrono::Duration::days(5)),
        venue: Set(Some("江西师范大学瑶湖校区 先骕楼 201".to_owned())),
        head_teacher: Set(Some("王老师".to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let trainee = trainee::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        phone: Set(phone.to_owned()),
        school: Set(Some("遂川县泉江中学".to_owned())),
        county_id: Set(county_id),
        subject: Set(Some("语文".to_owned())),
        stage: Set(Some("初中".to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    enrolment::ActiveModel {
        class_id: Set(class.id),
        trainee_id: Set(trainee.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
