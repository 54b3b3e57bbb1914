// Writes the seed corpora (fuzz/corpus/<target>/): real request bodies and
// params from tests/generated/smoke.json, answers, headers, webhook
// deliveries signed with fresh keys and CryptoJS-format user contexts, each
// in its target's input layout (NUL between parts, two selector bytes first
// where a target picks a row). Run once by hand: `node fuzz/seeds.mjs`; the
// output is committed, so `make fuzz` needs nothing but this directory.
import { createCipheriv, createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('./corpus/', import.meta.url);
const smoke = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../tests/generated/smoke.json', import.meta.url), 'utf8'))).smoke;
const NUL = Buffer.from([0]);
const sel = (n) => Buffer.from([n & 255, (n >> 8) & 255]);
const buf = (x) => (Buffer.isBuffer(x) ? x : Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)));
const join = (...parts) => Buffer.concat(parts.flatMap((p, i) => (i ? [NUL, buf(p)] : [buf(p)])));

function put(target, seeds) {
  const dir = new URL(`${target}/`, root);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  seeds.forEach((s, i) => writeFileSync(new URL(`seed-${String(i).padStart(3, '0')}`, dir), s));
}

const withBody = smoke.filter((r) => r.body != null && r.bodyKind === 'json');
const every = (list, n) => list.filter((_, i) => i % n === 0);

put('validate', [
  ...every(withBody, 8).map((r) => Buffer.concat([sel(r.index), buf(r.body)])),
  Buffer.concat([sel(0x8000 | 7), buf({ a: [1, 'x', null, true, { b: 2.5e-3 }] })]),
  Buffer.concat([sel(withBody[0].index), buf('{"x":"\\u00e9\\ud83d\\ude00","y":-0.0}')]),
]);

put('wire_json', [
  ...every(withBody, 40).map((r) => buf(r.body)),
  buf('{"a":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00","a":1}'),
  buf('[0,-0,1e3,1.5E-7,12345678901234567890,-9007199254740993,[],{}]'),
  buf(' \n\t{"nested":[[[[{"k":[null,false,true]}]]]]} '),
]);

put('request', [
  ...every(smoke, 12).map((r) => Buffer.concat([sel(r.index), join(r.params ?? {}, r.body ?? '')])),
  Buffer.concat([sel(0x8000), join({ locationId: 'l 1', ids: ['a', 2], on: true, skip: null }, '', '/custom/x')]),
  Buffer.concat([sel(0x8000), join({}, '', '/contacts/../x')]),
]);

put('url', [
  join('a b&c', '/contacts/{contactId}/followers', 'c 1/x'),
  join("a!'()*~:$,;@&=+/?#[]é", '/c/{id}', '../x'),
  join('tags[]', '/a/{x', '%2e%2e'),
  join('€ \u0000x', '{a}{b}', '?#'),
]);

const bearer = 'eyJhbGciOiJIUzI1NiJ9.eyJsb2NhdGlvbklkIjoibDEifQ.c2lnbmF0dXJl';
put('error_body', [
  Buffer.concat([sel(400), join({ statusCode: 400, message: 'Bad Request: contactId must be a string' }, bearer)]),
  Buffer.concat([sel(422), join({ statusCode: 422, message: ['email must be an email', 'phone is required'], error: 'Unprocessable Entity' }, bearer)]),
  Buffer.concat([sel(401), join({ statusCode: 401, message: `Invalid JWT ${bearer}` }, bearer)]),
  Buffer.concat([sel(404), join({ error: { code: 'NOT_FOUND', message: 'Contact not found', details: [], resolution: 'check the id' } }, 'abcd')]),
  Buffer.concat([sel(502), join('<html>Bad Gateway</html>', '')]),
  Buffer.concat([sel(429), join({ error: 'Too Many Requests' }, 'x')]),
]);

