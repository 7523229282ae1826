//! The states and kinds stored with check-ins and hours records, as enums: the database holds
//! their short names, and a value this code does not know is refused when read, never taken
//! for a default (sea-orm's `DeriveActiveEnum`). Shared by the server and the WASM.
use crate::error::AppError;
use crate::i18n::t;
use serde::{Deserialize, Serialize};

/// 签到 or 签退.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Kind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in"))]
    In,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "out"))]
    Out,
}

impl Kind {
    /// The tap form's `kind`: "in" or "out", nothing else.
    pub fn parse(s: &str) -> Result<Kind, AppError> {
        match s {
            "in" => Ok(Kind::In),
            "out" => Ok(Kind::Out),
            _ => Err(AppError::invalid(t::ERR_BAD_KIND)),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::In => "in",
            Kind::Out => "out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::In => t::CHECK_IN,
            Kind::Out => t::CHECK_OUT,
        }
    }
}

/// A check-in stays `Valid` until a correction marks the trainee absent (`Revoked`); the row
/// is kept either way as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum CheckinState {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "valid"))]
    Valid,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "revoked"))]
    Revoked,
}

impl CheckinState {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinState::Valid => "valid",
            CheckinState::Revoked => "revoked",
        }
    }
}

/// How a check-in was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Method {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "qr"))]
    Qr,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "typed"))]
    Typed,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manual"))]
    Manual,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Qr => "qr",
            Method::Typed => "typed",
            Method::Manual => "manual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Qr => t::METHOD_QR,
            Method::Typed => t::METHOD_TYPED,
            Method::Manual => t::METHOD_MANUAL,
        }
    }
}

/// What an evaluator should look at on a check-in; a flag never refuses one (DESIGN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Flag {
    Late,
    SharedDevice,
    OutsideGeofence,
    NoPosition,
    /// Kept on the phone while the signal was gone and sent later (issue 14).
    Delayed,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Flag::Late,
        Flag::SharedDevice,
        Flag::OutsideGeofence,
        Flag::NoPosition,
        Flag::Delayed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Late => "late",
            Flag::SharedDevice => "shared_device",
            Flag::OutsideGeofence => "outside_geofence",
            Flag::NoPosition => "no_position",
            Flag::Delayed => "delayed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Flag::Late => t::FLAG_LATE,
            Flag::SharedDevice => t::FLAG_SHARED_DEVICE,
            Flag::OutsideGeofence => t::FLAG_OUTSIDE_GEOFENCE,
            Flag::NoPosition => t::FLAG_NO_POSITION,
            Flag::Delayed => t::FLAG_DELAYED,
        }
    }

    /// The flags of a stored, space-separated list. A word this code does not know is left
    /// out of the labels but kept in the row (a newer server may have written it).
    pub fn list(stored: &str) -> Vec<Flag> {
        stored
            .split_whitespace()
            .filter_map(|w| Flag::ALL.into_iter().find(|f| f.as_str() == w))
            .collect()
    }

    /// The labels of a stored list, for the sheet and the trainee's own attendance; a
    /// delayed tap says by how long (`checkin.delay_s`).
    pub fn labels(stored: &str, delay_s: Option<i32>) -> Vec<String> {
        Flag::list(stored)
            .into_iter()
            .map(|f| match (f, delay_s) {
                (Flag::Delayed, Some(secs)) => t::flag_delayed_by(secs),
                _ => f.label().to_owned(),
            })
            .collect()
    }

    /// The stored list with `flag` added once.
    pub fn add(stored: &str, flag: Flag) -> String {
        let mut list: Vec<&str> = stored.split_whitespace().collect();
        if !list.contains(&flag.as_str()) {
            list.push(flag.as_str());
        }
        list.join(" ")
    }
}

/// pending / approved / rejected / withdrawn / reported (a contractor's upload, 承训单位上报) /
/// verified (the platform's own log, uploaded by the admin, the province or the platform's
/// token: 平台核验). Issue 34: a contractor's file is its own word, never "verified".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum HoursState {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rejected"))]
    Rejected,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "verified"))]
    Verified,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "reported"))]
    Reported,
}

