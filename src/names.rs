//! The official SDK's naming rule for method names, shared with codegen
//! (`codegen/src/names.rs` includes this file): codegen names each method
//! with it, and the wasm derives the names from its table's operation ids
//! with it (`method_names`), so `generated/services.js` lists only the few
//! methods whose table id is not their operationId (made unique in
//! `codegen/overrides*.json`, or a v3 method keeping its v2 name). Measured
//! (gzip -9): services.js 4.0 -> 1.1 KB, the wasm +0.5 KB (this rule 0.2 of
//! it); the v2 entry 128.5 -> 126.2 KB, v3 133.9 -> 131.4 KB.

/// The official SDK's `extractParams` key rule: each `[-_](\w)` (`\w` is
/// ASCII there) becomes its letter upper-cased (`location_id` is `locationId`).
pub fn sdk_camel(name: &str) -> String {
    let mut out = Vec::with_capacity(name.len());
    camel_into(&mut out, name, false);
    text(out)
}

/// SDK method name: camelCase of the operationId (spaces as dashes) with a
/// lower-case first letter (`GET-all-or-email-sms-templates` is
/// `gETAllOrEmailSmsTemplates`).
pub fn method_name(op_id: &str) -> String {
    let mut out = Vec::with_capacity(op_id.len());
    push_method_name(&mut out, op_id);
    text(out)
}

/// [`method_name`]'s UTF-8 appended to `out` (the wasm joins a service's names).
pub fn push_method_name(out: &mut Vec<u8>, op_id: &str) {
    let at = out.len();
    camel_into(out, op_id, true);
    if let Some(f) = out.get_mut(at) {
        f.make_ascii_lowercase();
    }
}

/// [`sdk_camel`]'s UTF-8 appended to `out`; with `space`, spaces count as
/// dashes. By bytes: only ASCII ones change, so the rest stays valid UTF-8
/// (decoding chars cost the wasm 0.3 KB gzip more).
fn camel_into(out: &mut Vec<u8>, name: &str, space: bool) {
    let b = name.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let c = if space && c == b' ' { b'-' } else { c };
        match b.get(i + 1) {
            Some(&n) if (c == b'-' || c == b'_') && (n.is_ascii_alphanumeric() || n == b'_') => {
                out.push(n.to_ascii_uppercase());
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Bytes `camel_into` wrote: valid UTF-8 (see there), so never "".
pub fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_rule() {
        assert_eq!(method_name("add-followers-contact"), "addFollowersContact");
        assert_eq!(method_name("GET-all-or-email-sms-templates"), "gETAllOrEmailSmsTemplates");
        assert_eq!(method_name("Upsert-opportunity"), "upsertOpportunity");
        assert_eq!(method_name("get_user by-id"), "getUserById");
        assert_eq!(method_name("a--b_-c-"), "a-B_C-");
        assert_eq!(method_name(""), "");
        assert_eq!(sdk_camel("location_id"), "locationId");
        assert_eq!(sdk_camel("x-é"), "x-é");
        assert_eq!(sdk_camel("a b-c"), "a bC");
        let mut out = b"x ".to_vec();
        push_method_name(&mut out, "Get-it");
        assert_eq!(text(out), "x getIt");
        assert_eq!(method_name("É-é"), "É-é");
    }
}
