// 5. Validation cost: `HighLevel.validate('contacts.upsertContact', params,
// body)` in wasm on a realistic contact upsert (custom fields of the three
// kinds, DND settings, tags), nothing sent. For scale, JSON.stringify of the
// same body (which every call pays anyway) and the same check on an invalid
// body (three issues to report).
//
// Numeric custom fields are sent as strings here: the spec types
// NumericField/MonetoryField `field_value` as `object` (its own example is
// `100`), so the package refuses a JS number there; `numericFieldValue` in the
// result records what it says about `{ field_value: 25000 }`.
//
//   node validate.mjs [--calls 100000] [--repeats 5]
import { HighLevel } from '../pkg/node.js';
import { median, argValue, emitResult } from './stats.mjs';

const CALLS = Number(argValue('calls', 100_000));
const REPEATS = Number(argValue('repeats', 5));

export const UPSERT = {
  locationId: 've9EPM428h8vShlRW1KT',
  firstName: 'Rosalind',
  lastName: 'Okafor',
  name: 'Rosalind Okafor',
  email: 'rosalind.okafor@example.com',
  gender: 'female',
  phone: '+15555550142',
  address1: '221 Market Street',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94105',
  website: 'https://okafor.example.com',
  timezone: 'America/Los_Angeles',
  dnd: false,
  dndSettings: {
    Call: { status: 'active', message: 'Asked not to be called', code: 'DND-1' },
    Email: { status: 'inactive' },
    SMS: { status: 'permanent', message: 'STOP received' },
  },
  inboundDndSettings: { all: { status: 'inactive', message: '' } },
  tags: ['customer', 'newsletter', 'webinar-2026-03', 'vip', 'west-coast'],
  customFields: [
    { id: 'fKq1cT0uS1aXbN2mD3eF', key: 'contact.company_size', field_value: '51-200' },
    { id: 'gLr2dU1vT2bYcO3nE4fG', key: 'contact.annual_budget', field_value: '25000' },
    { id: 'hMs3eV2wU3cZdP4oF5gH', key: 'contact.interests', field_value: ['crm', 'automation', 'sms'] },
    { id: 'iNt4fW3xV4dAeQ5pG6hI', field_value: 'Referred by Jordan Lee' },
    { id: 'jOu5gX4yW5eBfR6qH7iJ', key: 'contact.nps', field_value: '9' },
  ],
  source: 'public api',
  country: 'US',
  companyName: 'Okafor Analytics',
  assignedTo: 'OhbVrpoiVgRV5IfLBcbf',
  createNewIfDuplicateAllowed: false,
};

const INVALID = { ...UPSERT, email: 42, dnd: 'no', dndSettings: { Call: { status: 'sometimes' } } };

function time(fn) {
  // Warm-up, then the median of REPEATS timed runs of CALLS calls.
  for (let i = 0; i < Math.min(CALLS, 20_000); i++) fn();
  const ns = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) fn();
    ns.push(Number(process.hrtime.bigint() - t0) / CALLS);
  }
  const nsPerCall = median(ns);
  return { nsPerCall, opsPerSec: 1e9 / nsPerCall, runs: ns };
}

const valid = HighLevel.validate('contacts.upsertContact', undefined, UPSERT);
if (!Array.isArray(valid) || valid.length) throw new Error(`the upsert body should be valid: ${JSON.stringify(valid)}`);
const invalidIssues = HighLevel.validate('contacts.upsertContact', undefined, INVALID);
if (!Array.isArray(invalidIssues) || invalidIssues.length < 3) throw new Error(`the invalid body should have 3 issues: ${JSON.stringify(invalidIssues)}`);

const numeric = { ...UPSERT, customFields: [{ id: 'gLr2dU1vT2bYcO3nE4fG', key: 'contact.annual_budget', field_value: 25000 }] };
const numericFieldValue = HighLevel.validate('contacts.upsertContact', undefined, numeric);

let sink = 0;
const result = {
  calls: CALLS,
  repeats: REPEATS,
  bodyBytes: JSON.stringify(UPSERT).length,
  valid: time(() => { sink += HighLevel.validate('contacts.upsertContact', undefined, UPSERT).length; }),
  invalid: { ...time(() => { sink += HighLevel.validate('contacts.upsertContact', undefined, INVALID).length; }), issues: invalidIssues },
  numericFieldValue,
  stringify: time(() => { sink += JSON.stringify(UPSERT).length; }),
};
if (sink === 0) throw new Error('unreachable');
emitResult(result);
