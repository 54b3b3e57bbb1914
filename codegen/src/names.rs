//! Naming rules shared with the official SDK: service properties, method
//! names and parameter keys, all derived from the specs, never from the SDK.

/// The official SDK's `extractParams` key rule: `name.replace(/[-_](\w)/g, c => c.toUpperCase())`.
pub fn sdk_camel(name: &str) -> String {
    let c: Vec<char> = name.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if (c[i] == '-' || c[i] == '_')
            && i + 1 < c.len()
            && (c[i + 1].is_ascii_alphanumeric() || c[i + 1] == '_')
        {
            out.extend(c[i + 1].to_uppercase());
            i += 2;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Service property on the SDK's `HighLevel` class: camelCase of the spec file stem.
pub fn service_name(file: &str) -> String {
    sdk_camel(file)
}

/// SDK method name: camelCase of the operationId with a lower-case first letter.
pub fn method_name(op_id: &str) -> String {
    let c = sdk_camel(&op_id.replace(' ', "-"));
    let mut it = c.chars();
    match it.next() {
        Some(f) => f.to_lowercase().chain(it).collect(),
        None => c,
    }
}

/// Upper-cases the first letter (`contacts` -> `Contacts`).
pub(crate) fn pascal(s: &str) -> String {
    let c = s.to_owned();
    let mut it = c.chars();
    match it.next() {
        Some(f) => f.to_uppercase().chain(it).collect(),
        None => c,
    }
}
