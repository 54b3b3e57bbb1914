// Every error kind, from the sandbox where it produces one and from scripted
// peers otherwise; the token never leaks and the instance keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { HighLevel, HighLevelError } from '../../pkg/node.js';
import { startSandbox, startPeer, json, TRANSPORT } from './support.js';

const SECRET = 'pit-secret-DO-NOT-LEAK-1234';
let sb, peer, ghl;

// The peer's behaviour is chosen by the contact id in the path.
function script(req, _body, res) {
  const id = req.url.split('/')[2];
  const rid = { 'x-request-id': 'req-42' };
  switch (id) {
    case 'ok': return json(res, 200, { contact: { id: 'ok' } });
    case '400': return json(res, 400, { statusCode: 400, message: 'Bad Request', traceId: 'trace-400' }, rid);
    case '403': return json(res, 403, { statusCode: 403, message: 'The token does not have access to this location.' }, rid);
    case '422': return json(res, 422, { statusCode: 422, message: ['followers must be an array', 'each value in followers must be a string'], error: 'Unprocessable Entity' });
    case '500': return json(res, 500, { statusCode: 500, message: 'Internal server error' });
    case '502': res.writeHead(502, { 'content-type': 'text/html' }); return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    case '409': return json(res, 409, { statusCode: 409, message: 'Conflict' });
    case 'echo': return json(res, 401, { statusCode: 401, message: `Invalid token: ${req.headers.authorization}`, seen: req.headers });
    case 'truncated': res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }); res.write('{"contact":{"id":"tr'); return setTimeout(() => res.destroy(), 20);
    case 'notjson': res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{"contact": oops}');
    case 'html200': res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<html>maintenance</html>');
    case 'slow': return setTimeout(() => json(res, 200, {}), 2_000);
    case 'hangup': return req.socket.destroy();
    default: return json(res, 404, { statusCode: 404, message: 'Not found' });
  }
}

before(async () => {
  sb = await startSandbox(['--burst', '5', '--interval-ms', '60000']);
  peer = await startPeer(script);
  ghl = new HighLevel({ ...TRANSPORT, privateIntegrationToken: SECRET, baseUrl: peer.baseUrl, timeoutMs: 1_000 });
});
after(async () => { await sb.stop(); await peer.stop(); });

async function failure(promise) {
  const err = await promise.then(() => assert.fail('expected a rejection'), (e) => e);
  assert.ok(err instanceof HighLevelError, `got ${err}`);
  assert.ok(err instanceof Error);
  for (const text of [err.message, err.stack, String(err), JSON.stringify(err), JSON.stringify(err.response ?? null)]) {
    assert.ok(!String(text).includes(SECRET), `token leaked in ${text}`);
  }
  // The instance is healthy after every failure.
  assert.deepEqual(await ghl.contacts.getContact({ contactId: 'ok' }), { contact: { id: 'ok' } });
  return err;
}

const get = (contactId, options) => ghl.contacts.getContact({ contactId }, options);

test('HTTP statuses map to kinds with status, messages, request and trace ids', async () => {
  let e = await failure(get('400'));
  assert.deepEqual([e.kind, e.statusCode, e.message, e.messages, e.traceId, e.requestId], ['bad_request', 400, 'Bad Request', ['Bad Request'], 'trace-400', 'req-42']);
  assert.deepEqual([e.operationId, e.method, e.path, e.retryable], ['get-contact', 'GET', '/contacts/400', false]);
  e = await failure(get('403'));
  assert.deepEqual([e.kind, e.statusCode], ['forbidden', 403]);
  e = await failure(get('missing'));
  assert.deepEqual([e.kind, e.statusCode], ['not_found', 404]);
  e = await failure(get('422'));
  assert.deepEqual([e.kind, e.message, e.messages], ['unprocessable', 'followers must be an array, each value in followers must be a string', ['followers must be an array', 'each value in followers must be a string']]);
  assert.equal(e.response.error, 'Unprocessable Entity');
  e = await failure(get('500'));
  assert.deepEqual([e.kind, e.statusCode, e.retryable], ['server', 500, true]);
  e = await failure(get('409'));
  assert.deepEqual([e.kind, e.statusCode], ['http', 409]);
});

