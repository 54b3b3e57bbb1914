// A fetch-shaped transport on node:http/https with keep-alive, used by the
// Node entry in place of Node's built-in fetch, which costs several times more
// per call and tens of milliseconds on first use. It implements only what the
// core asks of fetch (method, headers, string body, signal; status, headers,
// text) and steps aside for anything else: a fetch someone installed (a mock,
// a polyfill) and non-string bodies (FormData) go to `globalThis.fetch`.
import { createRequire } from 'node:module';

// node:http and node:https load on first use: importing them up front would
// add to every program's start-up, and most use only one of them.
const require = createRequire(import.meta.url);
const clients = {};
function client(protocol) {
  if (!(protocol in clients)) {
    const mod = protocol === 'https:' ? require('node:https') : protocol === 'http:' ? require('node:http') : null;
    clients[protocol] = mod && { mod, agent: new mod.Agent({ keepAlive: true }) };
  }
  return clients[protocol];
}

// Node's own fetch lazily loads its bundled undici; a replacement does not.
// Checked once per fetch function, not per call.
let seenFetch;
let seenIsNodes = false;
function isNodesFetch(f) {
  if (f !== seenFetch) {
    seenFetch = f;
    seenIsNodes = typeof f === 'function' && /undici/i.test(Function.prototype.toString.call(f));
  }
  return seenIsNodes;
}

class NodeResponse {
  #res;
  constructor(res) {
    this.#res = res;
    this.status = res.statusCode;
    this.headers = {
      get(name) {
        const v = res.headers[String(name).toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
      },
    };
  }

  text() {
    const res = this.#res;
    return new Promise((resolve, reject) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      // A connection that closes before the declared length is a cut body.
      res.on('close', () => (res.complete ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error('the response body ended early'))));
    });
  }
}

export function nodeFetch(url, init = {}) {
  const body = init.body;
  if (!isNodesFetch(globalThis.fetch) || (body !== undefined && typeof body !== 'string')) return globalThis.fetch(url, init);
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const c = client(u.protocol);
    if (!c) return reject(new TypeError(`unsupported protocol ${u.protocol}`));
    const headers = { ...init.headers };
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const req = c.mod.request(u, { method: init.method || 'GET', headers, agent: c.agent, signal: init.signal });
    req.on('response', (res) => resolve(new NodeResponse(res)));
    req.on('error', reject);
    req.end(body);
  });
}