impl HoursState {
    pub fn as_str(self) -> &'static str {
        match self {
            HoursState::Pending => "pending",
            HoursState::Approved => "approved",
            HoursState::Rejected => "rejected",
            HoursState::Withdrawn => "withdrawn",
            HoursState::Verified => "verified",
            HoursState::Reported => "reported",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HoursState::Pending => t::HOURS_PENDING,
            HoursState::Approved => t::HOURS_APPROVED,
            HoursState::Rejected => t::HOURS_REJECTED,
            HoursState::Withdrawn => t::HOURS_WITHDRAWN,
            HoursState::Verified => t::HOURS_VERIFIED,
            HoursState::Reported => t::HOURS_REPORTED,
        }
    }

    /// Counted toward the daily cap: everything not refused or taken back.
    pub fn counts(self) -> bool {
        !matches!(self, HoursState::Rejected | HoursState::Withdrawn)
    }

    /// Counted as done (`attendance::SQL_COUNTED_HOURS`): approved by the contractor,
    /// reported by the contractor's file, or verified by the platform's log.
    pub fn credited(self) -> bool {
        matches!(
            self,
            HoursState::Approved | HoursState::Reported | HoursState::Verified
        )
    }
}

/// What a trainee's 有异议 is about (issue 34): their attendance at a session, or an hours
/// record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Disputed {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "session"))]
    Session,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "hours"))]
    Hours,
}

impl Disputed {
    pub fn as_str(self) -> &'static str {
        match self {
            Disputed::Session => "session",
            Disputed::Hours => "hours",
        }
    }

    /// The dispute form's `subject`: "session" or "hours", nothing else.
    pub fn parse(s: &str) -> Result<Disputed, AppError> {
        Disputed::try_from(s).map_err(|_| AppError::invalid(t::ERR_DISPUTE_SUBJECT))
    }
}

/// Each state from its stored name; any other name is an error, never a default.
macro_rules! from_stored_name {
    ($($ty:ident: $($variant:ident),+;)+) => {$(
        impl TryFrom<&str> for $ty {
            type Error = String;

            fn try_from(name: &str) -> Result<Self, String> {
                [$($ty::$variant),+]
                    .into_iter()
                    .find(|v| v.as_str() == name)
                    .ok_or_else(|| format!("unknown {}: {name:?}", stringify!($ty)))
            }
        }
    )+};
}

from_stored_name! {
    Kind: In, Out;
    CheckinState: Valid, Revoked;
    Method: Qr, Typed, Manual;
    HoursState: Pending, Approved, Rejected, Withdrawn, Verified, Reported;
    Disputed: Session, Hours;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_kind_other_than_in_or_out_is_refused() {
        assert_eq!(Kind::parse("out"), Ok(Kind::Out));
        assert!(Kind::parse("sideways").is_err());
        assert!(Kind::parse("").is_err());
        assert_eq!(HoursState::try_from("verified"), Ok(HoursState::Verified));
        assert!(Method::try_from("fax").is_err());
    }

    #[test]
    fn a_flag_is_added_once_and_unknown_words_have_no_label() {
        assert_eq!(Flag::add("", Flag::Late), "late");
        assert_eq!(Flag::add("late", Flag::Late), "late");
        assert_eq!(Flag::add("late", Flag::SharedDevice), "late shared_device");
        assert_eq!(Flag::list("late future_flag"), [Flag::Late]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_unknown_stored_state_is_refused_not_defaulted() {
        use sea_orm::ActiveEnum;
        assert!(HoursState::try_from_value(&"approved".to_owned()).is_ok());
        assert!(HoursState::try_from_value(&"aproved".to_owned()).is_err());
        assert!(CheckinState::try_from_value(&"maybe".to_owned()).is_err());
        assert!(Kind::try_from_value(&"sideways".to_owned()).is_err());
    }
}
