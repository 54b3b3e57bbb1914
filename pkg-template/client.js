// The JS surface: typed names over one generic wasm call. Every service
// method is a tiny closure made from the generated name table, so the wasm
// exports stay few and the per-operation cost is a table row, not code.
// One `HighLevel` class per API version (`core.js` v2, `v3-core.js` v3),
// each over its own wasm and name table; everything else is this code.
import { listMethod, setBase } from './paginate.js';
import { HighLevelError } from './error.js';
import { bulk } from './bulk.js';
import { AppCore, Auth, Sessions } from './auth.js';
import { validation } from './auth-rules.js';

// Anything that is not one of the core's error objects (a host bug, a trap)
// still reaches the caller as a HighLevelError.
function fail(e) {
  if (e instanceof HighLevelError) throw e;
  if (e && typeof e === 'object' && typeof e.kind === 'string' && Array.isArray(e.issues)) throw new HighLevelError(e);
  throw new HighLevelError({ kind: 'network', message: String(e && e.message || e), messages: [], issues: [], retryable: false, cause: e });
}

const CORE = Symbol('core');
const BOUND = Symbol('bound');

// A marketplace app config: `clientId` and no token of its own.
const isApp = (c) => c.clientId !== undefined && c.privateIntegrationToken === undefined && c.accessToken === undefined;

/**
 * The `HighLevel` class over one wasm module (its `Client`, `shapes`,
 * `validate`, `pageStep`, `pageError`) and its name table (`SERVICES`,
 * `PAGED`), and the seam for that class's default fetch.
 */
export function makeClient(wasm, SERVICES, PAGED) {
  const { Client, shapes, validate } = wasm;

  // The fetch used when the config names none; the Node entry installs a
  // faster one, elsewhere it is the global fetch (looked up at call time).
  let defaultFetch;
  function setDefaultFetch(f) {
    defaultFetch = f;
  }

  // The official SDK's call shapes, by whether the operation has params and a body.
  const SHAPES = [
    (op) => function (options) { return this[CORE].call(op, undefined, undefined, options).then(undefined, fail); },
    (op) => function (params, options) { return this[CORE].call(op, params, undefined, options).then(undefined, fail); },
    (op) => function (body, options) { return this[CORE].call(op, undefined, body, options).then(undefined, fail); },
    (op) => function (params, body, options) { return this[CORE].call(op, params, body, options).then(undefined, fail); },
  ];

  // One prototype per service, built on first use (the wasm is instantiated
  // only after this module loads, and most programs touch a few services).
  let shape;
  const protos = new Map();
  function proto(service) {
    let p = protos.get(service);
    if (!p) {
      shape ??= shapes();
      p = {};
      for (const [name, op] of Object.entries(SERVICES[service])) p[name] = PAGED.has(op) ? listMethod(op, shape[op], CORE, fail, wasm) : SHAPES[shape[op]](op);
      protos.set(service, p);
    }
    return p;
  }

  class HighLevel {
    #core;
    /** An app config's shared parts `{ config, wasm, sessions, key? }` (forLocation/forCompany share them). */
    #app;

    constructor(config = {}, bound = undefined) {
      if (config === null || typeof config !== 'object') throw new TypeError('new HighLevel(config): config must be an object');
      const withFetch = config.fetch === undefined && defaultFetch ? { ...config, fetch: defaultFetch } : config;
      let app = bound?.[BOUND];
      if (!app && isApp(config)) {
        const { clientSecret: _s, tokenStore: _t, ...rest } = withFetch; // the wasm never holds the secret
        app = { config, wasm: new Client(rest), sessions: new Sessions(config, withFetch.fetch) };
      }
      // An app client's calls go through the authorization step first (auth.js).
      const core = app ? new AppCore(app.wasm, app.sessions, app.key) : new Client(withFetch);
      this.#core = core;
      this.#app = app ?? { config };
      setBase(core, config.baseUrl); // the origin next-page URLs must stay on
    }

    /** OAuth helpers (an app config's; with a token config they reject naming what is missing). */
    get auth() {
      const app = this.#app;
      app.auth ??= new Auth(app.sessions ?? (app.sessions = new Sessions(app.config)));
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
      for (const service of Object.keys(SERVICES)) {
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
      if (spec === null || typeof spec !== 'object') return Promise.reject(new HighLevelError({ kind: 'validation', message: 'request(spec): spec must be an object', messages: [], issues: [{ path: 'spec', message: 'must be an object' }], operationId: 'request', retryable: false }));
      return this.#core.request(spec).then(undefined, fail);
    }

    /**
     * Runs `fn(item, ghl)` for every item, `concurrency` (8) at a time, paced by
     * this client's budget; resolves to `{ results, succeeded, failed }`.
     */
    bulk(items, fn, options) {
      return bulk(this, items, fn, options);
    }

    /** Checks a call without sending it: `[{ path, message }]`, empty when valid. */
    static validate(name, params, body) {
      const [service, method] = String(name).split('.');
      const op = SERVICES[service]?.[method];
      if (op === undefined) return [{ path: 'operation', message: `unknown operation ${name}` }];
      return validate(op, params, body);
    }

    validate(name, params, body) {
      return HighLevel.validate(name, params, body);
    }

    /** The X-RateLimit-* figures of the last response. */
    get rateLimit() {
      return this.#core.rateLimit;
    }
  }

  return { HighLevel, setDefaultFetch };
}
