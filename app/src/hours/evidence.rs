//! Evidence images on an hours record: images only (checked by their first bytes, not by
//! the name or the browser's word), at most 2 MB each and three per record, stored as files
//! under the data directory; the database keeps only their names and their bytes.
//!
//! Quotas (issue 35: one trainee stored 30 MB in a day, about 144 MB a class day with no
//! total, enough to fill the disk that holds the database). A phone photo sent through WeChat
//! is 0.2-0.5 MB and a screenshot of a study platform less; a trainee's 50 学时 are some 15-25
//! records. So 20 MB per trainee per class is ten times real use, and 600 MB per class is a
//! class of 60 at half that. Both are sums the write transaction reads under the class's lock,
//! so parallel uploads cannot pass them together.
use super::service::own_pending;
use super::types::names;
use crate::auth::Me;
use crate::db::{begin_write, lock_in, AdvisoryLock, Db};
use crate::entities::online_hours;
use crate::error::AppError;
use crate::i18n::t;
use crate::training::access::visible_record;
use sea_orm::{prelude::*, ActiveValue::Set, QuerySelect};
use std::path::Path;

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_PER_RECORD: usize = 3;
/// A trainee's images in one class, all records together.
pub const MAX_PER_TRAINEE_CLASS: i64 = 20 * 1024 * 1024;
/// All images of one class.
pub const MAX_PER_CLASS: i64 = 600 * 1024 * 1024;

/// The image type from the file's first bytes: (extension, MIME type).
pub fn image_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some(("png", "image/png")),
        [0xFF, 0xD8, 0xFF, ..] => Some(("jpg", "image/jpeg")),
        [b'G', b'I', b'F', b'8', ..] => Some(("gif", "image/gif")),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
            Some(("webp", "image/webp"))
        }
        _ => None,
    }
}

/// A stored name: the record's id, a dash, 32 hex digits and a known image extension, so
/// no path ever escapes the evidence directory and the record is found by its key. Names
/// stored before the id was part of them have the hex digits only.
pub fn mime_of(name: &str) -> Option<&'static str> {
    let (stem, ext) = name.split_once('.')?;
    let stem = match record_of(name) {
        Some(_) => stem.split_once('-')?.1,
        None => stem,
    };
    if stem.len() != 32 || !stem.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match ext {
        "png" => Some("image/png"),
        "jpg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Adds images to the trainee's own pending record. Every file is checked before any is
/// written, so a bad one leaves the record as it was.
pub async fn attach(
    db: &Db,
    dir: &Path,
    user_id: i32,
    record_id: i32,
    files: Vec<(String, Vec<u8>)>,
) -> Result<usize, AppError> {
    let row = own_pending(db, user_id, record_id).await?;
    let mut stored = names(&row.evidence);
    if files.is_empty() {
        return Err(AppError::invalid(t::ERR_EVIDENCE_NONE));
    }
    if stored.len() + files.len() > MAX_PER_RECORD {
        return Err(AppError::invalid(t::ERR_EVIDENCE_COUNT));
    }
    let mut checked = Vec::new();
    for (name, bytes) in files {
        if bytes.len() > MAX_BYTES {
            return Err(AppError::invalid(t::err_evidence_size(&name)));
        }
        let (ext, _) =
            image_kind(&bytes).ok_or_else(|| AppError::invalid(t::err_evidence_type(&name)))?;
        checked.push((
            format!(
                "{}-{}.{ext}",
                row.id,
                hex::encode(rand::random::<[u8; 16]>())
            ),
            bytes,
        ));
    }
    let written: Vec<String> = checked.iter().map(|(n, _)| n.clone()).collect();
    let adding: i64 = checked.iter().map(|(_, b)| b.len() as i64).sum();
    let result = async {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| AppError::internal("create evidence dir", e))?;
        for (name, bytes) in &checked {
            tokio::fs::write(dir.join(name), bytes)
                .await
                .map_err(|e| AppError::internal("write evidence", e))?;
        }
        // Files first, then the record, re-read under the write lock: parallel uploads or a
        // withdrawal in between cannot leave files no record names (issue 13 review).
        let txn = begin_write(db).await?;
        let row = own_pending(&txn, user_id, record_id).await?;
        stored = names(&row.evidence);
        if stored.len() + written.len() > MAX_PER_RECORD {
            return Err(AppError::invalid(t::ERR_EVIDENCE_COUNT));
        }
        lock_in(&txn, AdvisoryLock::ClassEvidence, row.class_id).await?;
        within_quotas(&txn, &row, adding).await?;
        stored.extend(written.iter().cloned());
        let bytes = row.evidence_bytes + adding;
        let mut row: online_hours::ActiveModel = row.into();
        row.evidence = Set(Some(stored.join(" ")));
        row.evidence_bytes = Set(bytes);
        row.update(&txn).await?;
        txn.commit().await?;
        Ok(written.len())
    }
    .await;
    if result.is_err() {
        remove(dir, &written).await;
    }
    result
}

