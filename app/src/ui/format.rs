//! Numbers as pages and exports print them.

/// "92.3%", or "—" when there is nothing to divide.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

pub fn score(mean: Option<f64>) -> String {
    mean.map_or_else(|| "—".to_owned(), |m| format!("{m:.2}"))
}
