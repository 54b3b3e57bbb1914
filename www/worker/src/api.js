// The page's API: every request carries the encrypted user context the page
// got from HighLevel; it is decrypted here with the app's shared secret, the
// user's location picks the session, and the call goes out from the Worker.
// The browser never holds a token. Only the operations the page needs are
// allowed, and the ones that take a location get the user's, whatever the
// page sent: a location's session only reaches that location's records.
import { decryptUserContext } from 'highlevel-wasm/webhooks';

/** Allowed operations: the call shape (`p` params, `pb` params and body) and fields pinned to the user. */
export const OPS = {
  'contacts.getContacts': { shape: 'p', pin: { locationId: 'location' } },
  'contacts.getContact': { shape: 'p' },
  'contacts.addFollowersContact': { shape: 'pb' },
  'contacts.removeFollowersContact': { shape: 'pb' },
  'contacts.addTags': { shape: 'pb' },
  'contacts.removeTags': { shape: 'pb' },
  'contacts.addContactToWorkflow': { shape: 'pb' },
  'workflows.getWorkflow': { shape: 'p', pin: { locationId: 'location' } },
  'users.searchUsers': { shape: 'p', pin: { locationId: 'location', companyId: 'company' } },
};
const BULK_MAX = 25;

export class AppError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

export const json = (value, status = 200, headers = {}) => Response.json(value, { status, headers: { 'cache-control': 'no-store', ...headers } });

/** A failure as the page shows it: the package's error fields (never a token: the package keeps them out). */
export function errorBody(e) {
  if (e instanceof AppError) return { status: e.status, body: { error: { kind: e.kind, message: e.message, issues: [] } } };
  if (e && e.name === 'HighLevelError') {
    const { kind, message, issues, statusCode, operationId } = e;
    const status = kind === 'validation' ? 400 : kind === 'unauthorized' && statusCode === undefined ? 409 : statusCode >= 400 && statusCode < 500 ? statusCode : 502;
    return { status, body: { error: { kind, message, issues: issues ?? [], statusCode, operationId } } };
  }
  return { status: 500, body: { error: { kind: 'internal', message: 'the app failed; see the Worker logs', issues: [] } } };
}

/** The user behind the request, from its `x-user-context` header. */
export async function userOf(request, env) {
  const payload = request.headers.get('x-user-context');
  if (!payload) throw new AppError(401, 'user_context', 'no user context: open this page inside HighLevel');
  let user;
  try {
    user = await decryptUserContext(payload, env.GHL_SHARED_SECRET);
  } catch {
    throw new AppError(401, 'user_context', 'the user context could not be read (wrong shared secret or altered payload)');
  }
  if (typeof user.activeLocation !== 'string' || !user.activeLocation) throw new AppError(403, 'user_context', 'open this page inside a location (sub-account)');
  return user;
}

function invoke(ghl, user, op, call) {
  const spec = OPS[op];
  if (!spec) throw new AppError(400, 'validation', `operation ${op} is not one this app offers`);
  const params = { ...(call?.params ?? {}) };
  for (const [field, from] of Object.entries(spec.pin ?? {})) params[field] = from === 'location' ? user.activeLocation : user.companyId;
  const [service, method] = op.split('.');
  const fn = ghl[service][method].bind(ghl[service]);
  return spec.shape === 'pb' ? fn(params, call?.body) : fn(params);
}

/** `/api/*` routes; `client()` builds the app client for this request. */
export async function api(request, env, client) {
  const path = new URL(request.url).pathname;
  try {
    const user = await userOf(request, env);
    const ghl = client();
    const key = `location:${user.activeLocation}`;
    const who = { userName: user.userName, role: user.role, type: user.type, locationId: user.activeLocation };
    if (path === '/api/session' && request.method === 'GET') {
      const session = await ghl.auth.session(key);
      return json({ user: who, installed: Boolean(session), session: session ?? null });
    }
    if (request.method !== 'POST') throw new AppError(405, 'method', 'use POST');
    const input = await request.json().catch(() => null);
    if (!input || typeof input.op !== 'string') throw new AppError(400, 'validation', 'the body must be JSON { op, params?, body? }');
    const bound = ghl.forLocation(user.activeLocation);
    if (path === '/api/call') return json({ value: (await invoke(bound, user, input.op, input)) ?? null });
    if (path === '/api/bulk') {
      // One operation over several items (tag several contacts at once), paced like any call.
      const calls = Array.isArray(input.calls) ? input.calls : [];
      if (!calls.length || calls.length > BULK_MAX) throw new AppError(400, 'validation', `calls must hold 1 to ${BULK_MAX} items`);
      const out = await bound.bulk(calls, (c, g) => invoke(g, user, input.op, c), { concurrency: 10 });
      const results = out.results.map((r) => (r.ok ? { ok: true, value: r.value ?? null } : { ok: false, error: errorBody(r.error).body.error }));
      return json({ succeeded: out.succeeded, failed: out.failed, results });
    }
    throw new AppError(404, 'not_found', `no route ${path}`);
  } catch (e) {
    const { status, body } = errorBody(e);
    return json(body, status);
  }
}
