use serde::{Deserialize, Serialize};

/// The admin's form for a new token, as posted (text fields; an unticked box is absent).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewTokenForm {
    pub name: String,
    pub programme_id: String,
    #[serde(default)]
    pub county_id: String,
    pub expires_on: String,
    #[serde(default)]
    pub full_phones: Option<String>,
    #[serde(default)]
    pub writes_hours: Option<String>,
}

/// A token on the admin's list: never the token itself, which exists only at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: i32,
    pub name: String,
    pub programme: String,
    pub county: Option<String>,
    pub full_phones: bool,
    #[serde(default)]
    pub writes_hours: bool,
    pub expires: String,
    pub last_used: Option<String>,
    /// Neither revoked nor expired.
    pub live: bool,
    pub revoked: bool,
}

/// What the admin's token section needs: the tokens and the form's choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenAdmin {
    pub tokens: Vec<TokenRow>,
    pub programmes: Vec<(i32, String)>,
    pub counties: Vec<(i32, String)>,
    /// The form's default expiry: 90 days from today.
    pub default_expiry: String,
}
