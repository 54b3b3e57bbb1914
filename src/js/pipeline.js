// The JS side of the core's request pipeline (bound in bindings.rs):
// chains one attempt (a wait for the back-off and the rate slot, an optional
// `limiter.acquire`, fetch under the attempt's own deadline, then the body
// text) and reports how it settled to one long-lived Rust callback, so no
// per-call closures are made in Rust. Stages: 0 body read, 1 body read failed,
// 2 fetch failed, 3 waiting failed (nothing sent), 4 ask the pacer again,
// 5 a 2xx body parsed here.
export function kind(v) {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean': return 1;
    case 'number': return 2;
    case 'string': return 3;
    case 'object': return Array.isArray(v) ? 4 : 5;
    default: return 6;
  }
}
function sleep(ms, signal) {
  return new Promise((ok, no) => {
    if (signal && signal.aborted) return no(signal.reason);
    const stop = () => { clearTimeout(t); no(signal.reason); };
    const t = setTimeout(() => { if (signal) signal.removeEventListener('abort', stop); ok(); }, ms);
    if (signal) signal.addEventListener('abort', stop, { once: true });
  });
}
// The attempt's deadline: a controller and a timer of our own, cleared once
// the attempt settles. (AbortSignal.timeout was a sixth of a call's CPU in
// Node: a transferable signal, a weak ref and a finalizer each; in workerd
// the cost is the abortable fetch itself, the same either way.)
function arm(signal, ms) {
  if (!(ms > 0)) return [signal, undefined, noop];
  const c = new AbortController();
  const t = setTimeout(() => c.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  // As with AbortSignal.timeout, a pending deadline alone keeps no Node process alive.
  if (typeof t === 'object' && typeof t.unref === 'function') t.unref();
  if (!signal) return [c.signal, c.signal, () => clearTimeout(t)];
  const stop = () => c.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return [c.signal, c.signal, () => { clearTimeout(t); signal.removeEventListener('abort', stop); }];
}
function noop() {}
// A 2xx body that parses goes to the core parsed (stage 5), which then reads
// neither the status, the text nor JSON.parse across the boundary again
// (in workerd each crossing is dearer than the parse). An error status, or
// a body that does not parse (blank, invalid: the core words the error),
// goes as text (stage 0).
function body(r, t, end) {
  const s = r.status;
  if (s >= 200 && s < 300 && typeof t === 'string') {
    if (t === '') return end(r, undefined, 5);
    let v;
    try { v = JSON.parse(t); } catch (e) { return end(r, t, 0); }
    return end(r, v, 5);
  }
  return end(r, t, 0);
}
export function send(f, url, init, id, settle, delay, limiter, key, signal, timeoutMs) {
  if (delay < 0) return sleep(-delay, signal).then(() => settle(id, undefined, undefined, 4, undefined), (e) => settle(id, undefined, e, 3, undefined));
  const go = () => {
    const [s, timer, disarm] = arm(signal, timeoutMs);
    const i = s ? { ...init, signal: s } : init;
    const end = (r, v, stage) => { disarm(); return settle(id, r, v, stage, timer); };
    // fetch's and text()'s promises are used as they are (Promise.resolve
    // hands a native one back; `new Promise((ok) => ok(p))` cost two more
    // microtask jobs each); a synchronous throw is a rejection, as it was.
    let p;
    try { p = Promise.resolve(f(url, i)); } catch (e) { p = Promise.reject(e); }
    return p.then((r) => {
      let t;
      try { t = Promise.resolve(r.text()); } catch (e) { t = Promise.reject(e); }
      return t.then((t) => body(r, t, end), (e) => end(r, e, 1));
    }, (e) => end(undefined, e, 2));
  };
  let ready = delay > 0 ? sleep(delay, signal) : undefined;
  if (limiter) ready = (ready || Promise.resolve()).then(() => limiter.acquire(key, { signal }));
  return ready ? ready.then(go, (e) => settle(id, undefined, e, 3, undefined)) : go();
}
// The request's init (client.rs): the client's headers over the caller's and
// the operation's (already in `h`), in the order they were always set.
export function init(h, method, version, auth, type, body) {
  h.Accept = 'application/json';
  if (version !== undefined) h.Version = version;
  h.Authorization = auth;
  if (type !== undefined) h['Content-Type'] = type;
  return body === undefined ? { method, headers: h } : { method, body, headers: h };
}
const RATE = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];
export function figures(r) {
  const out = new Float64Array(5);
  const h = r.headers;
  for (let i = 0; i < 5; i++) {
    const v = h.get(RATE[i]);
    out[i] = v === null || v === undefined || String(v).trim() === '' ? NaN : Number(v);
  }
  return out;
}
export function update(limiter, key, figures) {
  try { Promise.resolve(limiter.update(key, figures)).catch(() => {}); } catch (e) {}
}