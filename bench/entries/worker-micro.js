// workerd-micro.mjs's worker: `/?v=<variant>&n=N` runs N sequential
// getContact calls (addFollowersContact for the *add variants) one way:
// raw fetch plus one piece of the package's pipeline at a time, the package,
// or the package as built elsewhere (`highlevel-wasm-base`, for A/B in one
// isolate: workerd-micro.mjs --base DIR; without it, the package again).
import { HighLevel } from 'highlevel-wasm';
import { HighLevel as BaseHighLevel } from 'highlevel-wasm-base';
// The raw exports of the same instance (pkg/ is what `highlevel-wasm` resolves to; with --src it is another instance).
import { methodNames, shapes, initSync } from '../../pkg/highlevel_wasm.js';
import tinyModule from 'probe:add.wasm';
import memModule from 'probe:mem.wasm';

// Two modules of a few bytes (written by workerd-micro.mjs): add(a, b), and
// ld(addr) over an exported memory `m` of 17 pages.
const tiny = new WebAssembly.Instance(tinyModule, {}).exports;
const mem = new WebAssembly.Instance(memModule, {}).exports;
const touch = (pages) => { let x = 0; for (let i = 0; i < pages; i++) x += mem.ld(i * 4096); return x; };

const RATE = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];

// What pipeline.js does around fetch, in plain JS without the wasm: a
// controller and a timer per call, text() then JSON.parse, the five headers.
function like(url, init) {
  const c = new AbortController();
  const t = setTimeout(() => c.abort(new DOMException('The operation timed out.', 'TimeoutError')), 30_000);
  return fetch(url, { ...init, signal: c.signal }).then((r) => r.text().then((text) => {
    clearTimeout(t);
    const h = r.headers;
    for (const n of RATE) h.get(n);
    return r.status === 200 && text.length ? JSON.parse(text) : undefined;
  }));
}

const likeAfter = (c, work) => { work(); return like(c.url, { method: 'GET', headers: { ...c.headers } }); };

let clients;
// A fetch without the network: the sandbox's answer to getContact, fetched once, replayed.
let fake;
const fakeFetch = () => Promise.resolve(new Response(fake.body, { status: 200, headers: fake.headers }));

