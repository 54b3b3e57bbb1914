// Drops the wasm `name` custom section (function names for debuggers, about a
// tenth of the file). Binaryen's wasm-opt would do more, but Debian's version
// mistypes wasm-bindgen's externref table and the module then fails in workerd.
//
// Before that, while the names are still there, it empties the closure-call
// shims nothing can call: wasm-bindgen instantiates
// `wasm_bindgen::convert::closures::_::invoke` for every closure type that
// any js-sys import mentions, and the describe functions that pointed at them
// are gone after the CLI, but their slots stay in the function table, so the
// linker's and the CLI's dead-code passes keep them (~48 shims, ~4.7 KB of
// code in each wasm). One that the glue calls is exported by the CLI; one
// called directly appears as a `call` in the code. Every other one has no
// reference left, so its body becomes `unreachable` (its type and table slot
// stay: nothing shifts).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const b = readFileSync(file);
const leb = (i) => { let r = 0, s = 0, x; do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const enc = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return Buffer.from(out); };

// One pass over the sections: imported functions, exports, names, bodies.
const sections = [];
let importedFns = 0;
const exportedFns = new Set();
const names = new Map();
let code = null;
for (let i = 8; i < b.length;) {
  const start = i;
  const id = b[i++];
  const [size, body] = leb(i);
  i = body + size;
  sections.push({ id, start, body, size, end: i });
  let p = body;
  const str = () => { const [n, q] = leb(p); p = q + n; return b.subarray(q, q + n).toString(); };
  if (id === 2) {
    let n; [n, p] = leb(p);
    for (let k = 0; k < n; k++) {
      str(); str();
      const kind = b[p++];
      let f;
      if (kind === 0) { [, p] = leb(p); importedFns++; }
      else if (kind === 1) { p++; [f, p] = leb(p); [, p] = leb(p); if (f & 1) [, p] = leb(p); }
      else if (kind === 2) { [f, p] = leb(p); [, p] = leb(p); if (f & 1) [, p] = leb(p); }
      else if (kind === 3) p += 2;
      else throw new Error(`${file}: import kind ${kind}`);
    }
  } else if (id === 7) {
    let n; [n, p] = leb(p);
    for (let k = 0; k < n; k++) {
      str();
      const kind = b[p++];
      let idx; [idx, p] = leb(p);
      if (kind === 0) exportedFns.add(idx);
    }
  } else if (id === 10) {
    code = sections.at(-1);
  } else if (id === 0 && str() === 'name') {
    while (p < i) {
      const sub = b[p++];
      let len; [len, p] = leb(p);
      const end = p + len;
      if (sub === 1) {
        let n; [n, p] = leb(p);
        for (let k = 0; k < n; k++) { let idx; [idx, p] = leb(p); names.set(idx, str()); }
      }
      p = end;
    }
  }
}

// The function bodies, and which functions some `call` names (a byte scan:
// a false match only keeps a shim).
const bodies = [];
if (code) {
  let [n, p] = leb(code.body);
  for (let k = 0; k < n; k++) {
    const [len, q] = leb(p);
    bodies.push([q, q + len]);
    p = q + len;
  }
}
const codeText = code ? b.subarray(code.body, code.end) : Buffer.alloc(0);
const called = (idx) => codeText.includes(Buffer.concat([Buffer.from([0x10]), enc(idx)]));
const dead = new Set();
for (const [idx, name] of names) {
  if (!name.startsWith('wasm_bindgen::convert::closures::_::invoke::')) continue;
  if (idx < importedFns || exportedFns.has(idx) || called(idx)) continue;
  dead.add(idx - importedFns);
}

// 0 locals, unreachable, end.
const EMPTY = Buffer.from([3, 0, 0x00, 0x0b]);
const keep = [b.subarray(0, 8)];
for (const s of sections) {
  if (s.id === 0) {
    const [len, q] = leb(s.body);
    if (b.subarray(q, q + len).toString() === 'name') continue;
  }
  if (s === code && dead.size) {
    const parts = [enc(bodies.length)];
    bodies.forEach(([q, end], k) => parts.push(dead.has(k) ? EMPTY : Buffer.concat([enc(end - q), b.subarray(q, end)])));
    const content = Buffer.concat(parts);
    keep.push(Buffer.from([10]), enc(content.length), content);
    continue;
  }
  keep.push(b.subarray(s.start, s.end));
}
writeFileSync(file, Buffer.concat(keep));
if (process.argv.includes('--verbose')) console.error(`${file}: ${dead.size} closure shims emptied`);
