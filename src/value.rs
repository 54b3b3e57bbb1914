//! A read-only view of a JSON-like value, so one validator serves both the wasm
//! client (walking `JsValue`s without copying them) and native code (serde_json).

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
    /// Anything JSON cannot carry (functions, symbols, bigints, Blobs...).
    Other,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "boolean",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
            Kind::Other => "unsupported value",
        }
    }
}

pub trait Value: Sized {
    fn kind(&self) -> Kind;
    fn as_str(&self) -> Option<String>;
    fn as_f64(&self) -> Option<f64>;
    fn as_bool(&self) -> Option<bool>;
    /// Length of an array (0 for anything else).
    fn len(&self) -> usize;
    fn item(&self, index: usize) -> Option<Self>;
    /// A present, defined member of an object.
    fn field(&self, key: &str) -> Option<Self>;
    /// `field` for a key from the operation table, which an implementation
    /// may cache (the wasm side keeps such keys as ready JS strings).
    fn field_static(&self, key: &'static str) -> Option<Self> {
        self.field(key)
    }
    /// Own enumerable keys of an object, in insertion order.
    fn keys(&self) -> Vec<String>;

    /// The members named by a schema's `props`, one slot per prop, in the
    /// props' order. An implementation that can walk its members cheaply
    /// finds them in one pass instead of one lookup per prop (`keys`: the
    /// node's props hash table, `schema_bytes::Node`, maybe empty).
    fn members(&self, props: &'static [crate::table::Prop], _keys: &[u16], out: &mut Vec<Option<Self>>) {
        out.extend(props.iter().map(|p| self.field_static(p.name)));
    }

    /// A host object passed through as it is (FormData, Blob, streams).
    fn is_opaque(&self) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(any(feature = "serde", test))]
mod serde_impl {
    use super::{Kind, Value};
    use serde_json::Value as J;

    impl Value for &J {
        fn kind(&self) -> Kind {
            match self {
                J::Null => Kind::Null,
                J::Bool(_) => Kind::Bool,
                J::Number(_) => Kind::Number,
                J::String(_) => Kind::String,
                J::Array(_) => Kind::Array,
                J::Object(_) => Kind::Object,
            }
        }
        fn as_str(&self) -> Option<String> {
            J::as_str(self).map(str::to_owned)
        }
        fn as_f64(&self) -> Option<f64> {
            J::as_f64(self)
        }
        fn as_bool(&self) -> Option<bool> {
            J::as_bool(self)
        }
        fn len(&self) -> usize {
            self.as_array().map_or(0, Vec::len)
        }
        fn item(&self, index: usize) -> Option<Self> {
            self.as_array().and_then(|a| a.get(index))
        }
        fn field(&self, key: &str) -> Option<Self> {
            self.as_object().and_then(|o| o.get(key))
        }
        fn keys(&self) -> Vec<String> {
            self.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        }
    }
}