/// Refuses `adding` bytes past the trainee's quota in the record's class or the class's own.
async fn within_quotas(
    txn: &impl ConnectionTrait,
    row: &online_hours::Model,
    adding: i64,
) -> Result<(), AppError> {
    let used = |trainee: Option<i32>| {
        // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back, on both databases.
        let mut q = online_hours::Entity::find()
            .select_only()
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(evidence_bytes), 0) AS BIGINT)"),
                "bytes",
            )
            .filter(online_hours::Column::ClassId.eq(row.class_id));
        if let Some(trainee) = trainee {
            q = q.filter(online_hours::Column::TraineeId.eq(trainee));
        }
        q.into_tuple::<i64>().one(txn)
    };
    let mine = used(Some(row.trainee_id)).await?.unwrap_or(0);
    if mine + adding > MAX_PER_TRAINEE_CLASS {
        return Err(AppError::invalid(t::err_evidence_quota_trainee(
            mb(MAX_PER_TRAINEE_CLASS),
            mb(mine),
        )));
    }
    let class = used(None).await?.unwrap_or(0);
    if class + adding > MAX_PER_CLASS {
        return Err(AppError::invalid(t::err_evidence_quota_class(mb(
            MAX_PER_CLASS,
        ))));
    }
    Ok(())
}

