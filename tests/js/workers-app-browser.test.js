// The example app's custom page in headless Chromium (playwright-core): the
// simulated HighLevel parent loads it in an iframe and answers its user
// context request; the test installs the app through the popup, opens a
// contact, adds a follower and a tag, removes the follower, meets a
// validation problem (nothing sent) and an API error, and checks the DOM
// after each step. Screenshots go to target/test-output/workers-app/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startApp, ROOT } from '../../www/dev/start.mjs';

const SHOTS = join(ROOT, 'target/test-output/workers-app');
let app;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp({ assetsDir: join(ROOT, 'target/test-output/workers-app-assets') });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('the custom page in Chromium: install, contact, followers, tags, validation, API error', { timeout: 90_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`); });
  const frame = page.frameLocator('#app');
  const body = frame.locator('body');
  let shot = 0;
  const snap = (name) => page.screenshot({ path: join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`) });
  // Runs a step and waits until the page has finished it (data-seq moves on, idle again).
  const step = async (run) => {
    const seq = Number(await body.getAttribute('data-seq'));
    await run();
    await frame.locator(`body[data-seq="${seq + 1}"][data-state="idle"]`).waitFor({ timeout: 15_000 });
  };
  const sent = async () => (await fetch(`${app.sandbox.baseUrl}/__sandbox/state`).then((r) => r.json())).requestCount;

  await page.goto(app.parentUrl);
  await frame.locator('body[data-installed="false"][data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.match(await frame.locator('#who').textContent(), new RegExp(`${app.sandbox.users[0].name} \\(admin\\) in location ${app.sandbox.locationId}`));
  assert.match(await frame.locator('#install-status').textContent(), /not installed/);
  await snap('not-installed');

  // Install: the parent's button opens the consent flow in a popup, which reports back.
  const popup = page.waitForEvent('popup');
  await page.click('#install');
  await (await popup).waitForEvent('close', { timeout: 15_000 });
  await frame.locator('body[data-installed="true"][data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#installed').isVisible(), true);
  assert.match(await frame.locator('#install-status').textContent(), /App installed/);
  assert.ok(await frame.locator('#contacts button').count() >= 3);
  await snap('installed');

  // Open a contact (Priya: no followers, no tags in the seed).
  const priya = app.sandbox.contacts[1];
  await step(() => frame.locator(`#contacts button[data-id="${priya.id}"]`).click());
  assert.equal(await frame.locator('#contact-name').textContent(), `${priya.firstName} ${priya.lastName}`);
  assert.equal(await frame.locator('#followers li').count(), 0);
  await snap('contact');

  const ben = app.sandbox.users[1];
  await frame.locator('#follower-input').fill(ben.id);
  await step(() => frame.locator('#add-follower').click());
  assert.equal(await frame.locator(`#followers li[data-id="${ben.id}"]`).count(), 1);
  assert.match(await frame.locator(`#followers li[data-id="${ben.id}"]`).textContent(), new RegExp(ben.name));
  assert.equal(await frame.locator('#message').textContent(), 'Followers added');
  await snap('follower-added');

  await frame.locator('#tag-input').fill('web-demo');
  await step(() => frame.locator('#add-tag').click());
  assert.equal(await frame.locator('#tags li[data-tag="web-demo"]').count(), 1);
  assert.equal(await frame.locator('#message').textContent(), 'Tags added');
  await snap('tag-added');

  await step(() => frame.locator(`#followers li[data-id="${ben.id}"] button.remove`).click());
  assert.equal(await frame.locator('#followers li').count(), 0);
  assert.equal(await frame.locator('#message').textContent(), 'Follower removed');
  const state = await fetch(`${app.sandbox.baseUrl}/__sandbox/state`).then((r) => r.json());
  const stored = state.contacts.find((c) => c.id === priya.id);
  assert.deepEqual([stored.followers, stored.tags], [[], ['web-demo']]);
  await snap('follower-removed');

  // An empty follower list: the package's validation in the browser says so, nothing is sent.
  const before = await sent();
  await frame.locator('#follower-input').fill('');
  await step(() => frame.locator('#add-follower').click());
  assert.equal(await frame.locator('#follower-issues').isVisible(), true);
  assert.equal(await frame.locator('#follower-issues').textContent(), 'followers: must not be empty');
  assert.equal(await sent(), before);
  await snap('validation');

  // An unknown workflow: the API's 404 comes back through the Worker as a message.
  await frame.locator('#workflow-input').fill('noSuchWorkflow000000');
  await step(() => frame.locator('#enrol').click());
  assert.equal(await frame.locator('#message').getAttribute('class'), 'error');
  assert.match(await frame.locator('#message').textContent(), /Workflow not found/);
  await snap('api-error');

  // The seeded workflow enrols.
  await frame.locator('#workflow-input').fill(app.sandbox.workflowId ?? 'K4TunPFz46PDjqipVJIq');
  await step(() => frame.locator('#enrol').click());
  assert.equal(await frame.locator('#message').textContent(), 'Enrolled in the workflow');
  await snap('enrolled');

  const html = await frame.locator('html').innerHTML();
  assert.ok(!/sbx-(at|rt|code|secret)-/.test(html), 'a token or secret reached the page');
  assert.ok(!html.includes(app.secret), 'the shared secret reached the page');
  assert.deepEqual(problems, []);
});
