use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCard {
    pub id: i32,
    pub name: String,
    pub project: String,
    pub dates: String,
    pub venue: Option<String>,
    pub head_teacher: Option<String>,
    /// The class runs today (China Standard Time).
    pub today: bool,
}
