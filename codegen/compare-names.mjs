// Compares the generated service/method names (pkg-template/generated/services.js)
// with the official SDK's (`@gohighlevel/api-client` dist folder given as argv[2]).
// usage: node codegen/compare-names.mjs node_modules/@gohighlevel/api-client/dist
// Exit code 0 when every difference is one documented in codegen/NAMES.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = process.argv[2];
if (!arg) {
  console.error("usage: node compare-names.mjs <sdk dist folder>");
  process.exit(2);
}
const lib = [path.join(arg, "lib"), path.join(arg, "dist", "lib"), arg].find((d) => fs.existsSync(path.join(d, "HighLevel.js")));
if (!lib) {
  console.error(`no HighLevel.js under ${arg}`);
  process.exit(2);
}

// Documented in NAMES.md: SDK members with no operation in the specs.
const KNOWN = new Set([
  "sdk-only service chatWidget",
  "sdk-only service files",
  "sdk-only method oauth.refreshToken",
]);

const { SERVICES } = await import(pathToFileURL(path.join(here, "..", "pkg-template", "generated", "services.js")).href);

// SDK: `this.<prop> = new <mod>_1.<Class>(` with `const <mod>_1 = require("./code/<dir>/<dir>")`
const main = fs.readFileSync(path.join(lib, "HighLevel.js"), "utf8");
const modDir = new Map();
for (const m of main.matchAll(/const (\w+) = require\("\.\/code\/([\w-]+)\/[\w-]+"\)/g)) modDir.set(m[1], m[2]);
const sdk = new Map();
for (const m of main.matchAll(/this\.(\w+) = new (\w+)\.\w+\(/g)) {
  const dir = modDir.get(m[2]);
  if (!dir) continue;
  const src = fs.readFileSync(path.join(lib, "code", dir, `${dir}.js`), "utf8");
  sdk.set(m[1], new Set([...src.matchAll(/^    async (\w+)\(/gm)].map((x) => x[1])));
}

const diffs = [];
for (const [svc, methods] of sdk) {
  if (!(svc in SERVICES)) { diffs.push(`sdk-only service ${svc}`); continue; }
  for (const m of methods) if (!(m in SERVICES[svc])) diffs.push(`sdk-only method ${svc}.${m}`);
}
for (const [svc, methods] of Object.entries(SERVICES)) {
  if (!sdk.has(svc)) { diffs.push(`generated-only service ${svc}`); continue; }
  for (const m of Object.keys(methods)) if (!sdk.get(svc).has(m)) diffs.push(`generated-only method ${svc}.${m}`);
}
let unexpected = 0;
for (const d of diffs) {
  const known = KNOWN.has(d);
  if (!known) unexpected++;
  console.log(`${known ? "known     " : "UNEXPECTED"} ${d}`);
}
const total = Object.values(SERVICES).reduce((n, m) => n + Object.keys(m).length, 0);
console.log(`${Object.keys(SERVICES).length} generated services, ${total} methods; SDK ${sdk.size} services; ${diffs.length} differences, ${unexpected} unexpected`);
process.exit(unexpected ? 1 : 0);
