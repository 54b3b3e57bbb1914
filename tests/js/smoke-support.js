// What the smoke tests of both entries share (smoke.test.js: highlevel-wasm,
// v3-smoke.test.js: highlevel-wasm/v3): every operation of a table through
// the built package against the real sandbox, with the generated schema-valid
// inputs, must resolve to the documented example; every operation with a
// required body field, called without it, must be refused before sending.
import assert from 'node:assert/strict';
import util from 'node:util';

// Operations the sandbox answers from its in-memory state (sandbox/src/routes.rs
// HANDLERS): they need the seeded records and answer with state, not the example.
export const STATEFUL = new Set([
  'add-followers-contact', 'remove-followers-contact', 'add-tags', 'remove-tags', 'add-contact-to-workflow',
  'add-followers-opportunity', 'remove-followers-opportunity', 'get-contact',
]);

// List operations the sandbox answers with real pages of its seeded world
// (sandbox/src/lists.rs, tests/js/pagination.test.js): their items array, not the example.
export const LISTS = {
  'get-contacts': 'contacts', 'search-contacts-advanced': 'contacts', 'search-opportunity': 'opportunities',
  'search-opportunities-advanced': 'opportunities', 'search-conversation': 'conversations', 'search-users': 'users',
};

/** The seeded ids in place of the generated ones, for the stateful operations. */
function seeded(sb, row) {
  const params = { ...row.params };
  let body = row.body === null ? undefined : structuredClone(row.body);
  if (STATEFUL.has(row.id)) {
    if ('contactId' in params) params.contactId = sb.contacts[1].id;
    if ('workflowId' in params) params.workflowId = sb.workflowId;
    if ('id' in params) params.id = sb.opportunityId;
    if (body && 'followers' in body) body.followers = sb.users.map((u) => u.id);
  }
  return { params, body };
}

/** A FormData of the body's fields (lists item by item), with a Blob as `file`. */
function formData(body) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(body ?? {})) {
    if (Array.isArray(v)) for (const item of v) fd.append(k, String(item));
    else if (v !== null && typeof v === 'object') fd.append(k, JSON.stringify(v));
    else fd.append(k, String(v));
  }
  if (!fd.has('file')) fd.append('file', new Blob(['name,email\nAva,ava@example.com\n'], { type: 'text/csv' }), 'smoke.csv');
  return fd;
}

/** Calls operation `row` with the call shape its table row gives (`shape`). */
function invoke(ghl, shape, row, params, body) {
  const fn = ghl[row.service]?.[row.method];
  if (typeof fn !== 'function') return Promise.reject(new Error(`no method ${row.service}.${row.method}`));
  const f = fn.bind(ghl[row.service]);
  switch (shape[row.index]) {
    case 0: return f();
    case 1: return f(params);
    case 2: return f(body);
    default: return f(params, body);
  }
}

function describe(HighLevelError, err) {
  if (err instanceof HighLevelError) {
    const extra = err.issues?.length ? ` issues=${JSON.stringify(err.issues)}` : (err.messages?.length ? ` messages=${JSON.stringify(err.messages)}` : '');
    return { kind: err.kind, message: `${err.statusCode ?? ''} ${err.message}${extra}`.trim() };
  }
  return { kind: 'thrown', message: String(err?.stack ?? err) };
}

function report(title, failures, total) {
  console.log(`${title}: ${total - failures.length}/${total} operations passed`);
  for (const f of failures) console.log(`  FAIL ${f.id} [${f.kind}] ${f.message}`);
}

/**
 * Every row of `smoke` called through `ghl` (built over the sandbox `sb`);
 * `sentVersion()`, when given, returns the `Version` header of the request just
 * sent, which must be the row's documented one (none when it documents none);
 * `alsoAccept(row)` lists other answers that count (see v3-smoke.test.js).
 */
export async function everyOperation({ sb, ghl, HighLevelError, shape, smoke, responses, sentVersion, alsoAccept = () => [], title = 'smoke' }) {
  assert.equal(responses.length, smoke.length);
  await sb.reset();
  const failures = [];
  for (const row of smoke) {
    const documented = responses[row.index];
    assert.equal(documented.id, row.id, `responses row ${row.index}`);
    const { params, body } = seeded(sb, row);
    const sent = row.bodyKind === 'multipart' && body !== undefined ? formData(body) : body;
    let out;
    try {
      out = await invoke(ghl, shape, row, params, sent);
    } catch (err) {
      failures.push({ id: row.id, ...describe(HighLevelError, err) });
      continue;
    }
    const want = documented.example === null ? undefined : documented.example;
    try {
      if (sentVersion) assert.equal(sentVersion(), row.version ?? undefined, 'the documented Version header');
      if (STATEFUL.has(row.id)) {
        // State, not the example: the same fields.
        assert.deepEqual(Object.keys(out ?? {}).sort(), Object.keys(want ?? {}).sort());
      } else if (row.id in LISTS) {
        assert.ok(Array.isArray(out?.[LISTS[row.id]]), `a page with ${LISTS[row.id]}`);
      } else if (!alsoAccept(row).some((alt) => util.isDeepStrictEqual(out, alt))) {
        assert.deepEqual(out, want);
      }
    } catch (err) {
      failures.push({ id: row.id, kind: 'mismatch', message: err.message.split('\n').slice(0, 6).join(' ') });
    }
  }
  report(title, failures, smoke.length);
  assert.deepEqual(failures.map((f) => f.id), [], `${failures.length} operations failed (listed above)`);
}

/** Every row with a required body field, called without it: a validation error naming it, nothing sent. */
export async function refusedWithoutRequired({ sb, ghl, HighLevelError, shape, smoke }) {
  await sb.reset();
  const rows = smoke.filter((r) => r.requiredBodyField !== null);
  assert.ok(rows.length > 0);
  const failures = [];
  for (const row of rows) {
    const field = row.requiredBodyField;
    const { params, body } = seeded(sb, row);
    if (body) delete body[field];
    const before = (await sb.state()).requestCount;
    let err;
    try {
      await invoke(ghl, shape, row, params, body);
    } catch (e) {
      err = e;
    }
    const sent = (await sb.state()).requestCount - before;
    const problem = err === undefined ? { kind: 'resolved', message: 'the call resolved' }
      : !(err instanceof HighLevelError) || err.kind !== 'validation' ? describe(HighLevelError, err)
      : !err.issues.some((i) => i.path === field) ? { kind: 'validation', message: `issues lack ${field}: ${JSON.stringify(err.issues)}` }
      : sent !== 0 ? { kind: 'sent', message: `${sent} request(s) reached the sandbox` }
      : null;
    if (problem) failures.push({ id: row.id, ...problem, message: `without ${field}: ${problem.message}${sent && problem.kind !== 'sent' ? ` (${sent} request(s) sent)` : ''}` });
  }
  report('required body fields', failures, rows.length);
  assert.deepEqual(failures.map((f) => f.id), [], `${failures.length} operations failed (listed above)`);
}
