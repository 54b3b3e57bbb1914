// The JS surface: typed names over one generic wasm call. Every service
// method is a tiny closure made from the generated name table, so the wasm
// exports stay few and the per-operation cost is a table row, not code.
// One `HighLevel` class per API version (`core.js` v2, `v3-core.js` v3),
// each over its own wasm and name table; everything else is this code.
import { SHAPED, paged, setBase } from './paginate.js';
import { describe, failure, guard, invalid, known, noLimits, remember } from './error.js';
import { bulk } from './bulk.js';
import { AppCore, Auth, Sessions } from './auth.js';
import { useCore, validation } from './auth-rules.js';
import { optionsOf, queryOf, readConfig, readOptions } from './caller.js';

// Anything that is not one of the core's error objects (a host bug, a trap)
// still reaches the caller as a HighLevelError.
function fail(e) {
  throw known(e) ?? failure('network', describe(e), { cause: e });
}

// A client whose config cannot be used: every call rejects naming the problems.
class BrokenCore {
  #issues;
  constructor(issues) { this.#issues = issues; }
  get rateLimit() { return noLimits(); }
  call() { return Promise.reject(invalid('config', this.#issues)); }
  request() { return Promise.reject(invalid('config', this.#issues)); }
}

const CORE = Symbol('core');
const BOUND = Symbol('bound');

// A marketplace app config: `clientId` and no token of its own.
const isApp = (c) => c.clientId !== undefined && c.privateIntegrationToken === undefined && c.accessToken === undefined;

/**
 * The `HighLevel` class over one wasm module (its `Client`, `shapes`,
 * `methodNames`, `validate`, `pageStep`, `pageError`) and its name table
 * (generated services.js: `RUNS`, `NAMED`, `PAGED`), and the seam for that
 * class's default fetch.
 */
export function makeClient(wasm, { RUNS, NAMED, PAGED }) {
  const { Client, shapes, methodNames, validate } = wasm;
  useCore(wasm);
  // `service.method` → operation index, filled by `validate` as names are used.
  const KNOWN = new Map();

  // Operation index per method name of a service, made on its first use:
  // the wasm names its rows (the SDK's rule on their ids) but those in NAMED.
  const tables = new Map();
  function methods(service) {
    let m = tables.get(service);
    if (!m) {
      const [start, count] = RUNS[service];
      m = new Map(methodNames(start, count).split(' ').map((name, i) => [NAMED[start + i] ?? name, start + i]));
      tables.set(service, m);
    }
    return m;
  }

  // The fetch used when the config names none; the Node entry installs a
  // faster one, elsewhere it is the global fetch (looked up at call time).
  let defaultFetch;
  function setDefaultFetch(f) {
    defaultFetch = f;
  }

  // The method of operation `op` in the official SDK's call shape, inside
  // `guard` (error.js): a throw while reading the arguments is a rejection,
  // never a synchronous throw. A list operation's promise is also paged.
  const method = (op, label) => guard(label, SHAPED[shape[op]]((self, params, body, options) => {
    const core = coreOf(self, label);
    const opts = optionsOf(options, label);
    const send = (p, b) => core.call(op, p, b, opts).then(undefined, fail);
    return PAGED.has(op) ? paged({ op, params, body, options: opts, core, send, wasm, label }) : send(params, body);
  }));
  function coreOf(self, label) {
    const core = self !== null && typeof self === 'object' ? self[CORE] : undefined;
    if (core === undefined) throw invalid(label, [{ path: 'this', message: `must be the service object: call it as ghl.${label}(...)` }]);
    return core;
  }

  // One prototype per service, built on first use (the wasm is instantiated
  // only after this module loads, and most programs touch a few services).
  let shape;
  const protos = new Map();
  function proto(service) {
    let p = protos.get(service);
    if (!p) {
      shape ??= shapes();
      p = {};
      for (const [name, op] of methods(service)) {
        p[name] = method(op, `${service}.${name}`);
      }
      protos.set(service, p);
    }
    return p;
  }

  class HighLevel {
    static name = 'HighLevel'; // kept through minification (the build drops --keep-names)
    #core;
    /** An app config's shared parts `{ config, wasm, sessions, key? }` (forLocation/forCompany share them). */
    #app;

    /**
     * Never throws for an object: the config is read once, member by member,
     * and what is wrong with it is reported by every call.
     */
    constructor(config = {}, bound = undefined) {
      if (config === null || typeof config !== 'object') {
        throw invalid('config', [{ path: 'config', message: 'must be an object' }]);
      }
      let app;
      try { app = bound?.[BOUND]; } catch { /* not one of ours */ }
      const issues = [];
      if (!app) {
        config = readConfig(config, issues);
        remember(config.privateIntegrationToken);
        remember(config.accessToken);
        remember(config.clientSecret);
      } else config = app.config;
      const withFetch = config.fetch === undefined && defaultFetch ? { ...config, fetch: defaultFetch } : config;
      if (!app && !issues.length && isApp(config)) {
        const { clientSecret: _s, tokenStore: _t, ...rest } = withFetch; // the wasm never holds the secret
        app = { config, wasm: new Client(rest), sessions: new Sessions(config, withFetch.fetch) };
      }
      // An app client's calls go through the authorization step first (auth.js).
      const core = issues.length ? new BrokenCore(issues) : app ? new AppCore(app.wasm, app.sessions, app.key) : new Client(withFetch);
      this.#core = core;
      this.#app = app ?? { config, issues };
      setBase(core, config.baseUrl); // the origin next-page URLs must stay on
    }

    /** OAuth helpers (an app config's; with a token config they reject naming what is missing). */
    get auth() {
      const app = this.#app;
      app.auth ??= new Auth(app.sessions ?? (app.sessions = new Sessions(app.config, undefined, app.issues)));
      return app.auth;
    }

    /** A client bound to the session `location:<locationId>`, sharing store, budget and transport. */
    forLocation(locationId) {
      return this.#bind('location', 'locationId', locationId);
    }

    /** A client bound to the session `company:<companyId>`. */
    forCompany(companyId) {
      return this.#bind('company', 'companyId', companyId);
    }

    #bind(kind, name, id) {
      if (!this.#app.wasm) throw validation(`for${kind === 'location' ? 'Location' : 'Company'}`, [{ path: 'clientId', message: 'is required: only a marketplace app config has sessions' }]);
      if (typeof id !== 'string' || !id) throw validation('oauth.session', [{ path: name, message: 'must be a non-empty string' }]);
      return new HighLevel(this.#app.config, { [BOUND]: { ...this.#app, key: `${kind}:${id}` } });
    }

    // `ghl.contacts` and the rest: made on first access, then kept on the instance.
    static {
      for (const service of Object.keys(RUNS)) {
        Object.defineProperty(HighLevel.prototype, service, {
          configurable: true,
          get() {
            const value = Object.create(proto(service), { [CORE]: { value: this.#core } });
            Object.defineProperty(this, service, { value, enumerable: true });
            return value;
          },
        });
      }
    }

    /** Any endpoint: `{ method, path, query?, body?, version?, headers?, signal?, timeoutMs? }`. */
    request(spec) {
      if (spec === null || typeof spec !== 'object') return Promise.reject(invalid('request', [{ path: 'spec', message: 'must be an object' }]));
      const issues = [];
      const plain = readOptions(spec, 'spec', issues, ['method', 'path', 'query', 'body']);
      if (plain) plain.query = queryOf(plain.query, issues);
      if (issues.length) return Promise.reject(invalid('request', issues));
      return this.#core.request(plain).then(undefined, fail);
    }

    /**
     * Runs `fn(item, ghl)` for every item, `concurrency` (8) at a time, paced by
     * this client's budget; resolves to `{ results, succeeded, failed }`.
     */
    bulk(items, fn, options) {
      return bulk(this, items, fn, options);
    }

    /**
     * Checks a call without sending it: `[{ path, message }]`, empty when
     * valid. Never throws: a name that is not `service.method` of this table
     * is one issue at `operation`.
     */
    static validate(name, params, body) {
      // Names seen before come from a Map (split + two lookups were ~0.1 µs a check).
      let op = typeof name === 'string' ? KNOWN.get(name) : undefined;
      if (op === undefined) {
        const parts = typeof name === 'string' ? name.split('.') : [];
        op = parts.length === 2 && Object.hasOwn(RUNS, parts[0]) ? methods(parts[0]).get(parts[1]) : undefined;
        if (op === undefined) return [{ path: 'operation', message: `unknown operation ${typeof name === 'string' ? name : `(${name === null ? 'null' : typeof name})`}` }];
        KNOWN.set(name, op);
      }
      // The core answers undefined, `\0path\0message...` (failure.rs,
      // `issues_text`), or the issues made there when one holds a NUL.
      const found = validate(op, params, body);
      if (typeof found !== 'string') return found ?? [];
      const issues = [];
      for (let a = 1, b, c; a < found.length; a = c + 1) {
        b = found.indexOf('\0', a);
        c = found.indexOf('\0', b + 1);
        if (c < 0) c = found.length;
        issues.push({ path: found.slice(a, b), message: found.slice(b + 1, c) });
      }
      return issues;
    }

    validate(name, params, body) {
      return HighLevel.validate(name, params, body);
    }

    /** The X-RateLimit-* figures of the last response. */
    get rateLimit() {
      return this.#core.rateLimit;
    }
  }

  // The async members not made from the table go through `guard` too.
  for (const name of ['request', 'bulk']) {
    Object.defineProperty(HighLevel.prototype, name, { value: guard(name, HighLevel.prototype[name]), writable: true, configurable: true });
  }

  return { HighLevel, setDefaultFetch };
}
