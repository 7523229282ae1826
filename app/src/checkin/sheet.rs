//! The attendance sheet of a session, with the contractor's corrections. The original
//! check-in stays when corrected: marking absent revokes it, marking present revives it or
//! adds a manual row; each is audited.
use super::sheet_types::*;
use crate::auth::service::audit;
use crate::auth::{Me, Phone, Role};
use crate::db::{begin_write, lock_in, now, AdvisoryLock, Db};
use crate::entities::{checkin, class, enrolment, session};
use crate::error::AppError;
use crate::i18n::t;
use crate::states::{CheckinState, Flag, Kind, Method};
use crate::time::{hm, span};
use crate::training::access::{county_scope, find_session, owned_session, readable_class};
use crate::training::attendance::{attended, flagged};
use crate::training::checkin_counts::CheckinCounts;
use crate::training::enrolment::roster_entries;
use crate::training::form::required;
use sea_orm::sea_query::OnConflict;
use sea_orm::{prelude::*, ActiveValue::Set, DatabaseTransaction};

pub async fn session_checkins(db: &Db, session_id: i32) -> Result<Vec<checkin::Model>, AppError> {
    Ok(checkin::Entity::find()
        .filter(checkin::Column::SessionId.eq(session_id))
        .all(db)
        .await?)
}

pub async fn sheet(db: &Db, contractor_id: i32, session_id: i32) -> Result<Sheet, AppError> {
    let owned = owned_session(db, contractor_id, session_id).await?;
    build_sheet(db, owned.session, owned.class.into_model(), None, true).await
}

/// The sheet for whoever may read it: the class's contractor (with corrections), or an
/// evaluator in scope, who reads it only, and only its county's trainees if it has one.
pub async fn sheet_for(db: &Db, me: &Me, session_id: i32) -> Result<Sheet, AppError> {
    if me.role == Role::Contractor {
        return sheet(db, me.contractor_id.ok_or(AppError::Forbidden)?, session_id).await;
    }
    let s = find_session(db, session_id).await?;
    let readable = readable_class(db, me, s.class_id).await?;
    build_sheet(db, s, readable.class, county_scope(me), false).await
}

async fn build_sheet(
    db: &Db,
    s: session::Model,
    c: class::Model,
    county: Option<i32>,
    can_correct: bool,
) -> Result<Sheet, AppError> {
    let checkins = session_checkins(db, s.id).await?;
    let rows: Vec<SheetRow> = roster_entries(db, c.id)
        .await?
        .into_iter()
        .filter(|(tr, _)| county.is_none() || tr.county_id == county)
        .map(|(tr, counted)| {
            let find = |kind: Kind| {
                checkins
                    .iter()
                    .find(|r| r.trainee_id == tr.id && r.kind == kind)
            };
            let cin = find(Kind::In);
            let present = attended(&s, tr.id, &checkins);
            SheetRow {
                trainee_id: tr.id,
                phone: Phone::parse(&tr.phone)
                    .map(|p| p.masked())
                    .unwrap_or_default(),
                name: tr.name,
                school: tr.school,
                checked_in: valid(cin).map(|r| hm(r.at)),
                checked_out: valid(find(Kind::Out)).map(|r| hm(r.at)),
                method: cin.map(|r| r.method.label().to_owned()),
                flags: cin
                    .map(|r| Flag::labels(&r.flags, r.delay_s))
                    .unwrap_or_default(),
                present,
                correction: cin.and_then(|r| r.correction_reason.clone()),
                counted,
                flagged: valid(cin).is_some_and(flagged),
            }
        })
        .collect();
    Ok(Sheet {
        session_id: s.id,
        class_id: c.id,
        can_correct,
        present: rows.iter().filter(|r| r.counted && r.present).count() as u64,
        flagged: rows.iter().filter(|r| r.counted && r.flagged).count() as u64,
        title: s.title.clone(),
        class_name: c.name,
        when: span(s.date, s.starts_at, s.ends_at),
        rows,
    })
}

pub struct Correction {
    pub session_id: i32,
    pub trainee_id: i32,
    pub present: bool,
    pub reason: String,
}

