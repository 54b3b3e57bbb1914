// The example marketplace app on Cloudflare Workers. Static files (the custom
// page and the package's browser build) are Workers assets; this handles the
// OAuth install, the page's API (api.js) and webhooks. Sessions live in
// TokenStoreObject (one per location), the rate budget in RateLimiterObject
// (one per location), processed webhook ids in WebhookIdsObject: whichever
// isolate a request lands in, they hold.
import { HighLevel } from 'highlevel-wasm';
import { verifyWebhook } from 'highlevel-wasm/webhooks';
import { durableLimiter, durableTokenStore } from 'highlevel-wasm/workers';
import { api, errorBody, json } from './api.js';

export { RateLimiterObject, TokenStoreObject } from 'highlevel-wasm/workers';
export { WebhookIdsObject } from './replay.js';

const STATE_COOKIE = 'ghl_oauth_state';
const DEFAULT_SCOPES = 'contacts.readonly contacts.write workflows.readonly users.readonly';

/** The app client for one request; the stores are the shared Durable Objects. */
function client(env, ctx) {
  return new HighLevel({
    clientId: env.GHL_CLIENT_ID,
    clientSecret: env.GHL_CLIENT_SECRET,
    baseUrl: env.GHL_API_BASE || undefined,
    marketplaceUrl: env.GHL_MARKETPLACE_URL || undefined,
    tokenStore: durableTokenStore(env.TOKENS),
    limiter: durableLimiter(env.RATE_LIMITER, { ctx }),
  });
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, text, status = 200, headers = {}, installed = false) {
  // The install window tells the HighLevel tab that opened it (the page reloads).
  const notify = installed ? `<script>window.opener && window.opener.postMessage({ message: 'APP_INSTALLED' }, '*');</script>` : '';
  const html = `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><link rel="icon" href="data:,">
<body style="font: 15px system-ui, sans-serif; margin: 2rem"><h1>${escape(title)}</h1><p id="result">${escape(text)}</p>${notify}</body>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

function cookie(request, name) {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function stateCookie(url, value, maxAge) {
  const secure = url.protocol === 'https:' ? '; Secure' : '';
  return `${STATE_COOKIE}=${value}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

/** `/oauth/start`: to the consent screen, with `state` kept in a cookie for the way back. */
function start(request, env, ctx) {
  const url = new URL(request.url);
  const { url: to, state } = client(env, ctx).auth.authorizationUrl({
    redirectUri: `${url.origin}/oauth/callback`,
    scopes: (env.GHL_SCOPES || DEFAULT_SCOPES).split(/\s+/).filter(Boolean),
    versionId: env.GHL_VERSION_ID || undefined,
  });
  // `user_type=Company` is the sandbox's way to install at the agency (the real screen asks the user).
  const userType = url.searchParams.get('user_type');
  const location = userType === 'Company' || userType === 'Location' ? `${to}&user_type=${userType}` : to;
  return new Response(null, { status: 302, headers: { location, 'set-cookie': stateCookie(url, state, 600), 'cache-control': 'no-store' } });
}

/** `/oauth/callback`: the code exchanged (a missing or different `state` is refused first). */
async function callback(request, env, ctx) {
  const url = new URL(request.url);
  const clear = { 'set-cookie': stateCookie(url, '', 0) };
  try {
    const view = await client(env, ctx).auth.exchangeCode({
      code: url.searchParams.get('code') ?? '',
      state: url.searchParams.get('state') ?? undefined,
      expectedState: cookie(request, STATE_COOKIE) ?? '',
      redirectUri: `${url.origin}/oauth/callback`,
    });
    const where = view.locationId ? `location ${view.locationId}` : `agency ${view.companyId}`;
    return page('App installed', `Installed for ${where}. You can close this window.`, 200, clear, true);
  } catch (e) {
    const { status, body } = errorBody(e);
    return page('Install failed', body.error.message, status, clear);
  }
}

/** `/webhooks`: verified over the raw bytes, replays refused, INSTALL/UNINSTALL to `ghl.auth`. */
async function webhook(request, env, ctx) {
  const raw = await request.arrayBuffer();
  const ids = env.WEBHOOK_IDS.get(env.WEBHOOK_IDS.idFromName('webhook-ids'));
  let event;
  try {
    event = await verifyWebhook(raw, request.headers, { publicKey: env.GHL_WEBHOOK_PUBLIC_KEY || undefined, seen: (id) => ids.seen(id) });
  } catch (e) {
    const status = e.kind === 'replay' ? 409 : e.kind === 'signature' ? 401 : 400;
    return json({ error: { kind: e.kind, message: e.message } }, status);
  }
  try {
    const ghl = client(env, ctx);
    if (event.type === 'INSTALL') return json({ type: event.type, session: (await ghl.auth.handleInstall(event)) ?? null });
    if (event.type === 'UNINSTALL') await ghl.auth.handleUninstall(event);
    return json({ type: event.type });
  } catch (e) {
    const { status, body } = errorBody(e);
    return json(body, status >= 500 ? status : 500); // not 2xx: HighLevel may deliver it again
  }
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/oauth/start' && request.method === 'GET') return start(request, env, ctx);
    if (pathname === '/oauth/callback' && request.method === 'GET') return callback(request, env, ctx);
    if (pathname === '/webhooks' && request.method === 'POST') return webhook(request, env, ctx);
    if (pathname.startsWith('/api/')) return api(request, env, () => client(env, ctx));
    return env.ASSETS ? env.ASSETS.fetch(request) : json({ error: { kind: 'not_found', message: 'not found' } }, 404);
  },
};
