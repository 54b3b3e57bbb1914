// Compares the generated surface with the official SDK's (`@gohighlevel/api-client`
// dist folder given as argv[2]):
//   names   service properties and method names: codegen's (the rows of
//           tests/generated/smoke.json; the client has the same ones, the wasm
//           deriving most from its table: tests/js/names.test.js)
//   shapes  each method's call shape, (options) / (params, options) /
//           (requestBody, options) / (params, requestBody, options): the SDK's
//           from its method signatures, ours from the operation table
//           (src/generated/ops.rs, what the wasm `shapes()` hands core.js) and
//           from the typings (pkg-template/generated/services.d.ts), which
//           must agree with each other
//   params  the wire name and location of every parameter (the SDK's paramDefs)
// usage: node codegen/compare-names.mjs node_modules/@gohighlevel/api-client/dist
// Exit code 0 when every difference is one documented in codegen/NAMES.md
// (the `reported as` column of its Differences table).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..");

export const SHAPES = ["(options)", "(params, options)", "(requestBody, options)", "(params, requestBody, options)"];
const shapeOf = (hasParams, hasBody) => (hasParams ? 1 : 0) | (hasBody ? 2 : 0);

/** The SDK's lib folder (with HighLevel.js) under `dist`, `dist/lib` or the package root. */
export function sdkLib(arg) {
  const lib = [path.join(arg, "lib"), path.join(arg, "dist", "lib"), arg].find((d) => fs.existsSync(path.join(d, "HighLevel.js")));
  if (!lib) throw new Error(`no HighLevel.js under ${arg}`);
  return lib;
}

/**
 * The SDK's API services: Map<service, Map<method, { args, shape, params, paramsOptional, bodyOptional }>>.
 * `args` is the JS parameter list; `shape` is null when it is none of the four shapes.
 */
