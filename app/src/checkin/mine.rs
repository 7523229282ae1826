//! The trainee's own attendance: every session of their classes, with what they did.
use super::types::*;
use crate::db::Db;
use crate::entities::{app_user, checkin, class, session};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{CheckinState, Disputed, Flag, Kind};
use crate::time::{hm, span};
use crate::training::enrolment::{class_ids_of, trainee_of};
use chrono::{Duration, Utc};
use sea_orm::{prelude::*, QueryOrder};
use std::collections::HashMap;

/// Every session of every class the trainee is on, with what they did.
pub async fn my_attendance(db: &Db, user_id: i32) -> Result<Vec<MySessionRow>, AppError> {
    let Some(me) = trainee_of(db, user_id).await? else {
        return Ok(vec![]);
    };
    let classes: HashMap<i32, String> = class::Entity::find()
        .filter(class::Column::Id.is_in(class_ids_of(db, me.id).await?))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let sessions = session::Entity::find()
        .filter(session::Column::ClassId.is_in(classes.keys().copied()))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?;
    // Revoked records too: a check-in the contractor corrected to absent is shown with who
    // did it, when and why (issue 34, the trainee as witness).
    let all = checkin::Entity::find()
        .filter(checkin::Column::TraineeId.eq(me.id))
        .all(db)
        .await?;
    let staff: HashMap<i32, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(all.iter().filter_map(|r| r.corrected_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let disputed = crate::training::dispute::mine(db, me.id).await?;
    let rows: Vec<&checkin::Model> = all
        .iter()
        .filter(|r| r.state == CheckinState::Valid)
        .collect();
    let now = Utc::now();
    Ok(sessions
        .into_iter()
        .map(|s| {
            let mine = |kind: Kind| {
                rows.iter()
                    .copied()
                    .find(|r| r.session_id == s.id && r.kind == kind)
            };
            let corrected = all
                .iter()
                .filter(|r| r.session_id == s.id && r.kind == Kind::In)
                .find_map(|r| {
                    let who = staff.get(&r.corrected_by?)?;
                    let when = r.corrected_at.map(crate::time::cst).unwrap_or_default();
                    let why = r.correction_reason.as_deref().unwrap_or_default();
                    let present = r.state == CheckinState::Valid;
                    Some(t::correction_note(who, &when, why, present))
                });
            let (cin, cout) = (mine(Kind::In), mine(Kind::Out));
            let status = match (cin, cout) {
                (Some(_), None) if s.checkout_required && now > s.ends_at => t::STATUS_NO_CHECKOUT,
                (Some(_), _) => t::STATUS_PRESENT,
                (None, _) if now < s.starts_at => t::STATUS_UPCOMING,
                (None, _) if now <= s.ends_at => t::STATUS_ONGOING,
                (None, _) => t::STATUS_ABSENT,
            };
            let opens = s.starts_at - Duration::minutes(s.checkin_opens_min as i64);
            MySessionRow {
                session_id: s.id,
                open: cin.is_none() && (opens..=s.ends_at).contains(&now),
                class_name: classes.get(&s.class_id).cloned().unwrap_or_default(),
                title: s.title.clone(),
                when: span(s.date, s.starts_at, s.ends_at),
                status: status.to_owned(),
                checked_in: cin.map(|r| hm(r.at)),
                checked_out: cout.map(|r| hm(r.at)),
                flags: cin
                    .map(|r| Flag::labels(&r.flags, r.delay_s))
                    .unwrap_or_default(),
                correction: corrected,
                held: s.starts_at <= now,
                disputed: disputed.contains(&(Disputed::Session, s.id)),
            }
        })
        .collect())
}