/// Marks a trainee present or absent. The original check-in stays: marking absent sets its
/// state to revoked, marking present revives it or adds a manual row; each is audited.
pub async fn correct(
    db: &Db,
    actor: i32,
    contractor_id: i32,
    fix: Correction,
) -> Result<(), AppError> {
    let owned = owned_session(db, contractor_id, fix.session_id).await?;
    let (s, c) = (&owned.session, &owned.class);
    let reason = required(&fix.reason, t::ERR_REASON_REQUIRED)?;
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(c.id))
        .filter(enrolment::Column::TraineeId.eq(fix.trainee_id))
        .one(db)
        .await?;
    if enrolled.is_none() {
        return Err(AppError::NotFound);
    }
    let txn = begin_write(db).await?;
    // The check-in writer locks a session before touching its rows (several servers on one
    // PostgreSQL); a correction takes the same lock first, so the two never wait on each
    // other's rows in opposite orders.
    lock_in(&txn, AdvisoryLock::SessionCheckins, s.id).await?;
    let counts = CheckinCounts::before(&txn, &[s.id], &[fix.trainee_id]).await?;
    let state = if fix.present {
        CheckinState::Valid
    } else {
        CheckinState::Revoked
    };
    let fixed = Fixed {
        session_id: s.id,
        trainee_id: fix.trainee_id,
        actor,
        reason: &reason,
    };
    fixed.set(&txn, Kind::In, state).await?;
    // Present means attended (training::attendance): where the session requires check-out,
    // the correction stands for both records.
    if fix.present && s.checkout_required {
        fixed.set(&txn, Kind::Out, state).await?;
    }
    let target = format!("session:{} trainee:{}", s.id, fix.trainee_id);
    let detail = format!(
        "{}: {reason}",
        if fix.present { "valid" } else { "revoked" }
    );
    audit(&txn, Some(actor), "correct_checkin", &target, &detail, None).await?;
    counts.apply(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// One trainee's correction on one session, written record by record.
struct Fixed<'a> {
    session_id: i32,
    trainee_id: i32,
    actor: i32,
    reason: &'a str,
}

impl Fixed<'_> {
    /// Sets the state of the trainee's `kind` record, keeping the original; with no record,
    /// marking present adds a manual one, and marking absent has nothing to change.
    async fn set(
        &self,
        txn: &DatabaseTransaction,
        kind: Kind,
        state: CheckinState,
    ) -> Result<(), AppError> {
        let find = || {
            checkin::Entity::find()
                .filter(checkin::Column::SessionId.eq(self.session_id))
                .filter(checkin::Column::TraineeId.eq(self.trainee_id))
                .filter(checkin::Column::Kind.eq(kind))
                .one(txn)
        };
        let mut existing = find().await?;
        if existing.is_none() && state == CheckinState::Valid {
            let manual = checkin::ActiveModel {
                session_id: Set(self.session_id),
                trainee_id: Set(self.trainee_id),
                kind: Set(kind),
                at: Set(now()),
                method: Set(Method::Manual),
                flags: Set(String::new()),
                state: Set(CheckinState::Valid),
                correction_reason: Set(Some(self.reason.to_owned())),
                corrected_by: Set(Some(self.actor)),
                corrected_at: Set(Some(now())),
                ..Default::default()
            };
            let columns = [
                checkin::Column::SessionId,
                checkin::Column::TraineeId,
                checkin::Column::Kind,
            ];
            let inserted = checkin::Entity::insert(manual)
                .on_conflict(OnConflict::columns(columns).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await?;
            if inserted > 0 {
                return Ok(());
            }
            // The trainee's own tap landed between the read and the insert (PostgreSQL lets
            // them overlap): that record is the one to correct.
            existing = find().await?;
        }
        if let Some(row) = existing {
            let mut row: checkin::ActiveModel = row.into();
            row.state = Set(state);
            row.correction_reason = Set(Some(self.reason.to_owned()));
            row.corrected_by = Set(Some(self.actor));
            row.corrected_at = Set(Some(now()));
            row.update(txn).await?;
        }
        Ok(())
    }
}

fn valid(r: Option<&checkin::Model>) -> Option<&checkin::Model> {
    r.filter(|r| r.state == CheckinState::Valid)
}