/// The classes whose images take most space (the first 50), with the total and the quotas.
pub async fn space(db: &Db) -> Result<super::types::EvidenceSpace, AppError> {
    use crate::entities::{class, project};
    use sea_orm::sea_query::ExprTrait;
    use std::collections::HashMap;
    let mut per_class: Vec<(i32, i64, i64)> = online_hours::Entity::find()
        .select_only()
        .column(online_hours::Column::ClassId)
        .column_as(Expr::cust("CAST(SUM(evidence_bytes) AS BIGINT)"), "bytes")
        .column_as(
            Expr::col(online_hours::Column::TraineeId).count_distinct(),
            "trainees",
        )
        .filter(online_hours::Column::EvidenceBytes.gt(0))
        .group_by(online_hours::Column::ClassId)
        .into_tuple()
        .all(db)
        .await?;
    let total: i64 = per_class.iter().map(|(_, b, _)| b).sum();
    let with_images = per_class.len();
    per_class.sort_by_key(|(id, b, _)| (std::cmp::Reverse(*b), *id));
    per_class.truncate(50);
    let ids: Vec<i32> = per_class.iter().map(|(id, _, _)| *id).collect();
    let classes: HashMap<i32, class::Model> = class::Entity::find()
        .filter(class::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let projects: HashMap<i32, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(classes.values().map(|c| c.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let rows = per_class
        .into_iter()
        .filter_map(|(id, bytes, trainees)| {
            let c = classes.get(&id)?;
            Some(super::types::ClassSpace {
                project: projects.get(&c.project_id).cloned().unwrap_or_default(),
                class: c.name.clone(),
                trainees,
                mb: mb(bytes),
                share_pct: bytes * 100 / MAX_PER_CLASS,
            })
        })
        .collect();
    Ok(super::types::EvidenceSpace {
        classes: rows,
        with_images,
        total_mb: mb(total),
        trainee_quota_mb: mb(MAX_PER_TRAINEE_CLASS),
        class_quota_mb: mb(MAX_PER_CLASS),
    })
}

/// Gives each record that names images but no bytes (stored before the bytes were kept) the
/// size of its files; a file already gone counts nothing. Returns how many were measured.
pub async fn measure_unsized(db: &Db, dir: &Path) -> Result<usize, AppError> {
    let rows = online_hours::Entity::find()
        .filter(online_hours::Column::Evidence.is_not_null())
        .filter(online_hours::Column::EvidenceBytes.eq(0))
        .all(db)
        .await?;
    let mut measured = 0;
    for row in rows {
        let mut bytes = 0i64;
        for name in names(&row.evidence).iter().filter(|n| mime_of(n).is_some()) {
            if let Ok(meta) = tokio::fs::metadata(dir.join(name)).await {
                bytes += meta.len() as i64;
            }
        }
        if bytes > 0 {
            let mut row: online_hours::ActiveModel = row.into();
            row.evidence_bytes = Set(bytes);
            row.update(db).await?;
            measured += 1;
        }
    }
    Ok(measured)
}

/// Megabytes to one decimal, for people.
pub fn mb(bytes: i64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// The record id a stored name starts with.
fn record_of(name: &str) -> Option<i32> {
    let (id, _) = name.split_once('-')?;
    id.parse().ok()
}

/// Deletes released images; a file already gone is no loss.
pub async fn remove(dir: &Path, names: &[String]) {
    for name in names.iter().filter(|n| mime_of(n).is_some()) {
        if let Err(err) = tokio::fs::remove_file(dir.join(name)).await {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %err, name, "could not delete a released evidence image");
            }
        }
    }
}

/// Who may see an image: whoever may see its record (`training::access::visible_record`).
pub async fn may_view(db: &Db, me: &Me, name: &str) -> Result<(), AppError> {
    mime_of(name).ok_or(AppError::NotFound)?;
    // By key; only names stored before ids were in them need the search.
    let row = match record_of(name) {
        Some(id) => online_hours::Entity::find_by_id(id).one(db).await?,
        None => {
            online_hours::Entity::find()
                .filter(online_hours::Column::Evidence.contains(name))
                .one(db)
                .await?
        }
    }
    .filter(|r| super::types::names(&r.evidence).iter().any(|n| n == name))
    .ok_or(AppError::NotFound)?;
    visible_record(db, me, row.trainee_id, row.class_id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_first_bytes() {
        assert_eq!(
            image_kind(&[0x89, b'P', b'N', b'G', 13, 10]).map(|k| k.0),
            Some("png")
        );
        assert_eq!(
            image_kind(&[0xFF, 0xD8, 0xFF, 0xE0]).map(|k| k.0),
            Some("jpg")
        );
        assert_eq!(
            image_kind(b"RIFF\0\0\0\0WEBPVP8 ").map(|k| k.0),
            Some("webp")
        );
        assert_eq!(image_kind(b"%PDF-1.7"), None);
        assert_eq!(image_kind(b"<svg onload=alert(1)>"), None);
    }

    #[test]
    fn only_stored_names_are_served() {
        assert_eq!(
            mime_of("0123456789abcdef0123456789abcdef.png"),
            Some("image/png")
        );
        assert_eq!(mime_of("../../secret.key"), None);
        assert_eq!(mime_of("0123456789abcdef0123456789abcdef.svg"), None);
        assert_eq!(mime_of("short.png"), None);
        assert_eq!(
            mime_of("17-0123456789abcdef0123456789abcdef.jpg"),
            Some("image/jpeg")
        );
        assert_eq!(mime_of("17-../../secret.key"), None);
        assert_eq!(mime_of("x-0123456789abcdef0123456789abcdef.jpg"), None);
    }
}