test('an HTML 502 is `server` with the page kept as text', async () => {
  const e = await failure(get('502'));
  assert.equal(e.kind, 'server');
  assert.equal(e.statusCode, 502);
  assert.equal(e.response, '<html><body><h1>502 Bad Gateway</h1></body></html>');
  assert.equal(e.retryable, true);
});

test('2xx bodies that are not the promised JSON are `decode`, never a SyntaxError', async () => {
  for (const id of ['notjson', 'html200', 'truncated']) {
    const e = await failure(get(id));
    assert.equal(e.kind, 'decode', id);
    assert.equal(e.statusCode, 200);
    assert.ok(!(e instanceof SyntaxError));
  }
  const e = await failure(get('html200'));
  assert.equal(e.response, '<html>maintenance</html>');
});

test('network, timeout and aborted', async () => {
  const port = await new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
  const closed = new HighLevel({ ...TRANSPORT, privateIntegrationToken: SECRET, baseUrl: `http://127.0.0.1:${port}` });
  let e = await failure(closed.contacts.getContact({ contactId: 'x' }));
  assert.equal(e.kind, 'network');
  assert.ok(e.cause, 'the cause is kept');
  e = await failure(get('hangup'));
  assert.equal(e.kind, 'network');
  e = await failure(get('slow', { timeoutMs: 100 }));
  assert.equal(e.kind, 'timeout');
  const ac = new AbortController();
  const pending = get('slow', { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  e = await failure(pending);
  assert.equal(e.kind, 'aborted');
  e = await failure(get('ok', { signal: AbortSignal.abort() }));
  assert.equal(e.kind, 'aborted');
});

test('an API echoing the Authorization header cannot leak the token', async () => {
  const e = await failure(get('echo'));
  assert.equal(e.kind, 'unauthorized');
  assert.ok(e.message.includes('[REDACTED]'));
});

test('sandbox: 401 for a bad token, 404 for an unknown contact, 400 for a bad Version, 429 past the burst', async () => {
  await sb.reset();
  const bad = new HighLevel({ ...TRANSPORT, privateIntegrationToken: 'not-the-token', baseUrl: sb.baseUrl });
  let e = await failure(bad.contacts.getContact({ contactId: sb.contacts[0].id }));
  assert.deepEqual([e.kind, e.statusCode, e.message], ['unauthorized', 401, 'Invalid token: access token is invalid']);
  // Pacing and retries off: this checks what the sandbox answers past its burst.
  const good = new HighLevel({ ...TRANSPORT, privateIntegrationToken: sb.token, baseUrl: sb.baseUrl, rateLimit: false, maxRetries: 0 });
  e = await failure(good.contacts.getContact({ contactId: 'nope0000000000000000' }));
  assert.deepEqual([e.kind, e.statusCode], ['not_found', 404]);
  e = await failure(good.contacts.addTags({ contactId: sb.contacts[0].id }, { tags: ['x'] }, { version: '2020-01-01' }));
  assert.deepEqual([e.kind, e.statusCode], ['bad_request', 400]);
  assert.equal(good.rateLimit.max, 5);
  let limited;
  for (let i = 0; i < 10 && !limited; i++) {
    limited = await good.contacts.getContact({ contactId: sb.contacts[0].id }).then(() => undefined, (x) => x);
  }
  assert.ok(limited, 'the burst ran out within 10 calls');
  assert.deepEqual([limited.kind, limited.statusCode, limited.retryable], ['rate_limited', 429, true]);
  assert.equal(good.rateLimit.remaining, 0);
});
