//! URL assembly: path templates filled with percent-encoded segments, and query
//! strings. Pure string work, tested natively.

/// `%XX`, upper-case hex, as both encoders write a byte.
fn push_hex(b: u8, out: &mut String) {
    let hex = |n: u8| char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 });
    out.push('%');
    out.push(hex(b >> 4));
    out.push(hex(b & 15));
}

/// Encodes like JS `encodeURIComponent` (as the official SDK does), so the
/// same call puts the same bytes on the wire: a value can never add a segment
/// (`/`), start a query (`?`) or fragment (`#`), or smuggle a pre-encoded
/// sequence (`%`).
pub fn encode_component(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'!' | b'*' | b'\'' | b'(' | b')') {
            out.push(b as char);
        } else {
            push_hex(b, out);
        }
    }
}

/// Fills `{name}` placeholders from `lookup`; a placeholder with no value is
/// left empty (validation has already reported it).
pub fn fill_path(template: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 24);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else { break };
        out.push_str(before);
        if let Some(v) = lookup(name) {
            encode_component(&v, &mut out);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Query text as the official SDK's axios writes it: `encodeURIComponent`,
/// then `:`, `$` and `,` left readable and spaces as `+`.
pub fn encode_query(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        match b {
            b':' | b'$' | b',' => out.push(b as char),
            b' ' => out.push('+'),
            _ if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'!' | b'*' | b'\'' | b'(' | b')') => out.push(b as char),
            _ => push_hex(b, out),
        }
    }
}

/// `application/x-www-form-urlencoded` as `URLSearchParams` writes it: only
/// `*-._` and alphanumerics stay, spaces become `+`.
pub fn encode_form(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            push_hex(b, out);
        }
    }
}

/// Appends one `name=value` pair, with `?` or `&` as needed.
pub fn push_query(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    encode_query(name, url);
    url.push('=');
    encode_query(value, url);
}

/// `https://host/` + `/contacts/x` without a doubled slash.
pub fn join(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let mut out = String::with_capacity(base.len() + path.len() + 1);
    out.push_str(base);
    if !path.starts_with('/') {
        out.push('/');
    }
    out.push_str(path);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(t: &str, v: &str) -> String {
        fill_path(t, |_| Some(v.to_owned()))
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(fill("/contacts/{contactId}/followers", "abc123"), "/contacts/abc123/followers");
        assert_eq!(fill("/contacts/{contactId}", "a/b?c#d%20"), "/contacts/a%2Fb%3Fc%23d%2520");
        assert_eq!(fill("/c/{id}", "é x"), "/c/%C3%A9%20x");
        assert_eq!(fill("/c/{id}", "../x"), "/c/..%2Fx");
        assert_eq!(fill("/c/{id}", "a (b)'s!*"), "/c/a%20(b)'s!*");
    }

    #[test]
    fn several_placeholders() {
        let p = fill_path("/contacts/{contactId}/workflow/{workflowId}", |k| Some(k.to_uppercase()));
        assert_eq!(p, "/contacts/CONTACTID/workflow/WORKFLOWID");
        assert_eq!(fill_path("/a/{x", |_| Some("v".into())), "/a/{x");
    }

    #[test]
    fn query_and_join() {
        let mut u = join("http://127.0.0.1:1/", "/contacts/");
        assert_eq!(u, "http://127.0.0.1:1/contacts/");
        push_query(&mut u, "location_id", "a b&c");
        push_query(&mut u, "tags[]", "x");
        push_query(&mut u, "s", "a!'()*~:$,;@&=+/?#[]é");
        // The same bytes axios 1.x puts on the wire for these values.
        assert_eq!(u, "http://127.0.0.1:1/contacts/?location_id=a+b%26c&tags%5B%5D=x&s=a!'()*~:$,%3B%40%26%3D%2B%2F%3F%23%5B%5D%C3%A9");
        let mut f = String::new();
        encode_form("a b!:~", &mut f);
        assert_eq!(f, "a+b%21%3A%7E");
    }
}
