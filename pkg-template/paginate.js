// Auto-pagination. The promise a list method returns is the first page, as
// for any call, and also an async iterable of every item of every page;
// `.pages()` on it yields whole pages. What the next request is (the style
// of each operation, from the generated table) is decided in wasm
// (`pageStep` of the entry's own wasm, handed to `listMethod`); every page
// is an ordinary call through the client, so pacing,
// retries, timeouts and `options.signal` apply to each.
import { HighLevelError, asError } from './error.js';

const MAX_PAGES = 1000;

// The base URL per client, for the next-page-URL origin check.
const bases = new WeakMap();
export function setBase(core, baseUrl) {
  bases.set(core, baseUrl);
}

// A method in the SDK's call shape (and arity) by shape (the wasm's `shapes`):
// `m(this, params, body, options)` under the SDK's argument order.
export const SHAPED = [
  (m) => function (options) { return m(this, undefined, undefined, options); },
  (m) => function (params, options) { return m(this, params, undefined, options); },
  (m) => function (body, options) { return m(this, undefined, body, options); },
  (m) => function (params, body, options) { return m(this, params, body, options); },
];

/**
 * The first page of list operation `op`, sent now, as a paged promise
 * (`call`: `{ op, params, body, options, core, send(params, body), wasm, label }`).
 */
export function paged(call) {
  call.base = bases.get(call.core);
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
