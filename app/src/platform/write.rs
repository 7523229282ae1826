//! What the online platform's own token may send (issue 34): its log of online hours, stored
//! as 平台核验 in the name of the admin who made the token. Only a token the admin made
//! writable, within its programme and county; every rule of the contractor's upload (the
//! daily cap, the class's period, no future date) holds here too.
use super::schema::{HoursImport, LineError};
use super::token::ApiScope;
use crate::db::Db;
use crate::error::AppError;
use crate::hours::platform::{report, upload, Uploader};
use chrono::NaiveDate;

/// A platform log for one class, as CSV or XLSX bytes.
pub async fn platform_hours(
    db: &Db,
    scope: &ApiScope,
    class_id: i32,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<HoursImport, AppError> {
    if !scope.writes_hours {
        return Err(AppError::Forbidden);
    }
    super::read::class_in_scope(db, scope, class_id).await?;
    let who = Uploader::Platform {
        user: scope.maker(),
    };
    let run = upload(db, who, class_id, ("platform.csv", bytes), today).await?;
    let (_, r) = report(db, who, run).await?;
    Ok(HoursImport {
        run,
        applied: r.applied,
        added: r.added,
        duplicates: r.duplicates,
        errors: r
            .errors
            .into_iter()
            .map(|e| LineError {
                line: e.line,
                column: e.column,
                message: e.message,
            })
            .collect(),
    })
}
