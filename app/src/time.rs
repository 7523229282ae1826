//! China Standard Time: stored times are UTC, people read and reason in CST (DESIGN).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

pub fn cst_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Today's date in China Standard Time: sessions and daily caps are CST days.
pub fn cst_today() -> NaiveDate {
    Utc::now().with_timezone(&cst_offset()).date_naive()
}

/// "08:57".
pub fn hm(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst_offset()).format("%H:%M").to_string()
}

/// The UTC instant of a CST wall-clock time on a CST date.
pub fn cst_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    cst_offset()
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("a fixed offset has exactly one instant per wall-clock time")
        .with_timezone(&Utc)
}

/// "11月29日 08:30–11:30".
pub fn span(date: NaiveDate, starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    format!("{} {}–{}", date.format("%m月%d日"), hm(starts), hm(ends))
}

/// A UTC instant as China Standard Time, the way every user reads it (DESIGN, "Time").
pub fn cst(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_times_are_read_in_china_standard_time() {
        let date = NaiveDate::from_ymd_opt(2022, 11, 29).unwrap();
        let at = cst_instant(date, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        assert_eq!(at.to_rfc3339(), "2022-11-29T00:30:00+00:00");
        assert_eq!(hm(at), "08:30");
        assert_eq!(
            span(date, at, at + chrono::Duration::hours(3)),
            "11月29日 08:30–11:30"
        );
    }
}