const V = {
  base: (c) => fetch(c.url, { headers: c.headers }).then((r) => r.json()),
  text: (c) => fetch(c.url, { headers: c.headers }).then((r) => r.text()).then(JSON.parse),
  hget5: (c) => fetch(c.url, { headers: c.headers }).then((r) => { const h = r.headers; for (const n of RATE) h.get(n); return r.json(); }),
  hiter: (c) => fetch(c.url, { headers: c.headers }).then((r) => { for (const _ of r.headers); return r.json(); }),
  acsig: (c) => fetch(c.url, { headers: c.headers, signal: new AbortController().signal }).then((r) => r.json()),
  timer: (c) => { const t = setTimeout(() => {}, 30_000); return fetch(c.url, { headers: c.headers }).then((r) => r.json()).finally(() => clearTimeout(t)); },
  timeout: (c) => fetch(c.url, { headers: c.headers, signal: AbortSignal.timeout(30_000) }).then((r) => r.json()),
  full: (c) => { const a = new AbortController(); const t = setTimeout(() => a.abort(), 30_000); return fetch(c.url, { headers: c.headers, signal: a.signal }).then((r) => r.json()).finally(() => clearTimeout(t)); },
  hops: (c) => new Promise((ok) => ok(fetch(c.url, { headers: c.headers }))).then((r) => new Promise((ok) => ok(r.text())).then(JSON.parse)),
  like: (c) => like(c.url, { method: 'GET', headers: { ...c.headers } }),
  // `like` after some wasm work, to tell a call's own cost from the cost of
  // entering wasm again after the network: validate once (V) or twice (VV),
  // a refusal that reads nothing (N); the package's smallest exports,
  // methodNames (M), shapes (S), both (SM, MS); a 40-byte module's add (T);
  // another's loads from 8 or 64 pages of its memory (P8, P64); a view of
  // that memory from JS (U8), and of the package's memory (PM).
  likeV: (c) => likeAfter(c, () => HighLevel.validate('contacts.getContact', { contactId: c.id })),
  likeVV: (c) => likeAfter(c, () => { HighLevel.validate('contacts.getContact', { contactId: c.id }); HighLevel.validate('contacts.getContact', { contactId: c.id }); }),
  likeN: (c) => likeAfter(c, () => HighLevel.validate('contacts.getContact', 5)),
  likeM: (c) => likeAfter(c, () => methodNames(0, 1)),
  likeS: (c) => likeAfter(c, () => shapes()),
  likeSM: (c) => likeAfter(c, () => { shapes(); methodNames(0, 1); }),
  likeMS: (c) => likeAfter(c, () => { methodNames(0, 1); shapes(); }),
  likePM: (c) => likeAfter(c, () => new Uint8Array(initSync().memory.buffer, 1 << 16, 16)[3]),
  likeT: (c) => likeAfter(c, () => tiny.add(1, 2)),
  likeP8: (c) => likeAfter(c, () => touch(8)),
  likeP64: (c) => likeAfter(c, () => touch(64)),
  likeU8: (c) => likeAfter(c, () => new Uint8Array(mem.m.buffer, 0, 16)[3]),
  pkg: (c) => clients.pkg.contacts.getContact({ contactId: c.id }),
  pkgadd: (c) => clients.pkg.contacts.addFollowersContact({ contactId: c.id }, { followers: [c.user] }).then((r) => ({ contact: r })),
  pkgB: (c) => clients.base.contacts.getContact({ contactId: c.id }),
  pkgBnp: (c) => clients.baseNoPacing.contacts.getContact({ contactId: c.id }),
  pkgBadd: (c) => clients.base.contacts.addFollowersContact({ contactId: c.id }, { followers: [c.user] }).then((r) => ({ contact: r })),
  // timeoutMs 0 (no deadline), rateLimit false (no pacing), both.
  pkg0: (c) => clients.noTimeout.contacts.getContact({ contactId: c.id }),
  pkgnp: (c) => clients.noPacing.contacts.getContact({ contactId: c.id }),
  pkgnp0: (c) => clients.neither.contacts.getContact({ contactId: c.id }),
  fakebase: (c) => fakeFetch(c.url, { headers: c.headers }).then((r) => r.json()),
  fakepkg: (c) => clients.fake.contacts.getContact({ contactId: c.id }),
  // A raw network round trip, then a call through the fetch without the
  // network: the package's own cost when its code runs after the network
  // (against mixbase; fakepkg − fakebase is the same, hot).
  mixbase: (c) => V.base(c).then(() => fakeFetch().then((r) => r.json())),
  // ... a check alone (the wasm's validation of the params and nothing sent).
  mixval: (c) => V.base(c).then(() => (HighLevel.validate('contacts.getContact', { contactId: c.id }), { contact: 1 })),
  mixpkg: (c) => V.base(c).then(() => clients.fake.contacts.getContact({ contactId: c.id })),
};

export default {
  async fetch(request, env) {
    const q = new URL(request.url).searchParams;
    const v = V[q.get('v')];
    const n = Number(q.get('n'));
    if (!v) return new Response(`unknown variant ${q.get('v')}`, { status: 400 });
    const url = `${env.BASE_URL}/contacts/${encodeURIComponent(env.CONTACT)}`;
    const headers = { Accept: 'application/json', Version: '2021-07-28', Authorization: `Bearer ${env.TOKEN}` };
    if (!fake) {
      const r = await fetch(url, { headers });
      fake = { body: await r.text(), headers: [...r.headers] };
    }
    const config = { privateIntegrationToken: env.TOKEN, baseUrl: env.BASE_URL };
    clients ??= {
      pkg: new HighLevel(config),
      base: new BaseHighLevel(config),
      baseNoPacing: new BaseHighLevel({ ...config, rateLimit: false }),
      noTimeout: new HighLevel({ ...config, timeoutMs: 0 }),
      noPacing: new HighLevel({ ...config, rateLimit: false }),
      neither: new HighLevel({ ...config, timeoutMs: 0, rateLimit: false }),
      fake: new HighLevel({ ...config, fetch: fakeFetch }),
    };
    const c = { id: env.CONTACT, user: env.USER, url, headers };
    for (let i = 0; i < n; i++) {
      const out = await v(c);
      if (!out?.contact) return new Response(JSON.stringify(out), { status: 500 });
    }
    return new Response('ok');
  },
};
