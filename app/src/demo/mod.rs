//! The demo: the 2022 programme, a class in session today with its roster, attendance, a
//! survey and a visit, loaded through the real services. It sits above every domain, since
//! it fills all of them.
mod activity;

use crate::admin::seed::import_2022;
use crate::auth::service::{create_user, NewUser};
use crate::auth::{Me, Role};
use crate::db::{now, Db};
use crate::entities::{
    app_user, class, contractor, county, enrolment, programme, project, session, trainee,
};
use crate::error::AppError;
use crate::password::Hasher;
use crate::tabular::cells;
use crate::time::cst_today;
use crate::training::access::nominator;
use crate::training::nomination::{allocate, nominate};
use crate::training::roster::{import_roster, parse, RosterRow};
use sea_orm::{prelude::*, ActiveValue::Set};

const DEMO_ROSTER: &[u8] = include_bytes!("../../seed/demo-roster.csv");

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
    seed_class(db, hasher, user_id, phone, name, county_id).await
}

async fn seed_class(
    db: &Db,
    hasher: &Hasher,
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
    // The demo runs years after its 2022 tables: its programme's window reaches today, as an
    // admin would set it under 学时认定规则, so a class made in the demo today is accepted.
    let programme = programme::Entity::find_by_id(project.programme_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut window: programme::ActiveModel = programme.into();
    window.end_date = Set(Some(today + chrono::Duration::days(366)));
    window.update(db).await?;
    let class = class::ActiveModel {
        project_id: Set(project.id),
        name: Set("2022 年第 1 班（初中语文）".to_owned()),
        start_date: Set(today - chrono::Duration::days(1)),
        end_date: Set(today + chrono::Duration::days(5)),
        venue: Set(Some("江西师范大学瑶湖校区 先骕楼 201".to_owned())),
        head_teacher: Set(Some("王老师".to_owned())),
        capacity: Set(Some(60)),
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
        county_name: Set(Some(DEMO_COUNTY.to_owned())),
        subject: Set(Some("语文".to_owned())),
        stage: Set(Some("初中".to_owned())),
        issuer_contractor_id: Set(None),
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
    seed_sessions(db, class.id).await?;
    seed_roster(db, hasher, class.id).await?;
    activity::seed_attendance(db, class.id).await?;
    activity::seed_survey(db, class.id, class.end_date).await?;
    activity::seed_visit(db, class.id).await?;
    activity::seed_witness(db, class.id).await?;
    // The demo writes some rows straight to the tables, so its class is counted here.
    let txn = crate::db::begin_write(db).await?;
    crate::training::counts::refresh(&txn, &[class.id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Yesterday's two half-days, and one open right now so the projector and the scan page can
/// be tried at any hour.
async fn seed_sessions(db: &Db, class_id: i32) -> Result<(), AppError> {
    let today = cst_today();
    let yesterday = today - chrono::Duration::days(1);
    let at = |date, h, m| {
        crate::time::cst_instant(
            date,
            chrono::NaiveTime::from_hms_opt(h, m, 0).expect("valid time"),
        )
    };
    let sessions = [
        (
            "昨日上午：新课标解读（专家讲座）",
            yesterday,
            at(yesterday, 8, 30),
            at(yesterday, 11, 30),
        ),
        (
            "昨日下午：课例研讨",
            yesterday,
            at(yesterday, 14, 0),
            at(yesterday, 17, 0),
        ),
        (
            "现场签到演示：名师工作坊",
            today,
            now() - chrono::Duration::minutes(20),
            now() + chrono::Duration::hours(4),
        ),
    ];
    for (title, date, starts, ends) in sessions {
        session::ActiveModel {
            class_id: Set(class_id),
            title: Set(title.to_owned()),
            date: Set(date),
            starts_at: Set(starts),
            ends_at: Set(ends),
            venue: Set(Some("先骕楼 201".to_owned())),
            checkin_opens_min: Set(30),
            late_after_min: Set(30),
            checkout_required: Set(false),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A row of the contractor's own (承训单位自建): a phone no county sent, awaiting
/// 遂川县's confirmation, so the county's page and the class report have one to show.
const SELF_MADE_ROW: &str = "周自建,13907919999,遂川县雩田中学,遂川县,物理,初中\n";

/// The class's trainees are sent by their counties (issue 34): the province gives the
/// project places in 遂川县 and 泰和县, `suichuan` nominates its teachers and the province
/// 泰和县's, through the real services; then the contractor's roster import matches them,
/// plus one row of its own that waits for the county.
async fn seed_roster(db: &Db, hasher: &Hasher, class_id: i32) -> Result<(), AppError> {
    let login = |login: &'static str| async move {
        let u = app_user::Entity::find()
            .filter(app_user::Column::Login.eq(login))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok::<_, AppError>(Me {
            user_id: u.id,
            role: Role::parse(&u.role).ok_or(AppError::Internal)?,
            display_name: u.display_name,
            contractor_id: u.contractor_id,
            county_id: u.county_id,
        })
    };
    let (province, county, contractor) = (
        login("pinggu").await?,
        login("suichuan").await?,
        login("bnu").await?,
    );
    let project = class::Entity::find_by_id(class_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .project_id;
    let (province, county) = (nominator(&province)?, nominator(&county)?);
    for name in [DEMO_COUNTY, "泰和县"] {
        allocate(db, &province, project, name, "30").await?;
    }
    let rows = parse(&cells(DEMO_ROSTER).map_err(|m| AppError::internal("demo roster", m))?)
        .map_err(|e| AppError::internal("demo roster", format!("{e:?}")))?;
    let (ours, theirs): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|r| r.county.as_deref() == Some(DEMO_COUNTY));
    let me = trainee::Entity::find()
        .filter(trainee::Column::Phone.eq(DEMO_LOGINS[4].1))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut ours = ours;
    ours.push(RosterRow {
        line: 0,
        name: me.name,
        phone: crate::auth::Phone::parse(&me.phone).map_err(AppError::invalid)?,
        school: me.school,
        county: Some(DEMO_COUNTY.to_owned()),
        subject: me.subject,
        stage: me.stage,
        rural: true,
    });
    for (n, rows) in [(&county, ours), (&province, theirs)] {
        let report = nominate(db, n, project, rows).await?;
        if !report.errors.is_empty() {
            return Err(AppError::internal(
                "demo nominations",
                format!("{:?}", report.errors),
            ));
        }
    }
    let file = [DEMO_ROSTER, SELF_MADE_ROW.as_bytes()].concat();
    let who = (
        contractor.user_id,
        contractor.contractor_id.ok_or(AppError::NotFound)?,
    );
    let (_, report) = import_roster(db, who, class_id, ("demo-roster.csv", &file)).await?;
    if !report.errors.is_empty() {
        return Err(AppError::internal(
            "demo roster",
            format!("{:?}", report.errors),
        ));
    }
    activate_most(db, hasher, class_id).await
}

/// Most of the demo roster has chosen a PIN (a random one nobody is told); the last
/// `NOT_ACTIVATED` have not, so the slips page has someone to print for.
const NOT_ACTIVATED: usize = 3;

async fn activate_most(db: &Db, hasher: &Hasher, class_id: i32) -> Result<(), AppError> {
    let roster: Vec<trainee::Model> = crate::training::enrolment::roster_entries(db, class_id)
        .await?
        .into_iter()
        .filter_map(|(tr, counted)| counted.then_some(tr))
        .collect();
    let activated = roster.len().saturating_sub(NOT_ACTIVATED);
    for tr in roster
        .iter()
        .take(activated)
        .filter(|tr| tr.phone != DEMO_LOGINS[4].1)
    {
        let pin = format!("{:06}", rand::random_range(0..1_000_000u32));
        app_user::ActiveModel {
            id: Set(tr.user_id),
            password_hash: Set(hasher.hash_bulk(&pin).await?),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(())
}
