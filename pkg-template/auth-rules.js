// The decisions of the OAuth step, as small pure functions (the clock and the
// random source are passed in), so each is unit-tested without a server:
// which session a call uses, whether a refresh is due, what a 401 means, the
// consent URL, the session a token answer makes and its redacted view.
import { invalid } from './error.js';
import { add } from './caller.js';

export const DEFAULT_SKEW_MS = 300_000;
/** How long a refused refresh is remembered (later calls fail the same way without asking). */
export const REFUSAL_MEMORY_MS = 30_000;
export const MARKETPLACE_URL = 'https://marketplace.gohighlevel.com';
export const DEFAULT_BASE = 'https://services.leadconnectorhq.com';

/** `location:<id>` or `company:<id>`. */
export function sessionKey(s) {
  return s.userType === 'Company' || (s.locationId == null && s.companyId != null) ? `company:${s.companyId}` : `location:${s.locationId}`;
}

const id = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
const field = (o, name) => (o !== null && typeof o === 'object' ? id(o[name]) : undefined);

/**
 * The session key of an unbound call, as the official SDK picks it:
 * `options.locationId`/`companyId`, then the params', then the body's.
 * `undefined` when none names one.
 */
export function pickKey(params, body, options) {
  for (const src of [options, params, body]) {
    const loc = field(src, 'locationId');
    if (loc) return `location:${loc}`;
    const co = field(src, 'companyId');
    if (co) return `company:${co}`;
  }
  return undefined;
}

/** The options without the session-picking keys (they are not request options). */
export function stripSessionKeys(options) {
  if (options === null || typeof options !== 'object' || !('locationId' in options || 'companyId' in options)) return options;
  const { locationId: _l, companyId: _c, ...rest } = options;
  return rest;
}

/** Due when less than `skewMs` of the token's life is left (or it is gone). */
export function refreshDue(session, now, skewMs = DEFAULT_SKEW_MS) {
  return Number.isFinite(session.expiresAt) && session.expiresAt - now < skewMs;
}

/** A 401 that says the token is invalid or expired: worth one refresh and one resend. */
export function isInvalidToken(err) {
  return err != null && err.statusCode === 401 && /jwt|token|expired|invalid/i.test(String(err.message ?? ''));
}

/** Percent-encoding of every character outside RFC 3986's unreserved set. */
export function encode(value) {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function formBody(fields) {
  return Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

function base64url(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const validation = (operationId, issues) => invalid(operationId, issues, true);

/**
 * The consent URL and its `state` (128 random bits in base64url unless given).
 * `random(n)` returns n random bytes.
 */
export function authorizationUrl(clientId, { redirectUri, scopes, state, versionId } = {}, random, marketplace = MARKETPLACE_URL) {
  const issues = [];
  if (!id(clientId)) add(issues, 'clientId', 'is required in the config');
  if (!id(redirectUri)) add(issues, 'redirectUri', 'must be a non-empty string');
  const list = typeof scopes === 'string' ? scopes.split(/\s+/).filter(Boolean) : scopes;
  if (!Array.isArray(list) || list.some((s) => !id(s))) add(issues, 'scopes', 'must be an array of non-empty strings');
  if (state !== undefined && !id(state)) add(issues, 'state', 'must be a non-empty string');
  if (versionId !== undefined && !id(versionId)) add(issues, 'versionId', 'must be a non-empty string');
  if (issues.length) throw validation('oauth.authorizationUrl', issues);
  const st = state ?? base64url(random(16));
  const q = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: list.join(' '), state: st, version_id: versionId };
  return { url: `${marketplace.replace(/\/+$/, '')}/v2/oauth/chooselocation?${formBody(q)}`, state: st };
}

// The wasm core of the entry in use (v2 or v3: both export `tokenFields`),
// set by `makeClient` (client.js) before any session is made.
let core;
export function useCore(wasm) {
  core ??= wasm;
}

/**
 * The session a token answer makes (`now` = when the request was sent). The
 * answer's fields are read by the wasm core (`src/token.rs`, fuzzed there);
 * what the caller already knew fills the gaps.
 */
export function sessionFromToken(body, now, fallback = {}) {
  const t = core.tokenFields(body);
  const locationId = t.locationId ?? fallback.locationId;
  const s = {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken ?? fallback.refreshToken,
    expiresAt: now + t.expiresIn * 1000,
    userType: t.userType ?? (locationId ? 'Location' : 'Company'),
    companyId: t.companyId ?? fallback.companyId,
    scopes: t.scopes,
  };
  if (locationId) s.locationId = locationId;
  const userId = id(body.userId) ?? fallback.userId;
  if (userId) s.userId = userId;
  if (s.refreshToken === undefined) delete s.refreshToken;
  return s;
}

/** What may be shown of a session: never a token (fields the session lacks are left out). */
export function redact(key, s) {
  const view = { key, userType: s.userType, companyId: s.companyId, locationId: s.locationId, userId: s.userId, scopes: Array.isArray(s.scopes) ? [...s.scopes] : [], expiresAt: s.expiresAt };
  for (const k of Object.keys(view)) if (view[k] === undefined) delete view[k];
  return view;
}

// Every string of an answer or message with each secret replaced (for those that echo them).
export { scrub } from './error.js';

const KINDS = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 422: 'unprocessable', 429: 'rate_limited' };

/** The kind of an HTTP status, as the core maps them. */
export function kindOf(status) {
  return KINDS[status] ?? (status >= 500 ? 'server' : 'http');
}

/** The API's message in an error answer: NestJS `message` (string or list) or RFC 6749 `error_description`/`error`. */
export function messageOf(body, status) {
  if (body !== null && typeof body === 'object') {
    if (Array.isArray(body.message)) return body.message.join(', ');
    for (const k of ['message', 'error_description', 'error']) if (typeof body[k] === 'string' && body[k]) return body[k];
  }
  return typeof body === 'string' && body && body.length < 200 ? body : `HTTP ${status}`;
}

/** Whether a token-endpoint answer refuses the grant itself (not a hiccup worth retrying). */
export function isRefusal(status, body) {
  return status === 400 || status === 401 || (body !== null && typeof body === 'object' && body.error === 'invalid_grant');
}
