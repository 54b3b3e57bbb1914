//! Shapes of the operation table. The rows themselves live in `generated/`,
//! written by `codegen/` from the OpenAPI specs; this file only names the types
//! so the request core can stay generic over every operation.

/// Index meaning "no schema" in the `u16` schema references below.
pub const NONE: u16 = u16::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Methods a retry may repeat without the caller's say-so.
    pub fn idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Loc {
    Path,
    Query,
    Header,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
}

/// One parameter: `key` is what callers pass (camelCase, as the official SDK
/// takes it), `name` what goes on the wire.
#[derive(Debug)]
pub struct Param {
    pub key: &'static str,
    pub name: &'static str,
    pub loc: Loc,
    pub required: bool,
    pub schema: u16,
    /// A query array sent as one comma-separated value (`explode: false`:
    /// `fields=a,b`) instead of repeated `fields[]=` keys.
    pub comma: bool,
}

#[derive(Debug)]
pub struct Body {
    pub kind: BodyKind,
    pub required: bool,
    pub schema: u16,
}

#[derive(Debug)]
pub struct Op {
    /// The spec's operationId, e.g. `add-followers-contact`.
    pub id: &'static str,
    pub method: Method,
    /// Path template with `{name}` placeholders, e.g. `/contacts/{contactId}/followers`.
    pub path: &'static str,
    /// Documented `Version` header value, if the spec declares one.
    pub version: Option<&'static str>,
    pub params: &'static [Param],
    pub body: Option<Body>,
    /// A retry may send it again without the caller's say-so: GET, PUT,
    /// DELETE, and the POST/PATCH operations codegen/overrides.json lists
    /// (set operations such as adding followers or tags, searches sent as POST).
    pub idempotent: bool,
    /// How a list operation pages (`paginate.rs` decides the next request);
    /// `None` for everything else.
    pub paging: Option<&'static Paging>,
    /// False when the build leaves out this operation's service (its cargo
    /// feature is off): the row stays, so indices do not move, with the same
    /// id, method, path and version but no params or body (those bytes and
    /// the schema nodes only they use drop out of the binary), and every call
    /// of it is refused.
    pub enabled: bool,
}

/// A request field that pagination sets: a query param (by the key callers
/// pass) or a top-level body field.
#[derive(Debug)]
pub struct Field {
    pub body: bool,
    pub key: &'static str,
    /// The spec types it as a string: numbers are sent as text.
    pub text: bool,
}

/// Where a cursor value comes from: a dotted path in the page, or in its last item.
#[derive(Debug)]
pub enum Src {
    Page(&'static str),
    LastItem(&'static str),
}

/// Which request field advances from one page to the next.
#[derive(Debug)]
pub enum Advance {
    /// `skip`/`offset`: plus the number of items received.
    Offset(Field),
    /// `page`: plus one; the second number is the first page's, for when none was sent.
    Page(Field, u32),
    /// Cursor fields copied into the next request (`startAfterId`, `searchAfter`, ...).
    Cursor(&'static [(Field, Src)]),
    /// The next request is the URL at this dotted path of the page (`meta.nextPageUrl`).
    NextUrl(&'static str),
    /// An opaque page token at this dotted path of the page (AIP-158's
    /// `pagination.nextPageToken`) goes in the field; none, or an empty one, ends the walk.
    Token(Field, &'static str),
}

/// A list operation's pagination, derived by codegen from the spec. Paths
/// are dotted (`meta.total`); `""` means none (for `items`: the page itself).
#[derive(Debug)]
pub struct Paging {
    pub advance: Advance,
    /// Where the items array is.
    pub items: &'static str,
    /// A count of all items: the walk ends once that many were seen.
    pub total: &'static str,
    /// A flag saying more pages follow (`hasMore`, `meta.nextPage`): false or null ends the walk.
    pub more: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ty {
    Any,
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fmt {
    None,
    /// RFC 3339 date-time, offset required (`Z` or `+hh:mm`).
    DateTime,
    Date,
    Email,
    Uri,
}

/// A JSON-schema node reduced to what the validator checks.
#[derive(Debug)]
pub struct Schema {
    pub ty: Ty,
    pub nullable: bool,
    pub format: Fmt,
    /// Allowed values as JSON text (`"\"open\""`, `"1"`); empty = any.
    pub enums: &'static [&'static str],
    /// Array item schema, or `NONE`.
    pub items: u16,
    pub props: &'static [Prop],
    pub all_of: &'static [u16],
    pub one_of: &'static [u16],
    pub any_of: &'static [u16],
    pub min_items: u32,
    pub min_length: u32,
}

#[derive(Debug)]
pub struct Prop {
    pub name: &'static str,
    pub schema: u16,
    pub required: bool,
}

pub use crate::generated::{OPS, SCHEMAS};

pub fn op(index: u32) -> Option<&'static Op> {
    OPS.get(index as usize)
}

pub fn schema(index: u16) -> Option<&'static Schema> {
    schemas().get(index)
}

/// A schema node with its props' hash table (`schema_bytes::Node`).
/// Inline: once per value in the wire pass (a call was ~2 % of a check in wasm).
#[inline(always)]
pub fn schema_node(index: u16) -> Option<&'static crate::schema_bytes::Node> {
    schemas().node(index)
}

#[cfg(not(feature = "both-tables"))]
fn schemas() -> &'static crate::schema_bytes::Schemas {
    SCHEMAS
}

/// The v3 table beside this build's v2 one, for the native sandbox, which
/// serves both (a wasm build carries one table: the `v3` feature swaps it).
#[cfg(feature = "both-tables")]
pub mod v3 {
    pub use crate::generated_v3::{OPS, SCHEMAS};
    #[cfg(test)]
    pub use crate::generated_v3::service;
}

#[cfg(feature = "both-tables")]
thread_local! {
    static ACTIVE: std::cell::Cell<&'static crate::schema_bytes::Schemas> = const { std::cell::Cell::new(SCHEMAS) };
}

#[cfg(feature = "both-tables")]
fn schemas() -> &'static crate::schema_bytes::Schemas {
    ACTIVE.with(std::cell::Cell::get)
}

/// Runs `f` with schema indices read in `schemas` (`v3::SCHEMAS` to check a
/// v3 row), on this thread only; this build's own table before and after.
#[cfg(feature = "both-tables")]
pub fn with_schemas<R>(schemas: &'static crate::schema_bytes::Schemas, f: impl FnOnce() -> R) -> R {
    let before = ACTIVE.with(|a| a.replace(schemas));
    let out = f();
    ACTIVE.with(|a| a.set(before));
    out
}

pub fn find_op(id: &str) -> Option<(u32, &'static Op)> {
    OPS.iter()
        .enumerate()
        .find(|(_, o)| o.id == id)
        .map(|(i, o)| (i as u32, o))
}

/// The cargo features per service (`Cargo.toml`, `generated/mod.rs`): in
/// every build the table keeps its 576 rows in place, a built service's rows
/// validate exactly as in the full build, a left-out one's are stubs. Run in
/// a reduced build by `make test-features`.
#[cfg(test)]
mod feature_tests {
    use super::*;
    use crate::request::prepare;
    use serde_json::Value as J;

