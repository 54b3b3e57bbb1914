// Compile-only check of the published typings (`make test-types`): correct
// calls type-check with the resolved types, and each `@ts-expect-error` line
// is a wrong call the typings must reject (tsc fails if one is accepted).
import { HighLevel, HighLevelError } from 'highlevel-wasm';
import type { ErrorKind, FollowersDTO, RequestOptions, ValidationIssue } from 'highlevel-wasm';

/** Compile-time equality: `true` only when A and B are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

const ghl = new HighLevel({ privateIntegrationToken: 'pit-0000', baseUrl: 'http://127.0.0.1:8787', timeoutMs: 10_000 });
new HighLevel({ accessToken: 'at-0000', maxRetries: 2, fetch: (input, init) => fetch(input, init) });

export async function seeds(contactId: string, opportunityId: string, workflowId: string, userIds: string[]): Promise<string[]> {
  const options: RequestOptions = { signal: AbortSignal.timeout(5000), timeoutMs: 5000, headers: { 'x-trace': '1' }, maxRetries: 1 };

  // (params, requestBody, options?)
  const added = await ghl.contacts.addFollowersContact({ contactId }, { followers: userIds }, options);
  assertType<Equals<typeof added.followersAdded, string[] | undefined>>(true);
  const followersAdded: string[] = added.followersAdded ?? [];
  const body: FollowersDTO = { followers: ['user-1'] };
  const removed = await ghl.contacts.removeFollowersContact({ contactId }, body);
  const followersRemoved: string[] = removed.followersRemoved ?? [];

  // (params, options?)
  const { contact } = await ghl.contacts.getContact({ contactId });
  const id: string | undefined = contact?.id;
  const tags: string[] | undefined = contact?.tags;

  // an optional body: with and without
  const run = await ghl.contacts.addContactToWorkflow({ contactId, workflowId }, { eventStartTime: '2024-01-15T10:00:00Z' });
  const ok: boolean | undefined = run.succeded;
  await ghl.contacts.addContactToWorkflow({ contactId, workflowId });
  await ghl.contacts.addContactToWorkflow({ contactId, workflowId }, undefined, { version: '2021-07-28' });

  const tagged = await ghl.contacts.addTags({ contactId }, { tags: ['vip'] });
  assertType<Equals<typeof tagged.tags, string[] | undefined>>(true);

  const opp = await ghl.opportunities.addFollowersOpportunity({ id: opportunityId }, { followers: userIds });
  await ghl.opportunities.removeFollowersOpportunity({ id: opportunityId, isRemoveAllFollowers: false }, { followers: userIds });

  // query params: locationId required, the rest optional
  const found = await ghl.contacts.getContacts({ locationId: 'loc-1', query: 'jane', limit: 20 });
  const emails = (found.contacts ?? []).map((c) => c.email);
  assertType<Equals<typeof emails, (string | undefined)[]>>(true);

  // (options?): no params, no body
  const funds = await ghl.marketplace.hasFunds();
  const hasFunds: boolean | undefined = funds.hasFunds;
  await ghl.marketplace.hasFunds({ timeoutMs: 1000 });

  // (requestBody, options?): a body but no params
  const up = await ghl.contacts.upsertContact({ locationId: 'loc-1', email: 'jane@example.com' });
  void up;

  // (params?, options?): no param is required
  await ghl.marketplace.getCharges();
  await ghl.marketplace.getCharges({ limit: 10 });

  void [followersRemoved, id, tags, ok, opp, hasFunds];
  return followersAdded;
}

export async function errors(): Promise<ErrorKind | undefined> {
  try {
    await ghl.contacts.getContact({ contactId: 'missing' });
  } catch (e) {
    if (e instanceof HighLevelError) {
      const kind: ErrorKind = e.kind;
      const issues: ValidationIssue[] = e.issues;
      const where: string[] = issues.map((i) => `${i.path}: ${i.message}`);
      const status: number | undefined = e.statusCode;
      void [where, status, e.operationId, e.retryable, e.toJSON()];
      if (e.kind === 'rate_limited') return e.kind;
      return kind;
    }
    throw e;
  }
  return undefined;
}

export async function wrongCalls(): Promise<void> {
  // @ts-expect-error missing contactId
  await ghl.contacts.getContact({});
  // @ts-expect-error a number where a string is due
  await ghl.contacts.getContact({ contactId: 42 });
  // @ts-expect-error missing the required request body
  await ghl.contacts.addFollowersContact({ contactId: 'c-1' });
  // @ts-expect-error the body's followers must be strings
  await ghl.contacts.addFollowersContact({ contactId: 'c-1' }, { followers: [1] });
  // @ts-expect-error unknown method
  await ghl.contacts.getContactById({ contactId: 'c-1' });
  // @ts-expect-error unknown service
  await ghl.contact.getContact({ contactId: 'c-1' });
  // @ts-expect-error wrong option type: timeoutMs is a number
  await ghl.contacts.getContact({ contactId: 'c-1' }, { timeoutMs: '5s' });
  // @ts-expect-error a body passed to an operation that takes none (it would be read as options)
  await ghl.contacts.getContact({ contactId: 'c-1' }, { followers: ['u-1'] });
  // @ts-expect-error the old uniform (params, body) call for an operation without params
  await ghl.contacts.upsertContact(undefined, { locationId: 'loc-1' });
  // @ts-expect-error locationId is required for getContacts
  await ghl.contacts.getContacts({ query: 'jane' });
  // @ts-expect-error a client needs a token
  new HighLevel({ baseUrl: 'http://127.0.0.1:8787' });
  const res = await ghl.contacts.addFollowersContact({ contactId: 'c-1' }, { followers: ['u-1'] });
  // @ts-expect-error followersAdded is string[], not number[]
  const n: number[] | undefined = res.followersAdded;
  void n;
}

// The generic request and validation without sending.
async function extras(ghl: HighLevel): Promise<void> {
  const any = await ghl.request<{ ok: boolean }>({ method: 'GET', path: '/custom/endpoint', query: { ids: ['a', 'b'] } });
  const ok: boolean = any.ok;
  const issues = HighLevel.validate('contacts.addFollowersContact', { contactId: '' }, { followers: [] });
  const first: string | undefined = issues[0]?.path;
  // @ts-expect-error: not an operation name
  HighLevel.validate('contacts.noSuchMethod', {}, {});
  // @ts-expect-error: PATCHY is not a method
  await ghl.request({ method: 'PATCHY', path: '/x' });
  void ok; void first;
}
void extras;
