//! A form posted without the WASM comes back to its page through Leptos's redirect to the
//! Referer, which carries an error (`__err`, `__path`) but says nothing on success. Staff
//! pages load no WASM (issue 14), so this marks a success the same way: `__done=<the server
//! fn's path>` with a cookie of the same value, which `app::ui::succeeded` reads together to
//! show its confirmation, and leaves a failure only its own error. Only the redirect back to
//! the Referer is marked; a server fn that sends the browser elsewhere (a login) is left as it
//! was, and so is every answer to a caller that asked for data, not a page.
//!
//! An error is marked the same way (issue 35): a link carrying `__err` could put any words on
//! our pages ("系统升级，请添加客服微信…"), so the redirect that carries a refusal also sets a
//! cookie naming a digest of it, and `forget_forged_errors` takes `__err` out of any page
//! request that does not carry that cookie before Leptos reads it.
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;

const MARKS: [&str; 3] = ["__done", "__err", "__path"];
/// A server fn's path, readable in the address bar: `/api/admin/create_user`, slashes encoded.
const PATH_CHARS: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'_').remove(b'-');

pub async fn mark_outcome(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let form_post = request.method() == Method::POST
        && path.starts_with("/api/")
        && !path.starts_with("/api/v1/");
    let referer = request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(without_marks);
    let mut response = next.run(request).await;
    let (true, Some(referer), StatusCode::FOUND) = (form_post, referer, response.status()) else {
        return response;
    };
    let Some(to) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return response;
    };
    if without_marks(to) != referer {
        return response;
    }
    // A failure keeps only its own error: not the confirmation of an earlier save on the
    // same page, nor the errors of earlier tries (Leptos appends its marks to the Referer).
    let err = last(to, "__err").map(digest);
    let (marks, saved) = match (last(to, "__path"), last(to, "__err")) {
        (Some(path), Some(err)) => (format!("__path={path}&__err={err}"), false),
        (_, None) => (
            format!(
                "__done={}",
                percent_encoding::utf8_percent_encode(&path, PATH_CHARS)
            ),
            true,
        ),
        (None, Some(_)) => return response,
    };
    let join = if referer.contains('?') { '&' } else { '?' };
    if let Ok(value) = HeaderValue::from_str(&format!("{referer}{join}{marks}")) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    // The mark alone is only a link anyone could send: the page confirms a save when this
    // cookie, which no other site can set, names the same server fn (`app::ui::succeeded`).
    // A minute covers the redirect on the slowest phone.
    let cookie = format!(
        "{}={path}; Path=/; Max-Age=60; HttpOnly; SameSite=Strict",
        app::ui::DONE_COOKIE
    );
    if let (true, Ok(value)) = (saved, HeaderValue::from_str(&cookie)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    if let (false, Some(err)) = (saved, err) {
        let cookie = format!("{ERR_COOKIE}={err}; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The cookie beside a refusal's redirect: the digest of the `__err` it carries.
pub const ERR_COOKIE: &str = "peixun_err";

/// 128 bits of SHA-256 of the mark as it stands in the URL: a cookie stays small whatever
/// the message's length, and no other site can set it.
fn digest(err: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(err.as_bytes())[..16])
}

/// Takes `__err` and `__path` out of a page request unless this browser's own form post set
/// the cookie naming that error: a crafted link shows nothing, and the address is otherwise
/// the same. Posts and the API are left alone.
pub async fn forget_forged_errors(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let uri = request.uri().to_string();
    if request.method() == Method::GET {
        if let Some(err) = last(&uri, "__err") {
            let marked = axum_extra::extract::CookieJar::from_headers(request.headers())
                .get(ERR_COOKIE)
                .is_some_and(|c| c.value() == digest(err));
            if !marked {
                if let Ok(clean) = without_marks(&uri).parse() {
                    *request.uri_mut() = clean;
                }
            }
        }
    }
    next.run(request).await
}

/// The raw value of the last `key=` pair in the URL's query.
fn last<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let query = url.split('#').next()?.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .next_back()
}

/// The URL without the marks of an earlier post, so a second save does not pile them up.
fn without_marks(url: &str) -> String {
    let url = url.split('#').next().unwrap_or_default();
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !MARKS.contains(&key)
        })
        .collect();
    match kept.is_empty() {
        true => base.to_owned(),
        false => format!("{base}?{}", kept.join("&")),
    }
}

#[cfg(test)]
mod tests {
    use super::{digest, without_marks};

    #[test]
    fn an_errors_digest_names_that_error_only() {
        assert_eq!(digest("abc"), digest("abc"));
        assert_ne!(digest("abc"), digest("abd"));
        assert_eq!(digest("abc").len(), 32);
    }

    #[test]
    fn the_marks_of_an_earlier_post_are_dropped_and_the_rest_kept() {
        assert_eq!(
            without_marks("http://h/classes/1/hours?__done=%2Fapi%2Fx&tab=2&__err=e&__path=p"),
            "http://h/classes/1/hours?tab=2"
        );
        assert_eq!(without_marks("http://h/a?"), "http://h/a");
        assert_eq!(without_marks("http://h/a#top"), "http://h/a");
    }
}
