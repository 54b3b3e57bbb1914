// The built package as a user gets it: `npm pack` pkg/, install the tarball
// into a fresh project, and import it by its bare name in a separate Node
// process, so the exports map, the "files" list and the sync wasm init are all
// exercised, not our checkout's relative paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startSandbox } from './support.js';

const run = promisify(execFile);
let sandbox;
let dir;

before(async () => {
  sandbox = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), 'highlevel-wasm-install-'));
});

after(async () => {
  await sandbox?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Runs in the installed project; prints one JSON line with everything to check.
const SCRIPT = `
import { HighLevel, HighLevelError } from 'highlevel-wasm';
const { BASE_URL, TOKEN, CONTACT, USER } = process.env;
const ghl = new HighLevel({ privateIntegrationToken: TOKEN, baseUrl: BASE_URL });
const added = await ghl.contacts.addFollowersContact({ contactId: CONTACT }, { followers: [USER] });
let invalid;
try {
  await ghl.contacts.addFollowersContact({ contactId: CONTACT }, { followers: 'not-an-array' });
} catch (e) {
  invalid = { isError: e instanceof Error, isHighLevelError: e instanceof HighLevelError, name: e.name, kind: e.kind, issues: e.issues };
}
const resolved = import.meta.resolve('highlevel-wasm');
console.log(JSON.stringify({ added, invalid, resolved }));
`;

test('npm-installed tarball imports by bare name and talks to the sandbox', async () => {
  // A private cache keeps the run hermetic; no registry is needed (no dependencies).
  const npm = ['--no-audit', '--no-fund', '--offline', '--loglevel=error', `--cache=${join(dir, 'npm-cache')}`];
  const { stdout: packed } = await run('npm', ['pack', join(ROOT, 'pkg'), '--json', `--pack-destination=${dir}`, ...npm]);
  const [{ filename, files }] = JSON.parse(packed);
  const shipped = files.map((f) => f.path);
  for (const f of ['package.json', 'node.js', 'core.js', 'highlevel_wasm.js', 'highlevel_wasm_bg.wasm', 'generated/services.js']) {
    assert.ok(shipped.includes(f), `tarball lacks ${f}: ${shipped.join(', ')}`);
  }

  const app = join(dir, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run('npm', ['install', join(dir, filename), ...npm], { cwd: app });
  await writeFile(join(app, 'main.js'), SCRIPT);

  const contact = sandbox.contacts[1].id; // Priya: no followers in the seed
  const user = sandbox.users[1].id;
  const { stdout } = await run(process.execPath, ['main.js'], {
    cwd: app,
    timeout: 30_000,
    env: { ...process.env, BASE_URL: sandbox.baseUrl, TOKEN: sandbox.token, CONTACT: contact, USER: user },
  });
  const out = JSON.parse(stdout.trim().split('\n').pop());

  // Node resolves the "node" condition to the installed copy, not the checkout.
  assert.match(out.resolved, /\/app\/node_modules\/highlevel-wasm\/node\.js$/);
  assert.deepEqual(out.added, { followers: [user], followersAdded: [user] });
  assert.deepEqual(out.invalid, {
    isError: true,
    isHighLevelError: true,
    name: 'HighLevelError',
    kind: 'validation',
    issues: [{ path: 'followers', message: 'must be an array, got string' }],
  });

  // The sandbox saw exactly one request (the invalid call never left the process)
  // and recorded the follower.
  const state = await sandbox.state();
  assert.equal(state.requestCount, 1);
  assert.deepEqual(state.contacts.find((c) => c.id === contact).followers, [user]);
});
