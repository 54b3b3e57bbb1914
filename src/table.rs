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
    if index == NONE {
        return None;
    }
    SCHEMAS.get(index as usize)
}

pub fn find_op(id: &str) -> Option<(u32, &'static Op)> {
    OPS.iter()
        .enumerate()
        .find(|(_, o)| o.id == id)
        .map(|(i, o)| (i as u32, o))
}
