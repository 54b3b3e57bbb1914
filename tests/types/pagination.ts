// Compile-only check of the list typings: a list method's value is the first
// page when awaited, an async iterable of its items, and `.pages()` of pages.
import { HighLevel } from 'highlevel-wasm';
import type { ErrorKind, ListOptions, PagedPromise } from 'highlevel-wasm';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

const ghl = new HighLevel({ privateIntegrationToken: 'pit-0000' });

export async function lists(locationId: string): Promise<number> {
  const options: ListOptions = { maxPages: 10, signal: AbortSignal.timeout(5000) };
  const call = ghl.contacts.getContacts({ locationId, limit: 100 }, options);
  const first = await call;
  const onFirstPage: number = (first.contacts ?? []).length;
  let n = 0;
  for await (const contact of call) {
    const email: string | undefined = contact.email;
    if (email) n += 1;
  }
  for await (const page of ghl.users.searchUsers({ companyId: 'c' }).pages()) {
    n += (page.users ?? []).length;
  }
  const opps = ghl.opportunities.searchOpportunity({ locationId });
  assertType<Equals<typeof opps, PagedPromise<Awaited<typeof opps>, NonNullable<Awaited<typeof opps>['opportunities']>[number]>>>(true);
  const kind: ErrorKind = 'pagination';
  // an operation that is not a list returns a plain promise
  // @ts-expect-error no pages() on a non-list call
  ghl.contacts.getContact({ contactId: 'c1' }).pages();
  // @ts-expect-error maxPages must be a number
  ghl.users.searchUsers({ companyId: 'c' }, { maxPages: 'all' });
  return onFirstPage + n + kind.length;
}