const rl = (lines, tail) => Buffer.concat([Buffer.from(lines.join('\r\n')), NUL, Buffer.from(tail)]);
put('rate_limit', [
  rl(['x-ratelimit-max: 100', 'x-ratelimit-remaining: 97', 'x-ratelimit-interval-milliseconds: 10000', 'x-ratelimit-limit-daily: 200000', 'x-ratelimit-daily-remaining: 199000'], [0xad, 1, 7, 1, 1, 0, 0, 0, 0, 128, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
  rl(['retry-after: 2', 'x-ratelimit-max: 100', 'x-ratelimit-remaining: 0', 'x-ratelimit-interval-milliseconds: 10000'], [0xad, 1, 6, 2, 0, 0, 0, 0, 255, 255, 1, 2, 3, 1, 100, 0, 0, 1, 0, 1, 0, 2, 1, 3, 0, 4, 5]),
  rl(['Retry-After: Sun, 06 Nov 1994 08:49:40 GMT', 'X-RateLimit-Daily-Remaining: 0'], [0xf7, 1, 7, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]),
  rl(['retry-after: 1e308', 'x-ratelimit-max: 4294967295', 'x-ratelimit-interval-milliseconds: 1'], [0xad, 1, 7, 2, 9, 0, 0, 0]),
]);

const pages = [
  { contacts: [{ id: 'c1', dateAdded: '2024-01-01T00:00:00Z' }, { id: 'c2' }], meta: { total: 40, nextPageUrl: 'https://h.test/base/contacts/?startAfterId=c2&startAfter=1700000000000&limit=2', startAfterId: 'c2', startAfter: 1700000000000, nextPage: 2 } },
  { items: [{ id: 'a', sort: [1, 'a'] }], total: 9, hasMore: true, pagination: { nextPageToken: 't2' }, searchAfter: [1, 'a'] },
  { data: [], total: 0 },
  [{ id: 'x', _id: 'y' }],
];
const paged = smoke.filter((r) => /search|list|get-/.test(r.id)).slice(0, 12);
put('paginate', paged.flatMap((r, i) => [Buffer.concat([sel(i), join(pages[i % pages.length], r.params ?? {}, r.body ?? '', 'meta.total')])]));

// Webhooks: deliveries signed as HighLevel signs them (fresh keys).
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const edPem = ed.publicKey.export({ type: 'spki', format: 'pem' });
const edRaw = ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');
const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
const event = JSON.stringify({ type: 'ContactTagUpdate', locationId: 'loc-1', id: 'contact-1', tags: ['vip'], timestamp: '2023-11-14T22:13:20.000Z', webhookId: 'wh-1' });
const edSig = sign(null, Buffer.from(event), ed.privateKey).toString('base64');
const rsaSig = sign('sha256', Buffer.from(event), rsa.privateKey).toString('base64');
// tail: legacyRsa, toleranceSec (u32 LE), now offset from 1.7e12 (i64 LE)
const tail = (legacy) => Buffer.from([legacy ? 1 : 0, 44, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
put('webhook', [
  join(event, edSig, '', edPem, '', tail(false)),
  join(event, edSig, rsaSig, edRaw, '', tail(true)),
  join(event, '', rsaSig, '', rsaPem, tail(true)),
  join(event, '', rsaSig, '', '', tail(true)),
  join(event, edSig, '', '', '', tail(false)),
  join('{"timestamp":"2023-11-14T23:13:20+01:00"}', 'AAAA', '%%', 'not a key', '-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----', tail(true)),
]);

// CryptoJS AES.encrypt(text, secret): Salted__ + salt + AES-256-CBC, EVP_BytesToKey(MD5).
function cryptojs(text, secret, salt) {
  let prev = Buffer.alloc(0);
  let out = Buffer.alloc(0);
  while (out.length < 48) {
    prev = createHash('md5').update(Buffer.concat([prev, Buffer.from(secret), salt])).digest();
    out = Buffer.concat([out, prev]);
  }
  const c = createCipheriv('aes-256-cbc', out.subarray(0, 32), out.subarray(32, 48));
  return Buffer.concat([Buffer.from('Salted__'), salt, c.update(text), c.final()]).toString('base64');
}
const ctx = JSON.stringify({ userId: 'u1', companyId: 'c1', role: 'admin', type: 'agency', activeLocation: 'l1', userName: 'Zoë', email: 'z@example.com' });
const salt = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
put('user_context', [
  join(cryptojs(ctx, 'shared-secret', salt), 'shared-secret', ctx, salt),
  join(cryptojs(ctx, 'shared-secret', salt), 'wrong-secret', '{}', salt),
  join('U2FsdGVkX18BAgMEBQYHCAECAw==', 's', '', Buffer.alloc(8)),
  join('not base64 %%', '', 'x', salt),
]);
console.log('seeds written to fuzz/corpus/');
