// Marketplace apps: the authorization step in front of the Rust pipeline.
// Each call picks its session (`auth-rules.js`), refreshes it when due or
// once after a 401 that says the token is dead, and hands the access token
// and rate key to the core as `__session`. Refreshes are single-flight per
// key among every client sharing a store in this process, run inside the
// store's `lock` when it has one, and write the rotated session with `set`
// before its token is used. Secrets live in private fields only.
import { HighLevelError, asError, describe, failure as fail, guard } from './error.js';
import { MemoryTokenStore } from './token-store.js';
import * as R from './auth-rules.js';
import { add } from './caller.js';

const LOCATION_TOKEN_VERSION = '2021-07-28';

let random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
/** The Node entry installs node:crypto's when the runtime has no global `crypto` (Node 18). */
export function setRandomSource(f) {
  random = f;
}

// Per store: refreshes in flight, rotated sessions whose `set` failed, and
// remembered refusals, so clients sharing a store share them too.
const perStore = new WeakMap();
function shared(store) {
  let s = perStore.get(store);
  if (!s) perStore.set(store, (s = { flights: new Map(), unsaved: new Map(), refused: new Map() }));
  return s;
}

const unauthorized = (key, why) => fail('unauthorized', `no usable session for ${key}: ${why}`, { operationId: 'oauth.session' });

function configIssues(c) {
  const issues = [];
  const str = (v) => typeof v === 'string' && v !== '';
  if (!str(c.clientId)) add(issues, 'clientId', 'must be a non-empty string');
  if (!str(c.clientSecret)) add(issues, 'clientSecret', 'must be a non-empty string');
  const st = c.tokenStore;
  let methods = false;
  try {
    methods = st !== null && typeof st === 'object' && ['get', 'set', 'delete'].every((m) => typeof st[m] === 'function');
  } catch { /* a store whose members cannot be read has none */ }
  if (st !== undefined && !methods) add(issues, 'tokenStore', 'must have get, set and delete methods');
  if (c.refreshSkewMs !== undefined && !(Number.isFinite(c.refreshSkewMs) && c.refreshSkewMs >= 0)) add(issues, 'refreshSkewMs', 'must be a number >= 0');
  return issues;
}

/** The sessions of one app config: store access, refresh, the token endpoint. */
export class Sessions {
  #id; #secret; #store; #skew; #now; #base; #fetch; #timeoutMs; #market; #issues; #shared;

  /** `extra`: problems the client found with the config (every operation rejects naming them). */
  constructor(config, fallbackFetch, extra = []) {
    this.#id = config.clientId;
    this.#secret = config.clientSecret;
    const st = config.tokenStore;
    // A store that is not an object is a config issue (configIssues); it is never used.
    this.#store = st !== null && (typeof st === 'object' || typeof st === 'function') ? st : new MemoryTokenStore();
    this.#skew = config.refreshSkewMs ?? R.DEFAULT_SKEW_MS;
    this.#now = typeof config.clock === 'function' ? config.clock : () => Date.now(); // read at call time: tests travel in time
    this.#base = (typeof config.baseUrl === 'string' ? config.baseUrl : R.DEFAULT_BASE).replace(/\/+$/, '');
    this.#fetch = config.fetch ?? fallbackFetch;
    this.#timeoutMs = Number.isFinite(config.timeoutMs) ? config.timeoutMs : 30_000;
    this.#market = typeof config.marketplaceUrl === 'string' ? config.marketplaceUrl : R.MARKETPLACE_URL;
    this.#issues = [...extra, ...configIssues(config)];
    this.#shared = shared(this.#store);
  }

  /** Throws the config's problems, if any (each `ghl.auth` operation first). */
  ready(operationId) {
    if (this.#issues.length) throw R.validation(operationId, this.#issues);
  }

  async #storeOp(op, key, ...args) {
    try {
      return await this.#store[op](key, ...args);
    } catch (cause) {
      const kept = op === 'set' ? '; the new session is kept in memory and written again on the next call' : '';
      throw fail('store', `the token store's ${op}(${key}) failed${kept}`, { operationId: 'oauth.store', retryable: true, cause });
    }
  }