export function readSdk(arg) {
  const lib = sdkLib(arg);
  // `this.<prop> = new <mod>_1.<Class>(` with `const <mod>_1 = require("./code/<dir>/<dir>")`
  const main = fs.readFileSync(path.join(lib, "HighLevel.js"), "utf8");
  const modDir = new Map();
  for (const m of main.matchAll(/const (\w+) = require\("\.\/code\/([\w-]+)\/[\w-]+"\)/g)) modDir.set(m[1], m[2]);
  const sdk = new Map();
  for (const m of main.matchAll(/this\.(\w+) = new (\w+)\.\w+\(/g)) {
    const dir = modDir.get(m[2]);
    if (!dir) continue; // not an API service (logger, storage, webhooks)
    const js = fs.readFileSync(path.join(lib, "code", dir, `${dir}.js`), "utf8");
    const dtsFile = path.join(lib, "code", dir, `${dir}.d.ts`);
    const dts = fs.existsSync(dtsFile) ? fs.readFileSync(dtsFile, "utf8") : "";
    const typed = new Map();
    for (const d of dts.matchAll(/^    (\w+)\(([\s\S]*?)\): Promise</gm)) typed.set(d[1], d[2]);
    const methods = new Map();
    for (const x of js.matchAll(/^    async (\w+)\(([^)]*)\) \{\n(?:        const paramDefs = (\[.*\]);)?/gm)) {
      const args = x[2].split(",").map((a) => a.trim()).filter(Boolean);
      const shape = SHAPES.indexOf(`(${args.join(", ")})`);
      const params = [...(x[3] ?? "").matchAll(/name: '([^']*)', in: '(\w+)'/g)].map((p) => `${p[2]} ${p[1]}`).sort();
      const sig = typed.get(x[1]) ?? "";
      methods.set(x[1], {
        args: `(${args.join(", ")})`,
        shape: shape < 0 ? null : shape,
        params,
        paramsOptional: /^params\?:/.test(sig),
        bodyOptional: /(^|,\s*)requestBody\?:/.test(sig),
      });
    }
    sdk.set(m[1], methods);
  }
  return sdk;
}

/**
 * This project's surface: Map<service, Map<method, { index, shape, declared, params, paramsOptional, bodyOptional }>>
 * from the generated files (no build needed). `shape` is the table's (runtime),
 * `declared` the typings'.
 */
export async function readGenerated() {
  const SERVICES = {};
  for (const r of JSON.parse(fs.readFileSync(path.join(root, "tests", "generated", "smoke.json"), "utf8")).smoke) {
    (SERVICES[r.service] ??= {})[r.method] = r.index;
  }
  const rows = new Map();
  const opsRs = fs.readFileSync(path.join(root, "src", "generated", "ops.rs"), "utf8");
  let index = 0;
  for (const [heads, rests] of opRows(opsRs)) {
    for (let i = 0; i < heads.length; i++) {
      const params = rests[i].params.map((p) => `${p.loc} ${p.name}`).sort();
      rows.set(index++, { shape: shapeOf(params.length > 0, heads[i].body), params });
    }
  }
  // services.d.ts: `export interface XService {` blocks of one-line methods; `Services` maps the property to X.
  const dts = fs.readFileSync(path.join(root, "pkg-template", "generated", "services.d.ts"), "utf8");
  const ifaceOf = new Map([...(dts.match(/^export interface Services \{\n([\s\S]*?)^\}/m)?.[1] ?? "").matchAll(/^  (\w+): (\w+);$/gm)].map((m) => [m[1], m[2]]));
  const declared = new Map();
  for (const b of dts.matchAll(/^export interface (\w+Service) \{\n([\s\S]*?)^\}/gm)) {
    const methods = new Map();
    for (const m of b[2].matchAll(/^  (\w+)\((.*)\): (?:Paged)?Promise<.*>;$/gm)) {
      const args = m[2];
      methods.set(m[1], {
        shape: shapeOf(/^params\??:/.test(args), /(^|, )requestBody\??:/.test(args)),
        paramsOptional: /^params\?:/.test(args),
        bodyOptional: /(^|, )requestBody\?:/.test(args),
      });
    }
    declared.set(b[1], methods);
  }
  const out = new Map();
  for (const [svc, methods] of Object.entries(SERVICES)) {
    const d = declared.get(ifaceOf.get(svc)) ?? new Map();
    out.set(svc, new Map(Object.entries(methods).map(([name, index]) => {
      const row = rows.get(index) ?? { shape: null, params: [] };
      const t = d.get(name);
      return [name, { index, shape: row.shape, params: row.params, declared: t?.shape ?? null, paramsOptional: t?.paramsOptional, bodyOptional: t?.bodyOptional }];
    })));
  }
  return out;
}

/** A Rust byte string literal's bytes (as codegen writes them: printable ASCII, `\xNN`, `\\`, `\"`, line continuations). */
function unescape(lit) {
  const out = [];
  for (let i = 0; i < lit.length; i++) {
    if (lit[i] !== "\\") { out.push(lit.charCodeAt(i)); continue; }
    const c = lit[++i];
    if (c === "\n") { while (/\s/.test(lit[i + 1] ?? "")) i++; }
    else if (c === "x") { out.push(parseInt(lit.slice(i + 1, i + 3), 16)); i += 2; }
    else out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

/** The rows of ops.rs decoded (the format: src/op_bytes.rs), as one [heads, rests] run. */
function opRows(opsRs) {
  const lit = String.raw`b"((?:[^"\\]|\\[\s\S])*)"`;
  const services = [];
  // HEADS is one literal; RESTS_PARTS one per service (`if on::X { b"..." } else { b"" }`).
  const headsLit = opsRs.match(new RegExp(String.raw`static HEADS: &\[u8\] = ${lit};`))?.[1];
  const parts = [...opsRs.matchAll(new RegExp(String.raw`\*/ if [\w:]+ \{ ${lit} \} else`, "g"))].map((m) => unescape(m[1]));
  if (headsLit !== undefined) {
    const read = (b) => {
      let i = 0;
      const num = () => { let v = 0, s = 0, x; do { x = b[i++]; v |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return v; };
      const text = () => { const n = num(); i += n; return Buffer.from(b.subarray(i - n, i)).toString("utf8"); };
      return { byte: () => b[i++], num, text, more: () => i < b.length };
    };
    const h = read(unescape(headsLit));
    const r = read(Buffer.concat(parts));
    const heads = [];
    const rests = [];
    let path = "";
    while (h.more()) {
      const head = h.byte();
      const id = h.text();
      const shared = h.num();
      path = path.slice(0, shared) + h.text(); // front-coded (ASCII paths: bytes are chars)
      heads.push({ id, path, paging: h.num(), body: (head >> 5 & 3) !== 0 });
      const count = r.num();
      if (heads.at(-1).body) r.num();
      const params = [];
      for (let k = 0; k < count; k++) {
        const f = r.byte();
        const key = r.text();
        const name = f & 16 ? r.text() : key;
        r.num();
        params.push({ loc: ["path", "query", "header"][f & 3], key, name });
      }
      rests.push({ params });
    }
    services.push([heads, rests]);
  }
  return services;
}

/** The `reported as` keys of NAMES.md's Differences table (rows without a reason are an error). */
export function documented(file = path.join(here, "NAMES.md")) {
  const text = fs.readFileSync(file, "utf8");
  const section = text.split(/^## /m).find((s) => s.startsWith("Differences"));
  if (!section) throw new Error(`${file}: no "## Differences" section`);
  const keys = new Map();
  for (const line of section.split("\n").filter((l) => l.startsWith("|")).slice(2)) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    const [member, , reason, reported] = cells;
    if (!reason) throw new Error(`${file}: difference without a reason: ${line}`);
    for (const k of (reported ?? "").matchAll(/`([^`]+)`/g)) keys.set(k[1], { member, reason });
  }
  return keys;
}

/** Every difference between the SDK at `dist` and the generated surface, each marked known (documented) or not. */
export async function compare(dist) {
  const sdk = readSdk(dist);
  const gen = await readGenerated();
  const known = documented();
  const diffs = [];
  const notes = { paramsLooser: [], bodyLooser: [], bodyStricter: [] };
  for (const [svc, methods] of sdk) {
    if (!gen.has(svc)) { diffs.push(`sdk-only service ${svc}`); continue; }
    for (const m of methods.keys()) if (!gen.get(svc).has(m)) diffs.push(`sdk-only method ${svc}.${m}`);
  }
  let shapesCompared = 0;
  const byShape = [0, 0, 0, 0];
  for (const [svc, methods] of gen) {
    if (!sdk.has(svc)) { diffs.push(`generated-only service ${svc}`); continue; }
    for (const [m, g] of methods) {
      const name = `${svc}.${m}`;
      if (g.declared !== g.shape) diffs.push(`typing ${name}: services.d.ts ${SHAPES[g.declared] ?? "missing"} but table ${SHAPES[g.shape] ?? "missing"}`);
      const s = sdk.get(svc).get(m);
      if (!s) { diffs.push(`generated-only method ${name}`); continue; }
      shapesCompared++;
      if (s.shape !== g.shape) diffs.push(`shape ${name}: sdk ${s.args} but generated ${SHAPES[g.shape] ?? "missing"}`);
      else byShape[g.shape]++;
      if (s.params.join() !== g.params.join()) diffs.push(`params ${name}: sdk [${s.params.join(", ")}] but generated [${g.params.join(", ")}]`);
      // Typing notes (not differences): where optionality follows the spec rather than the SDK's d.ts.
      if (g.paramsOptional && !s.paramsOptional) notes.paramsLooser.push(name);
      if (g.bodyOptional && !s.bodyOptional) notes.bodyLooser.push(name);
      if (g.shape & 2 && !g.bodyOptional && s.bodyOptional) notes.bodyStricter.push(name);
    }
  }
  const rows = diffs.map((d) => ({ diff: d, known: known.has(d) }));
  const seen = new Set(diffs);
  return {
    rows,
    unexpected: rows.filter((r) => !r.known).map((r) => r.diff),
    stale: [...known.keys()].filter((k) => !seen.has(k)),
    services: gen.size,
    methods: [...gen.values()].reduce((n, m) => n + m.size, 0),
    sdkServices: sdk.size,
    sdkMethods: [...sdk.values()].reduce((n, m) => n + m.size, 0),
    shapesCompared,
    byShape,
    notes,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const arg = process.argv[2];
  if (!arg) {
    console.error("usage: node compare-names.mjs <sdk dist folder>");
    process.exit(2);
  }
  let r;
  try {
    r = await compare(arg);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  for (const { diff, known } of r.rows) console.log(`${known ? "known     " : "UNEXPECTED"} ${diff}`);
  for (const k of r.stale) console.log(`STALE      ${k} (documented in NAMES.md but not found)`);
  const n = r.notes;
  console.log(`typing notes: params optional where the SDK's d.ts requires them: ${n.paramsLooser.length}; requestBody optional where the SDK's d.ts requires it: ${n.bodyLooser.length} (${n.bodyLooser.join(", ")}); requestBody required where the SDK's d.ts has it optional: ${n.bodyStricter.length} (${n.bodyStricter.join(", ")})`);
  console.log(`${r.services} generated services, ${r.methods} methods; SDK ${r.sdkServices} services, ${r.sdkMethods} methods; ${r.shapesCompared} shapes compared (${r.byShape.map((c, i) => `${SHAPES[i]} ${c}`).join(", ")}); ${r.rows.length} differences, ${r.unexpected.length} unexpected, ${r.stale.length} stale`);
  process.exit(r.unexpected.length || r.stale.length ? 1 : 0);
}
