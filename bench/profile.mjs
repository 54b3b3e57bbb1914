// 6. Where the time goes: a V8 CPU profile (node:inspector, only around the
// measured loops) of raw fetch, of this package, and of a hand-written
// node:http client (keep-alive agent, the same headers, a 30 s
// AbortSignal.timeout per call as the package's default timeoutMs) — the
// transport the package's Node entry uses, so package − raw node:http is the
// package's own cost per call. Self time is grouped by where it is spent: the
// package's wasm, its JS glue and core.js, Node's fetch (undici, with its
// llhttp wasm), other Node internals (http, streams, events, sockets), native
// built-ins, GC, the VM itself. Sequential calls, add/get alternating, in
// rounds that rotate the order.
//
//   node --expose-gc profile.mjs [--calls 5000] [--rounds 5] [--warmup 1000] [--save DIR]
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { makeClients } from './clients.mjs';
import { getSandbox, target } from './sandbox.mjs';
import { argValue, emitResult, loopbackOnly } from './stats.mjs';

loopbackOnly();
const CALLS = Number(argValue('calls', 5000));
const WARMUP = Number(argValue('warmup', 1000));
const SAVE = argValue('save', false); // a directory to write the .cpuprofile files to

export const CATEGORIES = ['wasm', 'glue+core', 'undici', 'node', 'native', 'gc', 'vm', 'other'];

/** `ownWasm`: the wasm URLs that are not undici's llhttp (seen in the raw fetch profile). */
function category(frame, llhttp) {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)' || functionName === '(root)') return 'vm';
  if (functionName === '(idle)') return 'idle';
  if (url.startsWith('wasm://')) return llhttp.has(url) ? 'undici' : 'wasm';
  // The package's JS (glue, core.js, client.js, paginate.js, …) but its node:http transport.
  if (/\/pkg\/(?!node-http\.js)/.test(url)) return 'glue+core';
  if (url.includes('internal/deps/undici')) return 'undici';
  if (url.startsWith('node:')) return 'node';
  if (url === '') return 'native';
  return 'other';
}

/** Self time (µs) per call frame of one profile, added into `acc`. */
function accumulate(profile, acc) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const key = `${f.url}\u0000${f.functionName}\u0000${f.lineNumber}`;
    const e = acc.get(key) ?? { frame: f, us: 0 };
    e.us += profile.timeDeltas[i] ?? 0;
    acc.set(key, e);
  }
}

function summarize(acc, calls, llhttp) {
  const perCallUs = {};
  const fns = [];
  for (const { frame: f, us } of acc.values()) {
    const c = category(f, llhttp);
    if (c === 'idle') continue;
    perCallUs[c] = (perCallUs[c] ?? 0) + us / calls;
    fns.push({ name: `${c}: ${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(pkg|bench)\//, '$1/')}${f.url ? `:${f.lineNumber + 1}` : ''}`, us: us / calls });
  }
  const totalUs = Object.values(perCallUs).reduce((a, b) => a + b, 0);
  return { perCallUs, totalUs, top: fns.sort((a, b) => b.us - a.us).slice(0, 15) };
}

const sandbox = await getSandbox();
const who = target(sandbox);
const clients = makeClients(sandbox, who);
// node:http by hand, as the package's Node entry sends.
const agent = new http.Agent({ keepAlive: true });
const request = (url, method, headers, body) => new Promise((resolve, reject) => {
  const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) }, agent, signal: AbortSignal.timeout(30_000) });
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e);
      }
    });
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(body);
});
const addUrl = new URL(`${sandbox.baseUrl}/contacts/${who.contactId}/followers`);
const getUrl = new URL(`${sandbox.baseUrl}/contacts/${who.contactId}`);
const rawHttp = {
  add: () => request(addUrl, 'POST', clients.headers.post, JSON.stringify({ followers: [who.userId] })),
  get: () => request(getUrl, 'GET', clients.headers.get),
};

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });

// Rounds, rotating the order, so no variant always profiles first.
const VARIANTS = ['fetch', 'pkg', 'http'];
const ROUNDS = Number(argValue('rounds', 5));
const per = Math.max(1, Math.round(CALLS / ROUNDS));
const client = (v) => (v === 'http' ? rawHttp : clients[v]);
const acc = Object.fromEntries(VARIANTS.map((v) => [v, new Map()]));
for (const v of VARIANTS) for (let i = 0; i < WARMUP; i++) await (i % 2 ? client(v).get() : client(v).add());
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < VARIANTS.length; k++) {
    const v = VARIANTS[(k + r) % VARIANTS.length];
    const c = client(v);
    globalThis.gc?.();
    await session.post('Profiler.start');
    for (let i = 0; i < per; i++) await (i % 2 ? c.get() : c.add());
    const { profile } = await session.post('Profiler.stop');
    if (SAVE) writeFileSync(`${SAVE}/${v}-${r}.cpuprofile`, JSON.stringify(profile));
    accumulate(profile, acc[v]);
  }
}
// undici's HTTP parser (llhttp) is wasm too: the wasm raw fetch runs that the
// package's profile never shows (the package sends through node:http; its own
// wasm can show up in raw fetch's profile, from a finalizer or a timer).
const wasmOf = (m) => new Set([...m.values()].map((e) => e.frame.url).filter((u) => u.startsWith('wasm://')));
const pkgWasm = wasmOf(acc.pkg);
const llhttp = new Set([...wasmOf(acc.fetch)].filter((u) => !pkgWasm.has(u)));
const out = { calls: per * ROUNDS, rounds: ROUNDS, categories: CATEGORIES };
for (const v of VARIANTS) out[v] = summarize(acc[v], per * ROUNDS, llhttp);
session.disconnect();
await sandbox.stop();
emitResult(out);
