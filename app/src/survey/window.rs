//! A survey's window as people read it, in China Standard Time.
use crate::time::{cst_offset, hm};
use chrono::{DateTime, Utc};

pub fn local(at: DateTime<Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    at.with_timezone(&cst_offset())
}

pub fn window(opens: DateTime<Utc>, closes: DateTime<Utc>) -> String {
    format!(
        "{} {} 至 {} {}",
        local(opens).format("%m月%d日"),
        hm(opens),
        local(closes).format("%m月%d日"),
        hm(closes)
    )
}

pub fn window_end(at: DateTime<Utc>) -> String {
    format!("{} {}", local(at).format("%m月%d日"), hm(at))
}
