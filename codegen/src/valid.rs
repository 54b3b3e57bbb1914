//! Whether a JSON value fits a schema node: used to keep only the spec
//! examples that are valid and to check every synthesized fixture.

use crate::format;
use crate::schema::{Interner, T_ANY, T_ARRAY, T_BOOLEAN, T_INTEGER, T_NUMBER, T_STRING};
use crate::NONE;
use serde_json::Value;

impl Interner<'_> {
    pub(crate) fn valid(&self, v: &Value, idx: u16, depth: usize) -> bool {
        if idx == NONE || depth > 60 {
            return true;
        }
        let n = &self.nodes[idx as usize];
        if v.is_null() {
            return n.nullable
                || n.ty == T_ANY
                || !n.all_of.is_empty()
                || !n.one_of.is_empty()
                || !n.any_of.is_empty();
        }
        if !n.all_of.iter().all(|&a| self.valid(v, a, depth + 1)) {
            return false;
        }
        for alts in [&n.one_of, &n.any_of] {
            if !alts.is_empty() && !alts.iter().any(|&a| self.valid(v, a, depth + 1)) {
                return false;
            }
        }
        let ok = match n.ty {
            T_ANY => true,
            T_STRING => v.is_string(),
            T_NUMBER => v.is_number(),
            T_INTEGER => v.as_f64().is_some_and(|x| x.fract() == 0.0),
            T_BOOLEAN => v.is_boolean(),
            T_ARRAY => v.is_array(),
            _ => v.is_object(),
        };
        if !ok {
            return false;
        }
        if !n.enums.is_empty() && (v.is_string() || v.is_number() || v.is_boolean()) {
            let hit = n.enums.iter().any(|e| match v {
                Value::Number(x) => e.parse::<f64>().ok() == x.as_f64(),
                other => e.as_str() == other.to_string().as_str(),
            });
            if !hit {
                return false;
            }
        }
        match v {
            Value::String(t) => {
                t.chars().count() >= n.min_length as usize
                    && match n.fmt {
                        1 => format::is_date_time(t),
                        2 => format::is_date(t.as_bytes()),
                        3 => format::is_email(t),
                        4 => format::is_uri(t),
                        _ => true,
                    }
            }
            Value::Array(a) => {
                a.len() >= n.min_items as usize
                    && a.iter().all(|x| self.valid(x, n.items, depth + 1))
            }
            Value::Object(m) => n.props.iter().all(|(k, i, req)| match m.get(k) {
                Some(x) => self.valid(x, *i, depth + 1),
                None => !req,
            }),
            _ => true,
        }
    }
}
