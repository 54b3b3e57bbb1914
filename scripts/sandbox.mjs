// Starts the sandbox binary on an ephemeral loopback port and reads the
// SANDBOX_JSON line it prints; shared by the demo, tests and benchmarks.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SANDBOX_BIN = `${ROOT}target/release/highlevel-sandbox`;

/**
 * Starts the sandbox; resolves to its SANDBOX_JSON info plus `stop()`,
 * `state()`, `journal()` (the applied mutations, in order) and `reset()`.
 * `args` are extra flags, e.g. `['--faults', '503=0.1', '--seed', '7']`.
 */
export function startSandbox(args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX_BIN, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => { child.kill(); reject(new Error('sandbox did not start within 20 s')); }, 20_000);
    child.on('error', reject);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('SANDBOX_JSON ')) return;
      clearTimeout(timer);
      const info = JSON.parse(line.slice('SANDBOX_JSON '.length));
      resolve({
        ...info,
        state: () => fetch(`${info.baseUrl}/__sandbox/state`).then((r) => r.json()),
        journal: () => fetch(`${info.baseUrl}/__sandbox/journal`).then((r) => r.json()),
        reset: () => fetch(`${info.baseUrl}/__sandbox/reset`, { method: 'POST' }).then((r) => r.text()),
        stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
      });
    });
  });
}

