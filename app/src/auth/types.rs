use crate::i18n::t;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Evaluator,
    Contractor,
    Trainee,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Evaluator,
        Role::Contractor,
        Role::Trainee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Evaluator => "evaluator",
            Role::Contractor => "contractor",
            Role::Trainee => "trainee",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => t::ROLE_ADMIN,
            Role::Evaluator => t::ROLE_EVALUATOR,
            Role::Contractor => t::ROLE_CONTRACTOR,
            Role::Trainee => t::ROLE_TRAINEE,
        }
    }
}

/// The logged-in account as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i32,
    pub role: Role,
    pub display_name: String,
    /// Contractor staff: the contractor they act for.
    pub contractor_id: Option<i32>,
    /// County evaluators: their county; None for province-wide evaluators.
    pub county_id: Option<i32>,
}

/// What the PIN page shows: whose PIN it is, and the last reset if there was one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinOwner {
    pub name: String,
    pub reset: Option<String>,
}

/// A mainland mobile number: 11 digits starting 1[3-9]. Input may carry spaces, dashes and a
/// +86 prefix, as people type and as Excel exports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, String> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .unwrap_or(&compact);
        let valid = digits.len() == 11
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        if valid {
            Ok(Phone(digits.to_owned()))
        } else {
            Err(t::ERR_PHONE.to_owned())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****5678: how a phone shows everywhere but its owner's own view (DESIGN, "Trainee").
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A trainee's personal access code, issued at enrolment: 6 digits, easy to type on any phone.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessCode(String);

impl AccessCode {
    pub const LEN: usize = 6;

    pub fn parse(input: &str) -> Result<AccessCode, String> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == Self::LEN && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(AccessCode(digits))
        } else {
            Err(t::ERR_ACCESS_CODE.to_owned())
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The 6-digit PIN a trainee chooses at their first login: after that, nobody but the trainee
/// knows their credential (issue 12). PINs that are guessed first are refused.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

/// Guessed first, beyond the patterns `Pin::parse` refuses (repeats, runs, pairs):
/// common Chinese choices such as 520 1314 ("I love you forever").
const COMMON_PINS: [&str; 12] = [
    "131420", "147258", "258369", "159753", "741852", "963852", "520131", "201314", "521314",
    "147852", "753951", "369258",
];

impl Pin {
    pub fn parse(input: &str) -> Result<Pin, String> {
        let code = AccessCode::parse(input).map_err(|_| t::ERR_PIN_FORMAT.to_owned())?;
        let d: Vec<i8> = code.0.bytes().map(|b| (b - b'0') as i8).collect();
        let step = |k: i8| {
            d.windows(2)
                .all(|w| (w[1] - w[0]).rem_euclid(10) == k.rem_euclid(10))
        };
        let period = |p: usize| (p..6).all(|i| d[i] == d[i - p]);
        let pairs = d[0] == d[1] && d[2] == d[3] && d[4] == d[5];
        if step(0)
            || step(1)
            || step(-1)
            || period(2)
            || period(3)
            || pairs
            || COMMON_PINS.contains(&code.0.as_str())
        {
            return Err(t::ERR_PIN_WEAK.to_owned());
        }
        Ok(Pin(code.0))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(******)")
    }
}

/// Never print a code into logs by accident.
impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(******)")
    }
}

/// Where to go after login: a path on this site, never another site ("//evil", "https:").
/// Only visible ASCII is kept: browsers drop tabs and line breaks from a URL, so "/\t/evil"
/// would become "//evil", and a line break cannot go into a Location header at all.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && p.chars().all(|c| c.is_ascii_graphic()) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_only_returns_to_paths_on_this_site() {
        assert_eq!(local_path(Some("/c/3?t=1.ab")), "/c/3?t=1.ab");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("/\t/evil.example")), "/");
        assert_eq!(local_path(Some("/\n")), "/");
        assert_eq!(local_path(Some("/\r//evil.example")), "/");
        assert_eq!(local_path(Some("/ /evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn phone_accepts_spaces_dashes_and_country_prefix() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "008613800138000",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "13800138000",
                "{input}"
            );
        }
    }

    #[test]
    fn phone_with_wrong_length_or_prefix_is_refused_in_chinese() {
        for input in [
            "",
            "1380013800",
            "138001380001",
            "12800138000",
            "23800138000",
            "1380013800a",
        ] {
            assert_eq!(Phone::parse(input), Err(t::ERR_PHONE.to_owned()), "{input}");
        }
    }

    #[test]
    fn phone_is_masked_except_first_three_and_last_four_digits() {
        assert_eq!(Phone::parse("13800135678").unwrap().masked(), "138****5678");
    }

    #[test]
    fn access_code_is_six_digits_and_tolerates_spaces() {
        assert_eq!(AccessCode::parse("246 810").unwrap().expose(), "246810");
        assert!(AccessCode::parse("24681").is_err());
        assert!(AccessCode::parse("2468100").is_err());
        assert!(AccessCode::parse("24681x").is_err());
    }

    #[test]
    fn the_pins_guessed_first_are_refused_in_chinese() {
        for weak in [
            "123456", "000000", "111111", "999999", "654321", "012345", "890123", "121212",
            "123123", "520520", "112233", "131420", "147258",
        ] {
            assert_eq!(Pin::parse(weak), Err(t::ERR_PIN_WEAK.to_owned()), "{weak}");
        }
        assert_eq!(Pin::parse("12345"), Err(t::ERR_PIN_FORMAT.to_owned()));
        for fine in ["246810", "730419", "582046", "100293"] {
            assert_eq!(Pin::parse(fine).unwrap().expose(), fine);
        }
        assert!(!format!("{:?}", Pin::parse("730419").unwrap()).contains("730419"));
    }

    #[test]
    fn access_code_never_shows_in_debug_output() {
        assert!(!format!("{:?}", AccessCode::parse("246810").unwrap()).contains("246810"));
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
