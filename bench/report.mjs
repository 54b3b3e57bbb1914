// Turns the sections' results into the one table (markdown, printed as is)
// and the target verdicts. Pure functions of results/latest.json, so
// `node report.mjs [results/latest.json]` reprints a table without rerunning.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmtBytes, fmtNum, fmtRatio, fmtSigned, MiB } from './stats.mjs';

export const TARGETS = {
  callsPerSecRatio: 0.97,
  cpuRatio: 1.05,
  coldNodeMs: 15,
  coldNodeRssBytes: 5 * MiB,
  // "Flat": the wasm memory does not grow after warm-up, and settled RSS and
  // JS heap grow by less than this per 10,000 calls after it.
  flatRssPer10k: 1 * MiB,
  flatHeapPer10k: 256 * 1024,
  // Issue 10: validation against JSON.stringify + ajv, a call before the
  // network against a hand-written one, CPU per call in workerd and
  // Chromium against raw fetch, cold start beside @gnosticdev/highlevel-sdk
  // and in workerd over an empty worker.
  validateRatio: 1.5,
  precallRatio: 2,
  runtimeCpuRatio: 1.1,
  coldWorkerdMs: 20,
};

let quickRun = false; // a smoke run: counts too small to judge anything
const verdict = (ok) => (quickRun ? 'not judged (quick run)' : ok ? 'met' : '**not met**');
const ms = (x, d = 1) => (Number.isFinite(x) ? `${x.toFixed(d)} ms` : 'n/a');
const plusUs = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)} µs` : 'n/a');
const plusMs = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} ms` : 'n/a');
const plusBytes = (x) => (Number.isFinite(x) ? fmtSigned(x, fmtBytes).replace(/^-/, '−') : 'n/a');
const rawGz = (m) => `${fmtBytes(m.raw)} / ${fmtBytes(m.gzip)}`;
const esc = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** "does not build: 41 errors — cannot resolve fs, path, crypto, …" from esbuild's messages. */
const unresolved = (errors) => [...new Set(errors.map((e) => e.match(/Could not resolve "([^"]+)"/)?.[1]).filter(Boolean))];
const buildFailure = (n, errors, all) => {
  const names = unresolved(all ?? errors);
  return `does not build: ${n} errors${names.length ? `, cannot resolve Node built-ins (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})` : `: ${errors.slice(0, 2).join('; ')}`}`;
};

/** Pacing and retries on over off, per repeat (adjacent blocks), then the median. */
function pacingCost(pc, r) {
  const bare = pc.rows.find((x) => x.op === r.op && x.mode === r.mode && x.variant === 'bare');
  if (!bare) return undefined;
  const med = (k) => {
    const v = r.runs.map((x, i) => x[k] / bare.runs[i][k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  return { callsPerSec: med('callsPerSec'), cpuUsPerCall: med('cpuUsPerCall'), bare };
}

/** Target verdicts, for the table and for run.mjs's summary. */
export function targets(results) {
  const out = [];
  const pc = results.percall;
  if (pc) {
    for (const r of pc.rows.filter((x) => x.variant === 'pkg')) {
      out.push({ what: `per call ${r.op}, ${r.mode}: calls/s ≥ ${TARGETS.callsPerSecRatio}x raw fetch`, value: fmtRatio(r.ratio.callsPerSec), met: r.ratio.callsPerSec >= TARGETS.callsPerSecRatio });
      out.push({ what: `per call ${r.op}, ${r.mode}: CPU/call ≤ ${TARGETS.cpuRatio}x raw fetch`, value: fmtRatio(r.ratio.cpuUsPerCall), met: r.ratio.cpuUsPerCall <= TARGETS.cpuRatio });
      const k = pacingCost(pc, r);
      if (k) out.push({ what: `per call ${r.op}, ${r.mode}: pacing and retries on within 5 % of off (calls/s and CPU/call)`, value: `calls/s ${fmtRatio(k.callsPerSec)}, CPU ${fmtRatio(k.cpuUsPerCall)}`, met: k.callsPerSec >= 0.95 && k.cpuUsPerCall <= 1.05 });
    }
  }
  const sz = results.size?.pkg;
  if (sz?.budget) out.push({ what: `size: highlevel-wasm (v2 wasm + JS, gzip -9) ≤ ${fmtBytes(sz.budget)}`, value: fmtBytes(sz.total.gzip), met: sz.total.gzip <= sz.budget });
  const v = results.validate;
  if (v?.ratio) {
    out.push({ what: `validation: HighLevel.validate ≤ ${TARGETS.validateRatio}x JSON.stringify + ajv (valid body)`, value: fmtRatio(v.ratio.valid), met: v.ratio.valid <= TARGETS.validateRatio });
    out.push({ what: `validation: HighLevel.validate ≤ ${TARGETS.validateRatio}x JSON.stringify + ajv (body with 3 problems)`, value: fmtRatio(v.ratio.invalid), met: v.ratio.invalid <= TARGETS.validateRatio });
  }
  if (v?.precall) out.push({ what: `a call before the network: CPU ≤ ${TARGETS.precallRatio}x a hand-written JSON.stringify + ajv + fetch + JSON.parse`, value: fmtRatio(v.precall.ratio), met: v.precall.ratio <= TARGETS.precallRatio });
  for (const rt of ['workerd', 'chromium']) {
    for (const r of results.runtimes?.[rt]?.rows ?? []) {
      out.push({ what: `CPU per call in ${rt === 'workerd' ? 'workerd' : 'Chromium'}, ${r.op}: ≤ ${TARGETS.runtimeCpuRatio}x raw fetch`, value: fmtRatio(r.ratio), met: r.ratio <= TARGETS.runtimeCpuRatio });
    }
  }
  const g = results.coldstart?.node?.variants;
  if (g?.gnostic && g?.pkg) out.push({ what: 'cold start in Node ≤ @gnosticdev/highlevel-sdk\'s (import + first call, over `node -e ""`)', value: `${plusMs(g.pkg.overWallMs)} vs ${plusMs(g.gnostic.overWallMs)}`, met: g.pkg.overWallMs <= g.gnostic.overWallMs });
  const wk = results.coldstart?.workerd?.variants?.pkg;
  if (wk) out.push({ what: `cold start in workerd ≤ +${TARGETS.coldWorkerdMs} ms over an empty worker`, value: plusMs(wk.overWallMs), met: wk.overWallMs <= TARGETS.coldWorkerdMs });
  const cold = results.coldstart?.node?.variants?.pkg;
  if (cold) {
    out.push({ what: `cold start in Node ≤ +${TARGETS.coldNodeMs} ms over \`node -e ""\``, value: plusMs(cold.overWallMs), met: cold.overWallMs <= TARGETS.coldNodeMs });
    out.push({ what: `cold start in Node ≤ +${fmtBytes(TARGETS.coldNodeRssBytes)} peak RSS over \`node -e ""\``, value: plusBytes(cold.overRssBytes), met: cold.overRssBytes <= TARGETS.coldNodeRssBytes });
  }
  const mem = results.memory?.pkg;
  if (mem) {
    const g = mem.growthPer10k;
    const flat = mem.wasmGrowthAfterWarmup === 0 && g.rss < TARGETS.flatRssPer10k && g.heapUsed < TARGETS.flatHeapPer10k;
    out.push({ what: `memory flat across ${fmtNum(mem.calls)} calls (wasm memory constant after warm-up; settled RSS < ${fmtBytes(TARGETS.flatRssPer10k)} and heap < ${fmtBytes(TARGETS.flatHeapPer10k)} growth per 10k)`, value: `wasm ${plusBytes(mem.wasmGrowthAfterWarmup)} after warm-up; RSS ${plusBytes(g.rss)}, heap ${plusBytes(g.heapUsed)} per 10k`, met: flat });
  }
  return out;
}

/** The one table: section | measure | raw fetch | highlevel-wasm | official SDK | target. */
export function table(results) {
  quickRun = Boolean(results.meta?.quick);
  const rows = [];
  const row = (section, measure, fetch, pkg, sdk, target = '') => rows.push([section, measure, fetch, pkg, sdk, target].map(esc));
  const T = targets(results);
  const tv = (prefix) => T.find((t) => t.what.startsWith(prefix));

  // 1. per call
  const pc = results.percall;
  if (pc) {
    for (const op of [...new Set(pc.rows.map((r) => r.op))]) {
      for (const mode of [...new Set(pc.rows.map((r) => r.mode))]) {
        const at = (v) => pc.rows.find((r) => r.op === op && r.mode === mode && r.variant === v);
        const [f, p, s] = ['fetch', 'pkg', 'sdk'].map(at);
        const n = f.n;
        const what = `${op} ×${fmtNum(n)} ${mode === 'sequential' ? 'sequential' : `at ${f.concurrency} in flight`}`;
        const cell = (x, k, fmt) => `${fmt(x[k])} (${fmtRatio(x.ratio[k])})`;
        const callsT = tv(`per call ${op}, ${mode}: calls/s`);
        const cpuT = tv(`per call ${op}, ${mode}: CPU/call`);
        row('1 per call', `${what}: calls/s`, fmtNum(f.callsPerSec), cell(p, 'callsPerSec', fmtNum), cell(s, 'callsPerSec', fmtNum), `≥ ${TARGETS.callsPerSecRatio}x: ${verdict(callsT.met)}`);
        row('', `… p50 latency`, ms(f.p50Ms, 3), cell(p, 'p50Ms', (x) => ms(x, 3)), cell(s, 'p50Ms', (x) => ms(x, 3)));
        row('', `… p99 latency`, ms(f.p99Ms, 3), cell(p, 'p99Ms', (x) => ms(x, 3)), cell(s, 'p99Ms', (x) => ms(x, 3)));
        row('', `… CPU per call (process.cpuUsage)`, `${fmtNum(f.cpuUsPerCall)} µs`, cell(p, 'cpuUsPerCall', (x) => `${fmtNum(x)} µs`), cell(s, 'cpuUsPerCall', (x) => `${fmtNum(x)} µs`), `≤ ${TARGETS.cpuRatio}x: ${verdict(cpuT.met)}`);
        const k = pacingCost(pc, p);
        if (k) {
          const kT = tv(`per call ${op}, ${mode}: pacing and retries on`);
          row('', `… highlevel-wasm with \`rateLimit: false, maxRetries: 0\` (the column shows the defaults over it, per repeat)`, '–', `${fmtNum(k.bare.callsPerSec)} calls/s, ${fmtNum(k.bare.cpuUsPerCall)} µs CPU; on/off: calls/s ${fmtRatio(k.callsPerSec)}, CPU ${fmtRatio(k.cpuUsPerCall)}`, '–', `within 5 %: ${verdict(kT.met)}`);
        }
      }
    }
  }

  // 2. cold start
  const cs = results.coldstart;
  if (cs) {
    const n = cs.node.variants;
    row('2 cold start', `Node ${cs.node.node}: import + first call, wall time over \`node -e ""\` (${fmtNum(n.baseline.wallMs)} ms)`, `${plusMs(n.fetch.overWallMs)} (no client)`, plusMs(n.pkg.overWallMs), plusMs(n.sdk.overWallMs), `≤ +${TARGETS.coldNodeMs} ms: ${verdict(tv('cold start in Node ≤ +15 ms').met)}`);
    const ex = (x) => (Number.isFinite(x.exitAtMs) ? ` / exit at ${ms(x.exitAtMs)}` : '');
    row('', `… in-process: import / first call / exit at, since process start (\`node -e ""\` exits at ${ms(n.baseline.exitAtMs)})`, `– / ${ms(n.fetch.firstCallMs)}${ex(n.fetch)}`, `${ms(n.pkg.importMs)} / ${ms(n.pkg.firstCallMs)}${ex(n.pkg)}`, `${ms(n.sdk.importMs)} / ${ms(n.sdk.firstCallMs)}${ex(n.sdk)}`);
    if (n.gnostic) {
      row('', `… beside @gnosticdev/highlevel-sdk ${cs.node.gnosticVersion ?? ''} (openapi-fetch over fetch, no validation): import + first call over \`node -e ""\`; import / first call in-process`, '–', `${plusMs(n.pkg.overWallMs)}; ${ms(n.pkg.importMs)} / ${ms(n.pkg.firstCallMs)}`, `gnostic: ${plusMs(n.gnostic.overWallMs)}; ${ms(n.gnostic.importMs)} / ${ms(n.gnostic.firstCallMs)}`, `≤ gnostic's: ${verdict(tv('cold start in Node ≤ @gnosticdev').met)}`);
    }
    row('', `… peak RSS over \`node -e ""\` (${fmtBytes(n.baseline.maxRssBytes)})`, plusBytes(n.fetch.overRssBytes), plusBytes(n.pkg.overRssBytes), plusBytes(n.sdk.overRssBytes), `≤ +${fmtBytes(TARGETS.coldNodeRssBytes)}: ${verdict(tv('cold start in Node ≤ +5').met)}`);
    const w = cs.workerd;
    const wv = w.variants;
    const sdkCell = (k, fmt) => (wv.sdk ? `${fmt(wv.sdk[k])} (nodejs_compat)` : w.notes.sdk ?? 'n/a');
    const pkgCell = (k, fmt) => (wv.pkg ? fmt(wv.pkg[k]) : w.notes.pkg ?? 'n/a');
    if (wv.baseline) {
      const wt = tv('cold start in workerd');
      row('', `workerd (Miniflare): new runtime → first response, over an empty worker (${fmtNum(wv.baseline.wallMs)} ms)`, '–', pkgCell('overWallMs', plusMs), sdkCell('overWallMs', plusMs), wt ? `≤ +${TARGETS.coldWorkerdMs} ms: ${verdict(wt.met)}` : '');
      row('', `… workerd peak RSS over the empty worker (${fmtBytes(wv.baseline.maxRssBytes)})`, '–', pkgCell('overRssBytes', plusBytes), sdkCell('overRssBytes', plusBytes));
    } else {
      row('', 'workerd (Miniflare)', '–', w.notes.baseline ?? 'n/a', '');
    }
    const nc = w.sdkWithoutNodejsCompat;
    row('', 'workerd: without nodejs_compat (wrangler\'s default)', '–', wv.pkg ? 'runs' : 'n/a', nc.ok ? 'builds' : buildFailure(nc.errors.length, nc.errors));
    const pub = w.pkgAsPublished;
    if (pub) row('', 'workerd: the package as published, bundled', '–', `**fails**: the bundler drops the wasm init (${pub.shipsWasm ? 'wasm shipped' : 'no wasm in the bundle'}); first call → HTTP ${pub.status} ${pub.body.split('\n')[0]}; the figures above mark pkg/workerd.js as having side effects`, '');
  }

  // 3. size
  const sz = results.size;
  if (sz) {
    if (sz.pkg.entries) {
      const st = tv('size:');
      row('3 size', '`highlevel-wasm` (the v2 entry as `make size` counts it): wasm + JS, raw / gzip -9', '–', rawGz(sz.pkg.total), '–', `≤ ${fmtBytes(sz.pkg.budget)}: ${verdict(st.met)}`);
      row('', '… its wasm, raw / gzip -9', '–', rawGz(sz.pkg.wasm), '–');
      row('', '… its JS, raw / gzip -9', '–', `${rawGz(sz.pkg.js)} (Node loads ${rawGz(sz.pkg.nodeJs)})`, `${rawGz(sz.sdk.js)} (${sz.sdk.js.files} files of its own, + ${sz.sdk.dependencies.join(', ')})`);
      row('', '… the other entries beside it, wasm + JS, raw / gzip -9', '–', Object.entries(sz.pkg.entries).map(([k, m]) => `${k}: ${rawGz(m)}`).join('; '), '–');
    } else {
      row('3 size', 'package as published: wasm, raw / gzip -9', '–', rawGz(sz.pkg.wasm), '–');
      row('', 'package as published: JS, raw / gzip -9', '–', `${rawGz(sz.pkg.js)} (${sz.pkg.js.files} files; Node loads ${rawGz(sz.pkg.nodeJs)})`, `${rawGz(sz.sdk.js)} (${sz.sdk.js.files} files of its own, + ${sz.sdk.dependencies.join(', ')})`);
    }
    const b = (x) => (x.ok ? `${rawGz(x.total)} (JS ${rawGz(x.js)}${x.wasm.files ? ` + wasm ${rawGz(x.wasm)}` : ''})` : buildFailure(x.errors, x.firstErrors, x.allErrors));
    const br = sz.bundles.browser;
    const wk = sz.bundles.workers;
    row('', `browser bundle (esbuild ${sz.esbuild}: platform browser, esm, minify; the .wasm ships as a separate file, fetched via new URL(…, import.meta.url)), raw / gzip -9`, '–', b(br.pkg), b(br.sdk));
    if (br.sdkNodeBuiltinsExternal.ok) row('', '… SDK with Node built-ins left external (would not load in a browser)', '–', '–', b(br.sdkNodeBuiltinsExternal));
    row('', 'Workers bundle (wrangler\'s esbuild options: conditions workerd/worker/browser, es2022, minify; .wasm external as CompiledWasm), raw / gzip -9', '–', b(wk.pkg), b(wk.sdk));
    if (wk.sdkNodejsCompat.ok) row('', '… SDK with nodejs_compat (Node built-ins external, no unenv polyfills)', '–', '–', b(wk.sdkNodejsCompat));
    if (br.pkgAsPublished || wk.pkgAsPublished) {
      row('', `bundles of the package as published (\`"sideEffects": ${JSON.stringify(sz.pkgSideEffects)}\`)`, '–', `**broken**: the wasm init is tree-shaken away: browser ${br.pkgAsPublished ? b(br.pkgAsPublished) : 'fine'}; Workers ${wk.pkgAsPublished ? b(wk.pkgAsPublished) : 'fine'}; the figures above mark the entries as having side effects`, '');
    }
  }

  // 4. memory
  const mem = results.memory;
  if (mem?.pkg) {
    const p = mem.pkg;
    const f = mem.fetch;
    const bas = (x, k) => (x ? `${fmtBytes(x.before[k])} / ${fmtBytes(x.warmSettled[k])} / ${fmtBytes(x.after[k])} / ${fmtBytes(x.settled[k])}` : 'n/a');
    const flat = tv('memory flat');
    const warmN = fmtNum(p.warmSettled.calls);
    row('4 memory', `${fmtNum(p.calls)} calls (${p.inflight} in flight, add/get alternating): wasm linear memory before / settled after ${warmN} (warm-up) / right after the last / settled at the end (${fmtNum(p.settleMs / 1000, 1)} s idle + GC)`, '–', bas(p, 'wasmBytes'), '–');
    row('', '… RSS, same four points', bas(f, 'rss'), bas(p, 'rss'), '–');
    row('', '… JS heap used, same four points', bas(f, 'heapUsed'), bas(p, 'heapUsed'), '–');
    const g = (x) => (x ? `RSS ${plusBytes(x.growthPer10k.rss)}, heap ${plusBytes(x.growthPer10k.heapUsed)}, external ${plusBytes(x.growthPer10k.external)}` : 'n/a');
    row('', `… growth per 10k calls after warm-up (settled at the end − settled after ${warmN}) / ${fmtNum((p.settled.calls - p.warmSettled.calls) / 10_000, 1)}`, g(f), `wasm ${plusBytes(p.growthPer10k.wasmBytes)}; ${g(p)}`, '–', `flat: ${verdict(flat.met)}`);
    const sl = (x) => (x ? `RSS ${plusBytes(x.slopePer10k.rss)}, heap ${plusBytes(x.slopePer10k.heapUsed)}` : 'n/a');
    row('', '… for reference: least-squares slope per 10k of the in-run samples (RSS swings with V8\'s young generation)', sl(f), sl(p), '–');
  }

  // 5. validation
  const v = results.validate;
  if (v) {
    const nsCell = (x) => `${fmtNum(x.nsPerCall)} ns (${fmtNum(x.opsPerSec)} ops/s)`;
    const vt = (k) => tv(`validation: HighLevel.validate ≤ ${TARGETS.validateRatio}x JSON.stringify + ajv (${k}`);
    if (v.ajv) {
      row('5 validation', `HighLevel.validate('contacts.upsertContact', …) on a ${fmtNum(v.bodyBytes)}-byte upsert with 5 custom fields, against JSON.stringify + ajv ${v.ajvVersion} compiled once from the spec's schema (ajv-formats, allErrors): per call (the raw fetch column holds the ajv figure)`, nsCell(v.ajv), `${nsCell(v.valid)} (${fmtRatio(v.ratio.valid)})`, 'no validation', `≤ ${TARGETS.validateRatio}x: ${verdict(vt('valid').met)}`);
      row('', `… the same body with ${v.invalid.issues.length} problems (all reported)`, nsCell(v.ajvInvalid), `${nsCell(v.invalid)} (${fmtRatio(v.ratio.invalid)})`, '–', `≤ ${TARGETS.validateRatio}x: ${verdict(vt('body with').met)}`);
      row('', '… for scale: JSON.stringify of the body alone (every call pays it)', nsCell(v.stringify), '–', '–');
    } else {
      row('5 validation', `HighLevel.validate('contacts.upsertContact', …) on a ${fmtNum(v.bodyBytes)}-byte upsert with 5 custom fields: per call`, `JSON.stringify of the same body: ${nsCell(v.stringify)}`, nsCell(v.valid), 'no validation');
      row('', `… the same body with ${v.invalid.issues.length} problems (all reported)`, '–', nsCell(v.invalid), '–');
    }
    if (v.precall) {
      const pt = tv('a call before the network');
      row('', `a call before the network: CPU per \`ghl.contacts.upsertContact(body)\` through a fetch that answers at once, ×${fmtNum(v.precalls)} sequential (the raw fetch column: by hand, JSON.stringify + ajv + the same fetch + JSON.parse)`, `${fmtNum(v.precall.hand.cpuUsPerCall, 1)} µs`, `${fmtNum(v.precall.pkg.cpuUsPerCall, 1)} µs (${fmtRatio(v.precall.ratio)})`, '–', `≤ ${TARGETS.precallRatio}x: ${verdict(pt.met)}`);
    }
    if (v.numericFieldValue?.length) {
      row('', '… a numeric custom field value (`field_value: 25000`)', '–', `refused: ${v.numericFieldValue.map((i) => `${i.path} ${i.message}`).join('; ')} (the spec types NumericField.field_value as object)`, 'accepted (typed any)');
    }
  }

  // 6. profile (optional)
  const pr = results.profile;
  if (pr) {
    const cats = pr.categories;
    const cell = (x) => `${cats.map((c) => `${c} ${fmtNum(x.perCallUs[c] ?? 0, 1)}`).join(', ')}; total ${fmtNum(x.totalUs, 0)}`;
    row('6 profile', `V8 CPU profile, ${fmtNum(pr.calls)} sequential calls each in ${pr.rounds} rotating rounds (add/get alternating): self time per call in µs, by where (wasm = the package's module; undici includes its llhttp wasm; node = Node's JS internals: http, streams, events)`, cell(pr.fetch), cell(pr.pkg), '–');
    if (pr.http) {
      row('', '… hand-written node:http client (keep-alive agent, same headers, 30 s AbortSignal.timeout per call): the transport the package\'s Node entry uses', cell(pr.http), `package − node:http by hand: ${plusUs(pr.pkg.totalUs - pr.http.totalUs)} per call, of which the package's own code (wasm + glue/core) ${plusUs((pr.pkg.perCallUs.wasm ?? 0) + (pr.pkg.perCallUs['glue+core'] ?? 0))}; the rest is Node (sampling noise here is tens of µs)`, '–');
    }
  }

  // 7. CPU per call in workerd and Chromium
  const rts = results.runtimes;
  for (const [key, label] of [['workerd', 'workerd (Miniflare)'], ['chromium', 'headless Chromium']]) {
    const rt = rts?.[key];
    if (!rt) continue;
    if (rt.error) {
      row('7 runtimes', label, '–', `not measured: ${rt.error}`, '–');
      continue;
    }
    for (const r of rt.rows) {
      const t = tv(`CPU per call in ${key === 'workerd' ? 'workerd' : 'Chromium'}, ${r.op}`);
      row(key === 'workerd' && r === rt.rows[0] ? '7 runtimes' : '', `${label}${rt.version ? ` ${rt.version}` : ''}: ${r.op} ×${fmtNum(rt.calls ?? rts.calls)} sequential, ${rt.repeats ?? rts.repeats} interleaved repeats, CPU per call of the runtime's processes (all threads, /proc schedstat; includes its HTTP work)`, `${fmtNum(r.fetch.cpuUsPerCall)} µs`, `${fmtNum(r.pkg.cpuUsPerCall)} µs (${fmtRatio(r.ratio)})`, '–', `≤ ${TARGETS.runtimeCpuRatio}x: ${verdict(t.met)}`);
    }
  }

  const head = ['section', 'measure', 'raw fetch', 'highlevel-wasm', '@gohighlevel/api-client', 'target'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
  console.log(table(JSON.parse(readFileSync(file, 'utf8'))));
}
