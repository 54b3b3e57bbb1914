// The three ways to make the same call against the sandbox, each as
// `{ add(), get() }` (addFollowersContact, getContact) resolving to the
// response JSON:
//   fetch — raw fetch: the same URL and headers as the package, JSON.stringify + res.json()
//   pkg   — this package, `import { HighLevel } from '../pkg/node.js'` (defaults: pacing and retries on)
//   bare  — the same with `rateLimit: false, maxRetries: 0`, to price pacing and retries
//   sdk   — the official @gohighlevel/api-client 3.1.0 (axios)
import { createRequire } from 'node:module';
import { HighLevel } from '../pkg/node.js';

const require = createRequire(import.meta.url);

export const VARIANTS = ['fetch', 'pkg', 'bare', 'sdk'];
export const LABELS = { fetch: 'raw fetch', pkg: 'highlevel-wasm', bare: 'highlevel-wasm, pacing and retries off', sdk: '@gohighlevel/api-client' };
export const OPS = ['addFollowersContact', 'getContact'];

/** The Version these operations document; the sandbox answers 400 to any other. */
export const VERSION = '2021-07-28';

/** The SDK's own default Version header, read from its source, for the report. */
export function sdkDefaultVersion() {
  const { HighLevel: Sdk } = require('@gohighlevel/api-client');
  const probe = new Sdk({ privateIntegrationToken: 'probe', logLevel: 'error' });
  return probe.config.apiVersion;
}

export function sdkVersion() {
  return require('@gohighlevel/api-client/package.json').version;
}

/**
 * Builds the three clients for one contact and one user of the sandbox.
 * `contactId` gets `userId` as a follower on every add (a set: after the first
 * call the response is the same every time, so nothing grows).
 */
export function makeClients(sandbox, { contactId, userId }) {
  const { baseUrl, token } = sandbox;
  const body = { followers: [userId] };

  // raw fetch: what a hand-written client sends (the package's own headers, checked by verifyHeaders).
  const auth = `Bearer ${token}`;
  const getHeaders = { Accept: 'application/json', Version: VERSION, Authorization: auth };
  const postHeaders = { ...getHeaders, 'Content-Type': 'application/json' };
  const addUrl = `${baseUrl}/contacts/${encodeURIComponent(contactId)}/followers`;
  const getUrl = `${baseUrl}/contacts/${encodeURIComponent(contactId)}`;
  const raw = {
    async add() {
      const res = await fetch(addUrl, { method: 'POST', headers: postHeaders, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`raw fetch: HTTP ${res.status}`);
      return res.json();
    },
    async get() {
      const res = await fetch(getUrl, { method: 'GET', headers: getHeaders });
      if (!res.ok) throw new Error(`raw fetch: HTTP ${res.status}`);
      return res.json();
    },
  };

  const ghl = new HighLevel({ privateIntegrationToken: token, baseUrl });
  const pkg = {
    add: () => ghl.contacts.addFollowersContact({ contactId }, body),
    get: () => ghl.contacts.getContact({ contactId }),
  };

  const off = new HighLevel({ privateIntegrationToken: token, baseUrl, rateLimit: false, maxRetries: 0 });
  const bare = {
    add: () => off.contacts.addFollowersContact({ contactId }, body),
    get: () => off.contacts.getContact({ contactId }),
  };

  // The SDK defaults to Version 2023-02-21, which the sandbox (like the
  // documentation of these two operations) refuses; its documented
  // `apiVersion` option sets the header for every call.
  const { HighLevel: Sdk } = require('@gohighlevel/api-client');
  const official = new Sdk({ privateIntegrationToken: token, apiVersion: VERSION, logLevel: 'error' });
  official.getHttpClient().defaults.baseURL = baseUrl;
  const sdk = {
    add: () => official.contacts.addFollowersContact({ contactId }, body),
    get: () => official.contacts.getContact({ contactId }),
  };

  return { fetch: raw, pkg, bare, sdk, headers: { get: getHeaders, post: postHeaders } };
}

/** Fails unless the raw fetch variant sends exactly the headers the package sends. */
export async function verifyHeaders(sandbox, clients, { contactId, userId }) {
  const seen = [];
  const spy = (url, init) => {
    seen.push(Object.fromEntries(Object.entries(init.headers)));
    return fetch(url, init);
  };
  const ghl = new HighLevel({ privateIntegrationToken: sandbox.token, baseUrl: sandbox.baseUrl, fetch: spy });
  await ghl.contacts.addFollowersContact({ contactId }, { followers: [userId] });
  await ghl.contacts.getContact({ contactId });
  const norm = (h) => JSON.stringify(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]).sort());
  if (norm(seen[0]) !== norm(clients.headers.post) || norm(seen[1]) !== norm(clients.headers.get)) {
    throw new Error(`raw fetch headers differ from the package's: ${JSON.stringify(seen)} vs ${JSON.stringify(clients.headers)}`);
  }
}

/** Checks that a variant's responses are the real thing (and not an error body). */
export function checkResponse(op, value, { contactId, userId }) {
  const ok = op === 'addFollowersContact'
    ? Array.isArray(value?.followers) && value.followers.includes(userId)
    : value?.contact?.id === contactId;
  if (!ok) throw new Error(`${op}: unexpected response ${JSON.stringify(value).slice(0, 200)}`);
}
