//! Pagination cursor extraction: a list operation of the table, the params
//! and body as sent and an arbitrary page. Properties: `next` answers (end,
//! next or a reason) without panicking; a next step always changes
//! something; a next-page URL is followed only on the base URL's origin;
//! `at` on an arbitrary dotted path is total.
#![no_main]
use highlevel_fuzz::{ops_len, parts, selector};
use highlevel_wasm::json::Doc;
use highlevel_wasm::paginate::{at, items, next, Step};
use highlevel_wasm::table;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Rows that page.
fn paged() -> &'static [u32] {
    static ROWS: OnceLock<Vec<u32>> = OnceLock::new();
    ROWS.get_or_init(|| (0..ops_len()).filter(|&i| table::op(i).is_some_and(|o| o.paging.is_some())).collect())
}

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = selector(data) else { return };
    let rows = paged();
    let Some(&row) = rows.get(usize::from(sel) % rows.len().max(1)) else { return };
    let Some(op) = table::op(row) else { return };
    let Some(paging) = op.paging else { return };
    let [page, params, body, path] = parts::<4>(rest);
    let Some(pdoc) = Doc::parse_bytes(page).ok() else { return };
    let Some(page) = pdoc.root() else { return };
    let (qdoc, bdoc) = (Doc::parse_bytes(params).ok(), Doc::parse_bytes(body).ok());
    let q = qdoc.as_ref().and_then(|d| d.root());
    let b = bdoc.as_ref().and_then(|d| d.root());
    let _ = items(paging, page);
    if let Ok(path) = std::str::from_utf8(path) {
        let _ = at(&page, path);
    }
    let seen = u64::from(sel >> 4);
    match next(op, paging, q.as_ref(), b.as_ref(), &page, seen, "https://h.test/base") {
        Ok(Step::Next(n)) => assert!(n.replace || !n.params.is_empty() || !n.body.is_empty(), "a next step that changes nothing"),
        Ok(Step::End) => {}
        Err(why) => assert!(!why.is_empty()),
    }
});
