//! Fields typed into the class and session forms, each parsed with a message naming it.
use crate::error::AppError;
use crate::i18n::t;
use chrono::{NaiveDate, NaiveTime};

pub fn required(s: &str, message: &str) -> Result<String, AppError> {
    match s.trim() {
        "" => Err(AppError::invalid(message)),
        s => Ok(s.to_owned()),
    }
}

pub fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub fn parse_date(s: &str, field: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(t::err_date(field)))
}

pub fn parse_time(s: &str, field: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| AppError::invalid(t::err_time(field)))
}

pub fn parse_minutes(s: &str, default: i32, field: &str) -> Result<i32, AppError> {
    match s.trim() {
        "" => Ok(default),
        s => s
            .parse::<i32>()
            .ok()
            .filter(|n| (0..=240).contains(n))
            .ok_or_else(|| AppError::invalid(t::err_minutes(field))),
    }
}

/// "lat, lon" plus a radius in metres, or nothing at all.
pub fn parse_geofence(point: &str, radius: &str) -> Result<Option<(f64, f64, i32)>, AppError> {
    if point.trim().is_empty() {
        return Ok(None);
    }
    let bad = || AppError::invalid(t::ERR_GEOFENCE);
    let (lat, lon) = point.split_once([',', '，']).ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let radius: i32 = match radius.trim() {
        "" => 300,
        r => r.parse().map_err(|_| bad())?,
    };
    if !(-90.0..=90.0).contains(&lat)
        || !(-180.0..=180.0).contains(&lon)
        || !(20..=5000).contains(&radius)
    {
        return Err(bad());
    }
    Ok(Some((lat, lon, radius)))
}

/// One teacher typed into the county's nomination form, as a row of a nomination file.
pub fn nominee(
    name: String,
    phone: String,
    [school, county, subject, stage]: [String; 4],
    rural: bool,
) -> Result<super::roster::RosterRow, AppError> {
    let name: String = required(&name, t::ERR_ROSTER_NAME)?
        .chars()
        .take(50)
        .collect();
    let phone = crate::auth::Phone::parse(&phone).map_err(AppError::invalid)?;
    let cap = |s: &str| optional(s).map(|s| s.chars().take(100).collect::<String>());
    Ok(super::roster::RosterRow {
        line: 1,
        name,
        phone,
        school: cap(&school),
        county: cap(&county),
        subject: cap(&subject),
        stage: cap(&stage),
        rural,
    })
}
