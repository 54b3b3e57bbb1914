//! URL encoding on arbitrary text. Properties: `encode_component`,
//! `encode_query` and `encode_form` write only their allowed characters and
//! decode back to the input; a filled placeholder never adds `/`, `?` or `#`;
//! `push_query` appends exactly one pair that decodes back; `join` never
//! doubles the slash between base and path.
#![no_main]
use highlevel_fuzz::parts;
use highlevel_wasm::url::{encode_component, encode_form, encode_query, fill_path, join, push_query};
use libfuzzer_sys::fuzz_target;

/// `%XX` and (with `plus`) `+` as a space, back to bytes.
fn decode(s: &str, plus: bool) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'%' => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ASCII hex");
                out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn only(s: &str, extra: &[u8]) {
    assert!(s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'%' || extra.contains(&c)), "{s:?}");
}

fuzz_target!(|data: &[u8]| {
    let [a, b, c] = parts::<3>(data);
    let (a, b, c) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b), String::from_utf8_lossy(c));

    let mut comp = String::new();
    encode_component(&a, &mut comp);
    only(&comp, b"-._~!*'()");
    assert_eq!(decode(&comp, false), a.as_bytes());

    let mut q = String::from("prefix");
    encode_query(&a, &mut q);
    let q = q.strip_prefix("prefix").expect("appended");
    only(q, b"-._~!*'():$,+");
    assert_eq!(decode(q, true), a.as_bytes());

    let mut f = String::new();
    encode_form(&a, &mut f);
    only(&f, b"*-._+");
    assert_eq!(decode(&f, true), a.as_bytes());

    // The template is the table's (trusted); the value is the caller's.
    let filled = fill_path(&b, |_| Some(c.to_string()));
    let count = |s: &str, ch: char| s.matches(ch).count();
    for ch in ['/', '?', '#'] {
        assert!(count(&filled, ch) <= count(&b, ch), "{ch} added: {b:?} + {c:?} = {filled:?}");
    }

    let mut url = join("https://h.test/", &b);
    assert!(!url.starts_with("https://h.test//") || b.starts_with("//"), "{url}");
    let before = url.len();
    push_query(&mut url, &a, &c);
    let pair = url.get(before + 1..).expect("a pair");
    assert!(url[before..].starts_with(['?', '&']));
    let (name, value) = pair.split_once('=').expect("name=value");
    assert_eq!(decode(name, true), a.as_bytes());
    assert_eq!(decode(value, true), c.as_bytes());
});
