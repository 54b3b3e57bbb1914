// Auto-pagination. The promise a list method returns is the first page, as
// for any call, and also an async iterable of every item of every page;
// `.pages()` on it yields whole pages. What the next request is (the style
// of each operation, from the generated table) is decided in wasm
// (`pageStep` of the entry's own wasm, handed to `listMethod`); every page
// is an ordinary call through the client, so pacing,
// retries, timeouts and `options.signal` apply to each.
import { HighLevelError, asError, guard } from './error.js';

const MAX_PAGES = 1000;

// The base URL per client, for the next-page-URL origin check.
const bases = new WeakMap();
export function setBase(core, baseUrl) {
  bases.set(core, baseUrl);
}

// The method in the SDK's call shape (and arity) by shape (see client.js SHAPES).
const SHAPED = [
  (m) => function (options) { return m(this, undefined, undefined, options); },
  (m) => function (params, options) { return m(this, params, undefined, options); },
  (m) => function (body, options) { return m(this, undefined, body, options); },
  (m) => function (params, body, options) { return m(this, params, body, options); },
];

/**
 * The method for list operation `op`: sends the first page now, returns it
 * as a paged promise. `coreOf(self)` is the client's core, `optionsOf(o)`
 * the caller's options read once (both throw a HighLevelError for bad input,
 * which `guard` turns into a rejection).
 */
export function listMethod(op, shape, coreOf, optionsOf, fail, wasm, label) {
  return guard(label, SHAPED[shape]((self, params, body, options) => {
    const core = coreOf(self);
    const opts = optionsOf(options);
    const send = (p, b) => core.call(op, p, b, opts).then(undefined, fail);
    return paged({ op, params, body, options: opts, base: bases.get(core), send, wasm, label });
  }));
}

function paged(call) {
  const first = call.send(call.params, call.body);
  // A caller who only iterates gets a failure from the iterator; the promise
  // itself must not then count as an unhandled rejection.
  first.catch(() => {});
  first[Symbol.asyncIterator] = async function* items() {
    for await (const step of safeWalk(call, first)) yield* step.items;
  };
  first.pages = async function* pages() {
    for await (const step of safeWalk(call, first)) yield step.page;
  };
  return first;
}

// JSON text, or undefined for what JSON cannot carry (a BigInt): no check then.
function text(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

// What a request asked for, to catch a walk that comes back to one already made.
const key = (params, body) => text([params ?? null, body ?? null]);

// A page's items in short (count, first, last): a server that ignores the
// advancing field (`skip`, `page`) answers the same page again.
const brief = (items) => (items.length ? text([items.length, items[0], items[items.length - 1]]) : undefined);

// The walk fails only with HighLevelErrors, whatever the caller's params do.
async function* safeWalk(call, first) {
  try {
    yield* walk(call, first);
  } catch (e) {
    throw asError(e, call.label);
  }
}

function apply(obj, changes, replace) {
  const out = replace ? {} : { ...obj };
  for (const [k, v] of changes) out[k] = v;
  return out;
}

// Pages as { page, items }: the first is the promise's own, each next one
// is asked for only when the consumer wants it (no request runs ahead).
async function* walk(call, first) {
  const m = call.options?.maxPages;
  const maxPages = Number.isFinite(m) && m >= 1 ? Math.floor(m) : MAX_PAGES;
  let { params, body } = call;
  const asked = new Set([key(params, body)]);
  let page = await first;
  let seen = 0;
  let previous;
  for (let n = 1; ; n++) {
    const step = call.wasm.pageStep(call.op, params, body, page, seen, call.base);
    const now = brief(step.items);
    if (now !== undefined && now === previous) {
      throw new HighLevelError(call.wasm.pageError(call.op, 'the page repeats the previous one (the server ignored the advancing field); the cursor does not advance'));
    }
    previous = now;
    yield { page, items: step.items };
    if (step.error) throw new HighLevelError(step.error);
    if (!step.next || n >= maxPages) return;
    seen = step.seen;
    const next = step.next;
    if (next.replace || next.params.length) params = apply(params, next.params, next.replace);
    if (next.body.length) body = apply(body, next.body, false);
    const k = key(params, body);
    if (k !== undefined && asked.has(k)) {
      throw new HighLevelError(call.wasm.pageError(call.op, `the next request repeats one already made (${k.slice(0, 200)}); the cursor does not advance`));
    }
    asked.add(k);
    page = await call.send(params, body);
  }
}
