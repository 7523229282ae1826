//! Charts drawn as SVG on the server: they read before (and without) the WASM, and print.
use super::percent;
use leptos::prelude::*;

/// One horizontal bar split into parts; each part's share is its count over the total.
/// The numbers are in the accessible name, since colour alone says nothing to a reader.
#[component]
pub fn StackedBar(parts: Vec<(String, u64)>, tone: &'static str) -> impl IntoView {
    let total: u64 = parts.iter().map(|(_, n)| n).sum();
    let label = parts
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect::<Vec<_>>()
        .join("，");
    let mut x = 0.0;
    let rects = parts
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0 && total > 0)
        .map(|(i, (_, n))| {
            let w = *n as f64 * 100.0 / total as f64;
            let rect = view! { <rect x=format!("{x:.2}") y="0" width=format!("{w:.2}") height="10" class=format!("{tone}{i}") /> };
            x += w;
            rect
        })
        .collect_view();
    view! {
        <svg class="dist" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=label>
            <rect x="0" y="0" width="100" height="10" class="empty-bar" />
            {rects}
        </svg>
    }
}

/// A legend for StackedBar: swatches in the same order and colours as the parts.
#[component]
pub fn Legend(labels: Vec<String>, tone: &'static str) -> impl IntoView {
    view! {
        <ul class="legend">
            {labels.into_iter().enumerate().map(|(i, l)| view! {
                <li><span class=format!("swatch {tone}{i}")></span>{l}</li>
            }).collect_view()}
        </ul>
    }
}

const ROW: f64 = 34.0;
const LABEL_W: f64 = 150.0;
const BAR_W: f64 = 420.0;

/// Grouped bars: for each line (a contractor, a county), one bar per rate, 0-100%, with a
/// dashed line at 90%. Lines without a figure show "—" rather than an empty bar.
#[component]
pub fn RateBars(
    series: Vec<&'static str>,
    lines: Vec<(String, Vec<Option<f64>>)>,
) -> impl IntoView {
    let height = ROW * lines.len() as f64 + 24.0;
    let bar_h = (ROW - 6.0) / series.len().max(1) as f64;
    let ninety = LABEL_W + BAR_W * 0.9;
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(row, (name, rates))| {
            let y0 = 20.0 + row as f64 * ROW;
            let short: String = name.chars().take(11).collect();
            let bars = rates
                .into_iter()
                .enumerate()
                .map(|(i, rate)| {
                    let y = y0 + i as f64 * bar_h;
                    let w = rate.unwrap_or(0.0).clamp(0.0, 1.0) * BAR_W;
                    view! {
                        <rect x=LABEL_W y=format!("{y:.1}") width=format!("{w:.1}") height=format!("{:.1}", bar_h - 1.0) class=format!("s{i}") />
                        <text x=format!("{:.1}", LABEL_W + w + 4.0) y=format!("{:.1}", y + bar_h - 2.0) class="value">{percent(rate)}</text>
                    }
                })
                .collect_view();
            view! {
                <g>
                    <title>{name.clone()}</title>
                    <text x="0" y=format!("{:.1}", y0 + ROW / 2.0) class="label">{short}</text>
                    {bars}
                </g>
            }
        })
        .collect_view();
    let legend: Vec<String> = series.iter().map(|s| (*s).to_owned()).collect();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {} {height:.0}", LABEL_W + BAR_W + 60.0) role="img"
                aria-label=legend.join("、")>
                <line x1=ninety x2=ninety y1="12" y2=height class="threshold" />
                <text x=ninety y="10" class="value">"90%"</text>
                {rows}
            </svg>
            <figcaption><ul class="legend">
                {legend.into_iter().enumerate().map(|(i, l)| view! {
                    <li><span class=format!("swatch s{i}")></span>{l}</li>
                }).collect_view()}
            </ul></figcaption>
        </figure>
    }
}
