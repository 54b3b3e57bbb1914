// Test support: start the real sandbox binary on an ephemeral loopback port,
// and scripted peers for the failures the sandbox does not produce.
import http from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/sandbox.mjs';

export { ROOT, SANDBOX_BIN, startSandbox } from '../../scripts/sandbox.mjs';

/** Config that picks the transport: Node's fetch when HL_TRANSPORT=fetch, else the package's default. */
export const TRANSPORT = process.env.HL_TRANSPORT === 'fetch' ? { fetch: (url, init) => globalThis.fetch(url, init) } : {};

/**
 * A scripted HTTP peer on 127.0.0.1: `handler(req, body, res)` answers; every
 * request is recorded in `requests` as { method, url, headers, body }.
 */
export function startPeer(handler) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        baseUrl: `http://127.0.0.1:${server.address().port}`,
        requests,
        stop: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(done); }),
      });
    });
  });
}

/** Answers JSON with a status and optional headers. */
export function json(res, status, value, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * Every .js and .wasm under pkg/ as Miniflare modules, so a new module in the
 * package cannot be silently missing in workerd (it has no filesystem).
 */
export function pkgModules() {
  const dir = join(ROOT, 'pkg');
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((f) => ({ type: f.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path: join(dir, f) }));
}