    fn smoke() -> Vec<J> {
        let p = if cfg!(feature = "v3") { concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/smoke-v3.json") } else { concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/smoke.json") };
        let text = std::fs::read_to_string(p).expect("tests/generated/smoke.json"); // ok: test only
        let j: J = serde_json::from_str(&text).expect("smoke.json parses"); // ok: test only
        j["smoke"].as_array().cloned().unwrap_or_default()
    }

    fn kebab(camel: &str) -> String {
        camel.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['-', c.to_ascii_lowercase()] } else { vec![c] }).collect()
    }

    #[test]
    fn rows_stay_in_place_and_follow_their_feature() {
        let rows = smoke();
        assert_eq!(rows.len(), OPS.len());
        assert_eq!(OPS.len(), if cfg!(feature = "v3") { 627 } else { 576 });
        let mut state = std::collections::BTreeMap::new();
        for (i, (row, op)) in rows.iter().zip(OPS).enumerate() {
            assert_eq!(row["index"], i);
            assert_eq!(row["id"], op.id, "row {i}");
            assert_eq!(row["path"], op.path, "row {i}");
            let (service, feature) = crate::generated::service(i as u32);
            assert_eq!(row["service"], service, "row {i}");
            assert_eq!(kebab(service), feature, "row {i}");
            // a service is in or out as a whole
            assert_eq!(*state.entry(feature).or_insert(op.enabled), op.enabled, "row {i}");
            if !op.enabled {
                assert!(op.params.is_empty() && op.body.is_none(), "stub row {i}");
            }
            let on = match feature {
                "contacts" => cfg!(feature = "contacts"),
                "opportunities" => cfg!(feature = "opportunities"),
                "ad-manager" => cfg!(feature = "ad-manager"),
                _ => op.enabled,
            };
            assert_eq!(op.enabled, on || cfg!(feature = "all-services"), "row {i} ({feature})");
        }
    }

    /// `explode: false` query arrays go as one comma-separated value
    /// (`fields=clicks,spend`), the rest as repeated `name[]=` keys.
    #[test]
    fn comma_arrays_go_joined() {
        let rows = smoke();
        let Some((row, op)) = rows.iter().zip(OPS).find(|(_, o)| o.id == "fb-get-reporting" && o.enabled) else { return };
        let mut params = row["params"].clone();
        params["fields"] = serde_json::json!(["clicks", "spend"]);
        let mut issues = vec![];
        let p = prepare(op, "https://h.test", Some(&&params), None, &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert!(p.url.contains("fields=clicks,spend") && !p.url.contains("fields%5B%5D"), "{}", p.url);
    }

    /// Schema nodes a built service uses are never the `Any` stub: its
    /// example calls pass and dropping a required body field is caught.
    #[test]
    fn built_services_validate_as_in_the_full_build() {
        let mut checked = 0;
        for (row, op) in smoke().iter().zip(OPS).filter(|(_, op)| op.enabled) {
            let body = (!row["body"].is_null()).then(|| row["body"].clone());
            let mut issues = vec![];
            prepare(op, "https://h.test", Some(&&row["params"]), body.as_ref().as_ref(), &mut issues);
            assert!(issues.is_empty(), "{}: {:?}", op.id, issues.iter().map(|i| format!("{} {}", i.path, i.message)).collect::<Vec<_>>());
            if let (Some(field), Some(J::Object(mut b))) = (row["requiredBodyField"].as_str(), body) {
                b.remove(field);
                let b = J::Object(b);
                let mut issues = vec![];
                prepare(op, "https://h.test", Some(&&row["params"]), Some(&&b), &mut issues);
                assert!(issues.iter().any(|i| i.path.contains(field)), "{}: no issue without {field}", op.id);
            }
            checked += 1;
        }
        assert!(checked > 0);
    }
}
