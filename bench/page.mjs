// The page the Chromium benchmarks run in (runtimes.mjs, chromium-micro.mjs):
// one HTML page and the package's files (pkg/), served on 127.0.0.1, and
// headless Chromium launched the same way for both.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { ROOT, PKG } from './bundle.mjs';

const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves `html` at `/` and pkg/ under `/pkg/`; `files` maps more paths to
 * files on disk, `map` may swap a pkg/ file for another (e.g. its readable
 * source). Resolves to the listening server.
 */
export function servePage(html, { files = {}, map = (file) => file } = {}) {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    let file = Object.hasOwn(files, path) ? files[path] : normalize(join(ROOT, decodeURIComponent(path)));
    if (!Object.hasOwn(files, path)) {
      if (!path.startsWith('/pkg/') || !file.startsWith(PKG + '/')) return res.writeHead(404).end();
      file = map(file);
    }
    try {
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Headless Chromium (the system's, never a downloaded one); `extra` more command-line flags. */
export function launchChromium(pw, extra = []) {
  return pw.chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...extra],
    timeout: 60_000,
  });
}
