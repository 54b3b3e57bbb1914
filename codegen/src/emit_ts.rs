//! `pkg-template/generated/services.d.ts`: named schema types, one interface
//! per service with each method in the official SDK's call shape, and
//! `Services` for the `HighLevel` class.

use crate::names::pascal;
use crate::operations::Operation;
use crate::paging::PagingRow;
use crate::schema::{Interner, T_ARRAY, T_BOOLEAN, T_INTEGER, T_NUMBER, T_OBJECT, T_STRING};
use crate::{Reduced, HEADER, NONE};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

fn ts_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_' || f == '$')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '$')
}

fn ts_key(s: &str) -> String {
    if ts_ident(s) {
        s.to_owned()
    } else {
        Value::String(s.into()).to_string()
    }
}

struct Ts<'a> {
    it: &'a Interner<'a>,
    names: BTreeMap<u16, String>,
    needed: BTreeSet<u16>,
}

impl<'a> Ts<'a> {
    fn new(it: &'a Interner<'a>, reserved: &BTreeSet<String>) -> Self {
        let mut taken: BTreeSet<String> = reserved.clone();
        for r in [
            "any",
            "unknown",
            "string",
            "number",
            "boolean",
            "never",
            "object",
            "symbol",
            "void",
            "undefined",
            "null",
            "bigint",
            "Promise",
            "Array",
            "Record",
            "Partial",
            "Date",
            "Object",
            "String",
            "Number",
            "Boolean",
            "Error",
            "Map",
            "Set",
            "Function",
            "Symbol",
            "RequestOptions",
            "ListOptions",
            "PagedPromise",
            "Services",
            "SERVICES",
            "RUNS",
            "NAMED",
        ] {
            taken.insert(r.to_owned());
        }
        let mut names = BTreeMap::new();
        for (i, n) in &it.names {
            let mut base: String = n
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                base.insert(0, '_');
            }
            let mut name = base.clone();
            let mut k = 2;
            while taken.contains(&name) {
                name = format!("{base}{k}");
                k += 1;
            }
            taken.insert(name.clone());
            names.insert(*i, name);
        }
        Ts {
            it,
            names,
            needed: BTreeSet::new(),
        }
    }

    fn ty(&mut self, idx: u16) -> String {
        if idx == NONE {
            return "unknown".into();
        }
        if let Some(n) = self.names.get(&idx) {
            self.needed.insert(idx);
            return n.clone();
        }
        self.body(idx)
    }

    fn body(&mut self, idx: u16) -> String {
        let n = &self.it.nodes[idx as usize];
        let mut parts: Vec<String> = vec![];
        let literal = !n.enums.is_empty()
            && n.enums
                .iter()
                .all(|e| !e.starts_with('{') && !e.starts_with('['));
        if literal {
            parts.push(n.enums.join(" | "));
        } else {
            match n.ty {
                T_STRING => parts.push("string".into()),
                T_NUMBER | T_INTEGER => parts.push("number".into()),
                T_BOOLEAN => parts.push("boolean".into()),
                T_ARRAY => {
                    let t = self.ty(n.items);
                    parts.push(if ts_ident(&t) {
                        format!("{t}[]")
                    } else {
                        format!("({t})[]")
                    });
                }
                T_OBJECT
                    if n.props.is_empty()
                        && n.all_of.is_empty()
                        && n.one_of.is_empty()
                        && n.any_of.is_empty() =>
                {
                    parts.push("{ [key: string]: unknown }".into())
                }
                _ => {}
            }
            if !n.props.is_empty() {
                let props: Vec<String> = n
                    .props
                    .clone()
                    .iter()
                    .map(|(k, i, req)| {
                        format!(
                            "{}{}: {}",
                            ts_key(k),
                            if *req { "" } else { "?" },
                            self.ty(*i)
                        )
                    })
                    .collect();
                parts.push(format!("{{ {} }}", props.join("; ")));
            }
        }
        let (all_of, one_of, any_of) = (n.all_of.clone(), n.one_of.clone(), n.any_of.clone());
        for a in all_of {
            let t = self.ty(a);
            parts.push(t);
        }
        for alts in [one_of, any_of] {
            if !alts.is_empty() {
                let ts: Vec<String> = alts.iter().map(|&a| self.ty(a)).collect();
                parts.push(format!("({})", ts.join(" | ")));
            }
        }
        let t = match parts.len() {
            0 => "unknown".to_owned(),
            1 => parts.pop().unwrap_or_default(),
            _ => parts
                .iter()
                .map(|p| {
                    if p.contains(" | ") && !p.starts_with('(') {
                        format!("({p})")
                    } else {
                        p.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" & "),
        };
        if n.nullable && t != "unknown" {
            format!(
                "{} | null",
                if t.contains(" & ") {
                    format!("({t})")
                } else {
                    t
                }
            )
        } else {
            t
        }
    }

    fn declarations(&mut self) -> String {
        let mut done = BTreeSet::new();
        let mut decls: BTreeMap<String, String> = BTreeMap::new();
        loop {
            let todo: Vec<u16> = self.needed.difference(&done).copied().collect();
            if todo.is_empty() {
                break;
            }
            for idx in todo {
                done.insert(idx);
                let name = self.names[&idx].clone();
                let n = &self.it.nodes[idx as usize];
                let interface = n.ty == T_OBJECT
                    && !n.nullable
                    && n.enums.is_empty()
                    && !n.props.is_empty()
                    && n.all_of.is_empty()
                    && n.one_of.is_empty()
                    && n.any_of.is_empty();
                let text = if interface {
                    let props = n.props.clone();
                    let mut s = format!("export interface {name} {{\n");
                    for (k, i, req) in props {
                        let t = self.ty(i);
                        let _ = writeln!(s, "  {}{}: {t};", ts_key(&k), if req { "" } else { "?" });
                    }
                    s.push_str("}\n");
                    s
                } else {
                    format!("export type {name} = {};\n", self.body(idx))
                };
                decls.insert(name, text);
            }
        }
        decls.into_values().collect::<Vec<_>>().join("")
    }
}

/// The schema node of property `name` of node `idx`, looking through `allOf`.
fn prop_of(it: &Interner, idx: u16, name: &str) -> Option<u16> {
    let n = it.nodes.get(usize::from(idx))?;
    n.props
        .iter()
        .find(|p| p.0 == name)
        .map(|p| p.1)
        .or_else(|| n.all_of.iter().find_map(|&a| prop_of(it, a, name)))
}

/// The item schema of a list operation's response: the array at `items`.
fn item_node(it: &Interner, resp: u16, items: &str) -> Option<u16> {
    let mut idx = resp;
    for seg in items.split('.').filter(|s| !s.is_empty()) {
        idx = prop_of(it, idx, seg)?;
    }
    let n = it.nodes.get(usize::from(idx))?;
    (n.ty == T_ARRAY && n.items != NONE).then_some(n.items)
}

pub(crate) fn dts(
    ops: &[Operation],
    pages: &[Option<PagingRow>],
    it: &Interner,
    reduced: &Reduced,
) -> String {
    let Reduced {
        params,
        bodies,
        resps,
    } = reduced;
    let services: BTreeSet<String> = ops.iter().map(|o| o.service.clone()).collect();
    let reserved: BTreeSet<String> = services
        .iter()
        .map(|s| format!("{}Service", pascal(s)))
        .collect();
    let mut ts = Ts::new(it, &reserved);
    let mut svc_text = String::new();
    for svc in &services {
        let _ = writeln!(svc_text, "export interface {}Service {{", pascal(svc));
        for (i, op) in ops.iter().enumerate().filter(|(_, o)| &o.service == svc) {
            let mut pt = vec![];
            for (p, &sch) in op.params.iter().zip(&params[i]) {
                let t = if p.loc == "path" {
                    "string".to_owned()
                } else {
                    ts.ty(sch)
                };
                pt.push(format!(
                    "{}{}: {t}",
                    ts_key(&p.key),
                    if p.required { "" } else { "?" }
                ));
            }
            // The official SDK's call shape: params only when the operation
            // has some, a request body only when it takes one, options last.
            let body_required = op.body.as_ref().is_some_and(|b| b.required);
            let mut args = vec![];
            if !pt.is_empty() {
                let t = format!("{{ {} }}", pt.join("; "));
                args.push(if op.params.iter().any(|p| p.required) {
                    format!("params: {t}")
                } else if body_required {
                    // an optional parameter cannot precede a required one
                    format!("params: {t} | undefined")
                } else {
                    format!("params?: {t}")
                });
            }
            if let (Some(b), sch) = (&op.body, bodies[i]) {
                let mut t = sch.map_or("unknown".to_owned(), |s| ts.ty(s));
                if b.kind == "multipart" {
                    t = format!("{t} | FormData");
                }
                args.push(format!(
                    "requestBody{}: {t}",
                    if b.required { "" } else { "?" }
                ));
            }
            let r = resps[i].map_or("unknown".to_owned(), |s| ts.ty(s));
            // a list operation's promise also iterates its items (paginate.js)
            let paged = pages.get(i).cloned().flatten().map(|p| {
                let item = resps[i].and_then(|s| item_node(it, s, &p.items));
                item.map_or("unknown".to_owned(), |s| ts.ty(s))
            });
            args.push(
                if paged.is_some() {
                    "options?: ListOptions"
                } else {
                    "options?: RequestOptions"
                }
                .to_owned(),
            );
            let _ = writeln!(
                svc_text,
                "  /** {} {} ({}) */",
                op.http.to_uppercase(),
                op.path,
                op.id
            );
            let ret = match paged {
                Some(item) => format!("PagedPromise<{r}, {item}>"),
                None => format!("Promise<{r}>"),
            };
            let _ = writeln!(svc_text, "  {}({}): {ret};", op.method, args.join(", "));
        }
        svc_text.push_str("}\n\n");
    }
    let decls = ts.declarations();
    let mut o = String::new();
    let _ = writeln!(o, "// {HEADER}");
    o.push_str("import type { RequestOptions } from \"../options\";\nimport type { ListOptions, PagedPromise } from \"../paginate\";\n\n");
    o.push_str("/** Per service: its first operation index and operation count (see services.js). */\nexport declare const RUNS: { readonly [service: string]: readonly [number, number] };\n/** Method names the wasm does not derive from its table, by operation index (see services.js). */\nexport declare const NAMED: { readonly [index: number]: string };\n/** Operation indices of the list operations (see services.js). */\nexport declare const PAGED: ReadonlySet<number>;\n\n");
    o.push_str(&decls);
    o.push('\n');
    o.push_str(&svc_text);
    o.push_str("export interface Services {\n");
    for svc in &services {
        let _ = writeln!(o, "  {svc}: {}Service;", pascal(svc));
    }
    o.push_str("}\n");
    o
}
