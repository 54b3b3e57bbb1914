// 5. Validation, in one Node process, variants interleaved (the order rotates
// every repeat), medians, ratios taken within a repeat:
//
//  a. `HighLevel.validate('contacts.upsertContact', …)` on a realistic
//     1.2 KB upsert (bodies.mjs), valid and with three problems, against
//     `JSON.stringify(body)` + ajv 8 compiled once from the spec's schema
//     (ajv.mjs): what a hand-written client pays to check the same body.
//  b. A call before the network: CPU per `ghl.contacts.upsertContact(body)`
//     through a `fetch` that answers at once (a small JSON body, large
//     X-RateLimit-* figures so pacing stays out of the way), against a
//     hand-written call doing JSON.stringify + ajv + the same fetch +
//     JSON.parse. Both await each call; CPU from process.cpuUsage().
//
//   node validate.mjs [--calls 20000] [--repeats 5] [--precalls 5000]
import { HighLevel } from '../pkg/node.js';
import { compileBody } from './ajv.mjs';
import { UPSERT, INVALID } from './bodies.mjs';
import { median, argValue, emitResult } from './stats.mjs';

const CALLS = Number(argValue('calls', 20_000));
const REPEATS = Number(argValue('repeats', 5));
const PRECALLS = Number(argValue('precalls', 5_000));

const ajv = compileBody('contacts', 'upsert-contact');
const OP = 'contacts.upsertContact';

// Both sides agree on what is valid before anything is timed.
const valid = HighLevel.validate(OP, undefined, UPSERT);
if (!Array.isArray(valid) || valid.length) throw new Error(`the upsert body should be valid: ${JSON.stringify(valid)}`);
const invalidIssues = HighLevel.validate(OP, undefined, INVALID);
if (!Array.isArray(invalidIssues) || invalidIssues.length < 3) throw new Error(`the invalid body should have 3 issues: ${JSON.stringify(invalidIssues)}`);
if (!ajv(JSON.parse(JSON.stringify(UPSERT))) || ajv(JSON.parse(JSON.stringify(INVALID)))) throw new Error('ajv disagrees on the bodies');
const numericFieldValue = HighLevel.validate(OP, undefined, { ...UPSERT, customFields: [{ id: 'gLr2dU1vT2bYcO3nE4fG', key: 'contact.annual_budget', field_value: 25000 }] });

let sink = 0;
/** ns per call of `fn`, run `n` times. */
function loop(fn, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

// a. validation
const checks = {
  pkg: () => { sink += HighLevel.validate(OP, undefined, UPSERT).length; },
  pkgInvalid: () => { sink += HighLevel.validate(OP, undefined, INVALID).length; },
  // What a hand-written client checks: the text it sends, parsed back is not
  // needed (ajv reads the object), but the stringify is paid either way.
  ajv: () => { sink += JSON.stringify(UPSERT).length + (ajv(UPSERT) ? 1 : 0); },
  ajvInvalid: () => { sink += JSON.stringify(INVALID).length + (ajv(INVALID) ? 1 : 0); },
  stringify: () => { sink += JSON.stringify(UPSERT).length; },
};
const names = Object.keys(checks);
for (const n of names) loop(checks[n], Math.min(CALLS, 20_000)); // warm-up
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < REPEATS; r++) {
  for (let i = 0; i < names.length; i++) {
    const n = names[(i + r) % names.length];
    runs[n].push(loop(checks[n], CALLS));
  }
}
const per = (n) => ({ nsPerCall: median(runs[n]), opsPerSec: 1e9 / median(runs[n]), runs: runs[n] });
const ratio = (a, b) => median(runs[a].map((x, i) => x / runs[b][i]));

// b. a call before the network
const ANSWER = '{"new":false,"contact":{"id":"seD4PfOuKoVMLkEZqohJ"},"traceId":"t-1"}';
const HEADERS = { 'content-type': 'application/json', 'x-ratelimit-max': '1000000', 'x-ratelimit-remaining': '999999', 'x-ratelimit-interval-milliseconds': '10000', 'x-ratelimit-limit-daily': '100000000', 'x-ratelimit-daily-remaining': '99999999' };
const answer = async () => new Response(ANSWER, { status: 200, headers: HEADERS });
const ghl = new HighLevel({ privateIntegrationToken: 'pit-bench', baseUrl: 'https://api.test', fetch: answer });
const URL_ = 'https://api.test/contacts/upsert';
const REQ = { Accept: 'application/json', Version: '2021-07-28', Authorization: 'Bearer pit-bench', 'Content-Type': 'application/json' };
const calls = {
  pkg: () => ghl.contacts.upsertContact(UPSERT),
  hand: async () => {
    const text = JSON.stringify(UPSERT);
    if (!ajv(UPSERT)) throw new Error('invalid');
    const res = await answer(URL_, { method: 'POST', headers: REQ, body: text });
    return JSON.parse(await res.text());
  },
};
if ((await calls.pkg()).contact?.id !== (await calls.hand()).contact?.id) throw new Error('the two calls disagree');
async function block(fn, n) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += (await fn()).contact ? 1 : 0;
  const cpu = process.cpuUsage(c0);
  return { cpuUs: (cpu.user + cpu.system) / n, wallUs: Number(process.hrtime.bigint() - t0) / n / 1000 };
}
for (const v of ['pkg', 'hand']) await block(calls[v], Math.min(PRECALLS, 2_000));
const pre = { pkg: [], hand: [] };
for (let r = 0; r < REPEATS; r++) {
  for (const v of r % 2 ? ['hand', 'pkg'] : ['pkg', 'hand']) pre[v].push(await block(calls[v], PRECALLS));
}
const preOf = (v) => ({ cpuUsPerCall: median(pre[v].map((x) => x.cpuUs)), wallUsPerCall: median(pre[v].map((x) => x.wallUs)), runs: pre[v] });

if (sink === 0) throw new Error('unreachable');
emitResult({
  calls: CALLS,
  repeats: REPEATS,
  precalls: PRECALLS,
  bodyBytes: JSON.stringify(UPSERT).length,
  ajvVersion: (await import('ajv/package.json', { with: { type: 'json' } })).default.version,
  valid: per('pkg'),
  invalid: { ...per('pkgInvalid'), issues: invalidIssues },
  ajv: per('ajv'),
  ajvInvalid: per('ajvInvalid'),
  stringify: per('stringify'),
  ratio: { valid: ratio('pkg', 'ajv'), invalid: ratio('pkgInvalid', 'ajvInvalid') },
  numericFieldValue,
  precall: { pkg: preOf('pkg'), hand: preOf('hand'), ratio: median(pre.pkg.map((x, i) => x.cpuUs / pre.hand[i].cpuUs)) },
});
