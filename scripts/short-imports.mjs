// Renames the wasm's imports from its JS glue to short names, in the .wasm's
// import section and in the glue's import object alike: wasm-bindgen names
// each `__wbg_<name>_<16 hex digits>` (and the module `./<out>_bg.js`),
// random digits that gzip cannot shrink, twice per import (the .wasm and the
// glue), and the snippet modules' paths likewise. The wasm's exports but
// `memory` get short names too (the glue reads them as `wasm.<name>`; one
// carries a hash as well); the glue's import object loses repeated keys and
// `function` keywords, its own member names get shorter. Run on
// wasm-bindgen's output before bundling.
//   node scripts/short-imports.mjs pkg/highlevel_wasm_bg.wasm pkg/highlevel_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [wasmFile, glueFile] = process.argv.slice(2);
const b = readFileSync(wasmFile);
let js = readFileSync(glueFile, 'utf8');
const MODULE = `./${basename(wasmFile).replace(/\.wasm$/, '.js')}`;

const leb = (buf, i) => { let r = 0, s = 0, x; do { x = buf[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const enc = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return Buffer.from(out); };
const str = (s) => { const t = Buffer.from(s); return Buffer.concat([enc(t.length), t]); };
// Identifier names, so the glue's object keys stay unquoted: a..Z, then aa, ab...
const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => (i < ALPHA.length ? '' : ALPHA[Math.floor(i / ALPHA.length) - 1]) + ALPHA[i % ALPHA.length];

const out = [b.subarray(0, 8)];
const renamed = new Map();
const exported = new Map(); // export name -> short name
const modules = new Map(); // module -> short name ('w': the glue; snippets s1, s2...)
for (let i = 8; i < b.length;) {
  const start = i;
  const id = b[i++];
  const [size, body] = leb(b, i);
  i = body + size;
  if (id === 7) {
    // The export section: count, then (name, kind, index) each.
    let [count, p] = leb(b, body);
    const parts = [enc(count)];
    for (let k = 0; k < count; k++) {
      let nlen;
      [nlen, p] = leb(b, p);
      const name = b.subarray(p, p + nlen).toString(); p += nlen;
      const descStart = p++;
      [, p] = leb(b, p);
      if (name !== 'memory') exported.set(name, shortName(exported.size));
      parts.push(str(exported.get(name) ?? name), b.subarray(descStart, p));
    }
    const sec = Buffer.concat(parts);
    out.push(Buffer.from([7]), enc(sec.length), sec);
    continue;
  }
  if (id !== 2) { out.push(b.subarray(start, i)); continue; }
  // The import section: count, then (module, field, kind, description) each.
  let [count, p] = leb(b, body);
  const parts = [enc(count)];
  for (let k = 0; k < count; k++) {
    let mlen, flen;
    [mlen, p] = leb(b, p);
    const mod = b.subarray(p, p + mlen).toString(); p += mlen;
    [flen, p] = leb(b, p);
    const field = b.subarray(p, p + flen).toString(); p += flen;
    const descStart = p;
    const kind = b[p++];
    // Skip the description: func (type index), table (reftype, limits), memory (limits), global (type, mut).
    if (kind === 0) [, p] = leb(b, p);
    else if (kind === 1) { p++; const flag = b[p++]; [, p] = leb(b, p); if (flag & 1) [, p] = leb(b, p); }
    else if (kind === 2) { const flag = b[p++]; [, p] = leb(b, p); if (flag & 1) [, p] = leb(b, p); }
    else if (kind === 3) p += 2;
    else throw new Error(`import kind ${kind}`);
    let name = field;
    if (mod === MODULE) {
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      name = renamed.get(field);
    }
    if (!modules.has(mod)) modules.set(mod, mod === MODULE ? 'w' : `s${modules.size}`);
    parts.push(str(modules.get(mod)), str(name), b.subarray(descStart, p));
  }
  const sec = Buffer.concat(parts);
  out.push(Buffer.from([2]), enc(sec.length), sec);
}
// The glue's import object: `"./x_bg.js": import0, "./snippets/...": import1`
// keys (the `import ... from` paths stay: they name files), and the
// `name: function ...` keys of the glue's own imports.
for (const [from, to] of modules) {
  const key = `${JSON.stringify(from)}:`;
  if (!js.includes(key)) throw new Error(`${glueFile}: no ${key} in the import object`);
  js = js.split(key).join(`${JSON.stringify(to)}:`);
}
// A snippet module keyed more than once (one `import * as` per use, same module): once.
const keyed = new Set();
js = js.replace(/^\s*("s\d+"): import\d+,\n/gm, (line, key) => (keyed.has(key) ? '' : (keyed.add(key), line)));
for (const [from, to] of renamed) {
  const re = new RegExp(`(^|[^\\w$])${from.replace(/\$/g, '\\$')}(?=\\s*:)`, 'g');
  const n = (js.match(re) || []).length;
  if (n !== 1) throw new Error(`${glueFile}: import ${from} is keyed ${n} times, not once`);
  js = js.replace(re, `$1${to}`);
}
// The glue's reads of the exports, `wasm.<name>` (`wasm`: the one module-level binding).
if ((js.match(/\b(?:let|const|var)\b[^;]*\bwasm\b(?![\w.])/g) || []).length !== 1) throw new Error(`${glueFile}: wasm is not bound once`);
for (const [from, to] of exported) js = js.replace(new RegExp(`\\bwasm\\.${from.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `wasm.${to}`);
// The import object's `name: function(...) {` entries as methods, `name(...) {`
// (the wasm only calls them: none is constructed).
js = js.replace(/^(\s+[A-Za-z_$][\w$]*): function\(/gm, '$1(');
// The glue's own member names on its classes and closures (a minifier keeps property names).
for (const [from, to] of [['__wbg_ptr', '__p'], ['__destroy_into_raw', '__d'], ['_wbg_cb_unref', '_u']]) {
  if (new RegExp(`\\b${to}\\b`).test(js)) throw new Error(`${glueFile}: ${to} is taken`);
  js = js.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
}
writeFileSync(wasmFile, Buffer.concat(out));
writeFileSync(glueFile, js);
