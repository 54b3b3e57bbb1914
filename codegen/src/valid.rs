//! Whether a JSON value fits a schema node: used to keep only the spec
//! examples that are valid and to check every synthesized fixture.

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
                        1 => is_date_time(t),
                        2 => is_date(t.as_bytes()),
                        3 => {
                            t.contains('@') && t.rsplit('@').next().is_some_and(|d| d.contains('.'))
                        }
                        4 => t.contains(':') && !t.contains(' '),
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

fn is_date(b: &[u8]) -> bool {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let d = |r: std::ops::Range<usize>| -> Option<u32> {
        let x = &b[r];
        x.iter()
            .all(u8::is_ascii_digit)
            .then(|| x.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
    };
    let (Some(y), Some(m), Some(day)) = (d(0..4), d(5..7), d(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    day >= 1 && day <= max
}

fn is_date_time(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 20 || !is_date(&b[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let r = &b[11..];
    let dd = |x: &[u8], hi: u32| {
        x.len() == 2
            && x.iter().all(u8::is_ascii_digit)
            && u32::from(x[0] - b'0') * 10 + u32::from(x[1] - b'0') <= hi
    };
    if r.len() < 9
        || r[2] != b':'
        || r[5] != b':'
        || !dd(&r[0..2], 23)
        || !dd(&r[3..5], 59)
        || !dd(&r[6..8], 60)
    {
        return false;
    }
    let mut rest = &r[8..];
    if let Some(f) = rest.strip_prefix(b".") {
        let k = f.iter().take_while(|c| c.is_ascii_digit()).count();
        if k == 0 {
            return false;
        }
        rest = &f[k..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => dd(&[*h1, *h2], 23) && dd(&[*m1, *m2], 59),
        _ => false,
    }
}
