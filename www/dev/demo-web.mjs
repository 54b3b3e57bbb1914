// `make demo-web`: the example app on this machine, offline, until Ctrl-C.
// Ports 8788 (the Worker) and 8789 (the simulated HighLevel page) when free,
// other free ones otherwise, so a second run never fails on a busy port.
// `--check` starts everything, loads both pages and the API once, and exits.
import net from 'node:net';
import { startApp } from './start.mjs';

const free = (port) => new Promise((resolve) => {
  const s = net.createServer().once('error', () => resolve(0)).listen(port, '127.0.0.1', () => s.close(() => resolve(port)));
});

const check = process.argv.includes('--check');
const app = await startApp({ port: check ? 0 : await free(8788), parentPort: check ? 0 : await free(8789) });
const stop = async () => { await app.stop(); process.exit(0); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

console.log(`
  HighLevel (simulated):  ${app.parentUrl}
  the app's Worker:       ${app.appUrl}   (Miniflare; Durable Objects in memory)
  HighLevel sandbox:      ${app.sandbox.baseUrl}

Open the first URL, press "Install the app", then pick a contact (each keeps
its followers, tags and enrolments while the sandbox runs).
Ctrl-C stops everything.`);

if (check) {
  const ok = async (url, init) => { const r = await fetch(url, init); if (!r.ok) throw new Error(`${url}: ${r.status}`); return r.text(); };
  await ok(app.parentUrl);
  const page = await ok(`${app.appUrl}/`);
  await ok(`${app.appUrl}/pkg/browser.js`);
  const session = JSON.parse(await ok(`${app.appUrl}/api/session`, { headers: { 'x-user-context': await app.userContext() } }));
  console.log(`\ncheck: page ${page.includes('Contact helper') ? 'served' : 'MISSING'}, session API answers (installed: ${session.installed})`);
  await stop();
}