  // A rotated session is remembered until `set` succeeds: never dropped.
  async #write(key, session) {
    this.#shared.unsaved.set(key, session);
    await this.#storeOp('set', key, session);
    if (this.#shared.unsaved.get(key) === session) this.#shared.unsaved.delete(key);
    this.#shared.refused.delete(key);
  }

  async #read(key) {
    const s = this.#shared.unsaved.get(key) ?? (await this.#storeOp('get', key));
    return s !== null && typeof s === 'object' && typeof s.accessToken === 'string' && s.accessToken ? s : undefined;
  }

  /** The session in the store (or awaiting its write); an unsaved one is written first. */
  async #load(key) {
    const pending = this.#shared.unsaved.get(key);
    if (pending) await this.#write(key, pending);
    const s = pending ?? (await this.#read(key));
    if (!s) throw unauthorized(key, 'no session is stored under this key (install the app there, exchange a code or mint a location token)');
    return s;
  }

  #remembered(key) {
    const r = this.#shared.refused.get(key);
    if (r && this.#now() < r.until) throw new HighLevelError({ ...r.error.toJSON(), cause: r.error.cause });
  }

  /**
   * A session fit to use for `key`: refreshed when due, or when `stale` (the
   * token a 401 refused) is still the current one.
   */
  async authorize(key, stale) {
    this.ready('oauth.session');
    this.#remembered(key);
    const s = await this.#load(key);
    const due = stale === undefined ? R.refreshDue(s, this.#now(), this.#skew) : s.accessToken === stale;
    return due ? this.#refreshOnce(key, s) : s;
  }

  /** One refresh per key at a time; every caller meanwhile gets its result. */
  #refreshOnce(key, seen) {
    const flights = this.#shared.flights;
    let flight = flights.get(key);
    if (!flight) {
      flight = typeof this.#store.lock === 'function' ? this.#locked(key, () => this.#refreshLocked(key, seen)) : this.#refreshLocked(key, seen);
      flights.set(key, flight);
      const done = () => { if (flights.get(key) === flight) flights.delete(key); };
      flight.then(done, done);
    }
    return flight;
  }

  // Runs `fn` under the store's lock; a failure of the lock itself (not of
  // `fn`) is a `store` error.
  async #locked(key, fn) {
    let ran = false;
    let failed;
    const run = () => { ran = true; return fn().catch((e) => { failed = { e }; throw e; }); };
    let out;
    try {
      out = await this.#store.lock(key, run);
    } catch (e) {
      if (failed && failed.e === e) throw e;
      throw fail('store', `the token store's lock(${key}) failed`, { operationId: 'oauth.store', retryable: true, cause: e });
    }
    if (!ran || out === undefined) throw fail('store', `the token store's lock(${key}) did not resolve to what fn resolved to`, { operationId: 'oauth.store', retryable: true });
    return out;
  }

  async #refreshLocked(key, seen) {
    this.#remembered(key);
    const cur = await this.#read(key);
    if (!cur) throw unauthorized(key, 'the session was deleted');
    // Another holder (another client, process or isolate) already refreshed.
    if (seen && (cur.expiresAt !== seen.expiresAt || cur.accessToken !== seen.accessToken)) {
      if (this.#shared.unsaved.get(key) === cur) await this.#write(key, cur);
      return cur;
    }
    const sent = this.#now();
    let next;
    if (cur.refreshToken) {
      const form = { client_id: this.#id, client_secret: this.#secret, grant_type: 'refresh_token', refresh_token: cur.refreshToken };
      let body;
      try {
        body = await this.#post('/oauth/token', form, { operationId: 'oauth.refresh' });
      } catch (e) {
        if (e.statusCode === undefined || !R.isRefusal(e.statusCode, e.response)) throw e;
        const error = new HighLevelError({ ...e.toJSON(), kind: 'unauthorized', retryable: false, cause: e });
        this.#shared.refused.set(key, { error, until: this.#now() + R.REFUSAL_MEMORY_MS });
        throw error;
      }
      next = R.sessionFromToken(body, sent, cur);
    } else if (cur.userType === 'Location' && cur.companyId && cur.locationId) {
      next = await this.#mint(cur.companyId, cur.locationId); // a minted location session has no refresh token of its own
    } else {
      throw unauthorized(key, 'the session has no refresh token');
    }
    await this.#write(key, next);
    return next;
  }

  /** POSTs a form to the token endpoint; errors carry no secret. */
  async #post(path, fields, { operationId, bearer, version }) {
    const secrets = [this.#secret, bearer, fields.refresh_token, fields.code];
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (version) headers.Version = version;
    const err = (kind, message, extra) => fail(kind, message, { operationId, method: 'POST', path, ...extra });
    const ctl = new AbortController();
    const timer = this.#timeoutMs > 0 ? setTimeout(() => ctl.abort(), this.#timeoutMs) : undefined;
    let res;
    let text;
    try {
      const f = this.#fetch ?? globalThis.fetch;
      res = await f(`${this.#base}${path}`, { method: 'POST', headers, body: R.formBody(fields), signal: ctl.signal });
      text = await res.text();
    } catch (e) {
      const timeout = ctl.signal.aborted;
      const message = timeout ? `no answer from ${path} within ${this.#timeoutMs} ms` : R.scrub(`${path} failed: ${describe(e)}`, secrets);
      throw err(timeout ? 'timeout' : 'network', message, { retryable: true });
    } finally {
      clearTimeout(timer);
    }
    let body = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* kept as text */ }
    const requestId = res.headers?.get?.('x-request-id') ?? undefined;
    if (res.status >= 200 && res.status < 300) {
      if (body && typeof body === 'object' && typeof body.access_token === 'string' && body.access_token) return body;
      throw err('decode', `${path} answered without an access_token`, { statusCode: res.status, requestId });
    }
    const message = R.scrub(R.messageOf(body, res.status), secrets);
    const retryable = res.status === 429 || res.status >= 500;
    throw err(R.kindOf(res.status), message, { statusCode: res.status, messages: [message], retryable, response: R.scrub(body, secrets), requestId });
  }

  /** A location session from the stored company session (refreshed when due, or once after a 401). */
  async #mint(companyId, locationId) {
    const ckey = `company:${companyId}`;
    let company = await this.authorize(ckey);
    const form = { companyId, locationId };
    const send = (c) => this.#post('/oauth/locationToken', form, { operationId: 'oauth.locationToken', bearer: c.accessToken, version: LOCATION_TOKEN_VERSION });
    const sent = this.#now();
    let body;
    try {
      body = await send(company);
    } catch (e) {
      if (!R.isInvalidToken(e)) throw e;
      company = await this.authorize(ckey, company.accessToken);
      body = await send(company);
    }
    return R.sessionFromToken(body, sent, { companyId, locationId, userId: company.userId });
  }

  // ---- the `ghl.auth` operations ----

  authorizationUrl(options) {
    // Synchronous: a HighLevelError (validation) for anything wrong, whatever `options` throws.
    try {
      return R.authorizationUrl(this.#id, options, random, this.#market);
    } catch (e) {
      throw asError(e, 'oauth.authorizationUrl');
    }
  }

  async exchangeCode(options) {
    const { code, redirectUri, state, expectedState } = options ?? {};
    const issues = [];
    if (typeof code !== 'string' || !code) add(issues, 'code', 'must be a non-empty string');
    if (expectedState !== undefined && state !== expectedState) add(issues, 'state', state === undefined ? 'is missing' : 'does not match expectedState');
    if (issues.length) throw R.validation('oauth.exchangeCode', issues);
    const form = { client_id: this.#id, client_secret: this.#secret, grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    const sent = this.#now();
    const s = R.sessionFromToken(await this.#post('/oauth/token', form, { operationId: 'oauth.exchangeCode' }), sent);
    if (!s.companyId && !s.locationId) throw fail('decode', 'the token answer names neither a location nor a company', { operationId: 'oauth.exchangeCode' });
    const key = R.sessionKey(s);
    await this.#write(key, s);
    return R.redact(key, s);
  }

  async refresh(key) {
    if (typeof key !== 'string' || !key) throw R.validation('oauth.refresh', [{ path: 'key', message: 'must be a session key such as location:<id>' }]);
    this.#remembered(key);
    await this.#load(key);
    return R.redact(key, await this.#refreshOnce(key, undefined));
  }

  async locationToken(options) {
    const { companyId, locationId } = options ?? {};
    const issues = Object.entries({ companyId, locationId }).filter(([, v]) => typeof v !== 'string' || !v).map(([path]) => ({ path, message: 'must be a non-empty string' }));
    if (issues.length) throw R.validation('oauth.locationToken', issues);
    const s = await this.#mint(companyId, locationId);
    const key = `location:${locationId}`;
    await this.#write(key, s);
    return R.redact(key, s);
  }

  async session(key) {
    const s = await this.#read(key);
    return s ? R.redact(key, s) : undefined;
  }

  async handleInstall(event) {
    if (event === null || typeof event !== 'object' || (event.type !== undefined && event.type !== 'INSTALL')) {
      throw R.validation('oauth.handleInstall', [{ path: 'event.type', message: 'must be INSTALL' }]);
    }
    const { companyId, locationId } = event;
    if (typeof locationId !== 'string' || !locationId || typeof companyId !== 'string' || !companyId) return undefined;
    if (!(await this.#read(`company:${companyId}`))) return undefined;
    return this.locationToken({ companyId, locationId });
  }

  async handleUninstall(event) {
    const key = R.pickKey(undefined, undefined, event);
    if (event === null || typeof event !== 'object' || (event.type !== undefined && event.type !== 'UNINSTALL') || !key) {
      throw R.validation('oauth.handleUninstall', [{ path: 'event', message: 'must be an UNINSTALL event with a locationId or companyId' }]);
    }
    this.#shared.unsaved.delete(key);
    this.#shared.refused.delete(key);
    await this.#storeOp('delete', key);
    return undefined;
  }
}

/** `ghl.auth`: the OAuth helpers, over the client's sessions. */
export class Auth {
  #s;
  constructor(sessions) { this.#s = sessions; }
  authorizationUrl(options) { return this.#s.authorizationUrl(options); }
  static {
    // The async helpers never throw synchronously (called detached, say) and
    // reject only with HighLevelErrors (a caller's getter read inside is one).
    for (const name of ['exchangeCode', 'refresh', 'locationToken', 'session', 'handleInstall', 'handleUninstall']) {
      const op = `oauth.${name}`;
      const value = guard(op, function (arg) {
        const s = this.#s;
        s.ready(op);
        return s[name](arg).then(undefined, (e) => { throw asError(e, op); });
      });
      Object.defineProperty(Auth.prototype, name, { value, writable: true, configurable: true });
    }
  }
}

/**
 * What `core.js` calls in place of the wasm client for an app config: every
 * call and request goes through the authorization step first.
 */
export class AppCore {
  #wasm; #sessions; #key;
  constructor(wasm, sessions, key) {
    this.#wasm = wasm;
    this.#sessions = sessions;
    this.#key = key;
  }

  get rateLimit() { return this.#wasm.rateLimit; }

  call(op, params, body, options) {
    return this.#send(R.pickKey(params, body, options), options, (o) => this.#wasm.call(op, params, body, o));
  }

  request(spec) {
    return this.#send(R.pickKey(spec.query, spec.body, spec), spec, (o) => this.#wasm.request(o));
  }

  async #send(picked, options, go) {
    const key = this.#key ?? picked;
    if (!key) {
      throw R.validation('oauth.session', [{ path: 'options.locationId', message: 'is required: an app client needs a session (options.locationId or options.companyId, a locationId/companyId in the params or body, or ghl.forLocation(id))' }]);
    }
    const rest = R.stripSessionKeys(options) ?? {};
    let s = await this.#sessions.authorize(key);
    try {
      return await go({ ...rest, __session: { accessToken: s.accessToken, key } });
    } catch (e) {
      if (!R.isInvalidToken(e)) throw e;
      s = await this.#sessions.authorize(key, s.accessToken); // one refresh, one resend
      return go({ ...rest, __session: { accessToken: s.accessToken, key } });
    }
  }
}
