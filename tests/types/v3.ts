// Compile-only check of `highlevel-wasm/v3`'s typings: the v3 operations in
// the same call shapes and names as v2 where both have them, token
// pagination, the AIP error fields, and wrong calls rejected.
import { HighLevel, HighLevelError } from 'highlevel-wasm/v3';
import type { InstalledLocationSchema, OperationName } from 'highlevel-wasm/v3';
import * as v2 from 'highlevel-wasm';

const ghl = new HighLevel({ privateIntegrationToken: 'pit-0000', baseUrl: 'http://127.0.0.1:8787' });

export async function v3(contactId: string, companyId: string, appId: string): Promise<string[]> {
  // the same name and call shape as in v2
  const added = await ghl.contacts.addFollowersContact({ contactId }, { followers: ['u1'] });
  const followers: string[] = added.followersAdded ?? [];
  // token pagination: the promise is the first page and iterates every item
  const first = await ghl.oauth.getInstalledLocation({ companyId, appId, pageSize: 50 });
  const token: string | undefined = first.pagination.nextPageToken;
  const names: string[] = [];
  for await (const loc of ghl.oauth.getInstalledLocation({ companyId, appId }, { maxPages: 3 })) {
    const l: InstalledLocationSchema = loc;
    names.push(l.name);
  }
  // a v3-only service; a comma-separated query array is passed as a list
  await ghl.chatWidget.listChatWidget({ locationId: 'loc', offset: '0', limit: '10' });
  await ghl.adManager.fbGetReporting({ locationId: 'l', fields: ['clicks', 'spend'], groupBy: 'day', startDate: '2026-01-01', endDate: '2026-01-31', type: 'AD_MANAGER' });
  const op: OperationName = 'oauth.getInstalledLocation';
  HighLevel.validate(op, { companyId, appId });
  try {
    await ghl.contacts.getContact({ contactId });
  } catch (e) {
    if (e instanceof HighLevelError && e.code !== undefined) {
      const why: string = `${e.code}: ${e.message} ${e.resolution ?? ''}`;
      const details: Record<string, unknown> | undefined = e.details;
      names.push(why, String(details));
    }
    // one error class for both entries
    if (e instanceof v2.HighLevelError) names.push(e.kind);
  }
  // @ts-expect-error a v2-only camel-case route's method does not exist in v3
  ghl.oauth.getInstalledLocations;
  // @ts-expect-error fields are a list of the documented values
  await ghl.adManager.fbGetReporting({ locationId: 'l', fields: ['nope'], groupBy: 'day', startDate: 's', endDate: 'e', type: 'AD_MANAGER' });
  // @ts-expect-error chat widgets are v3 only
  new v2.HighLevel({ privateIntegrationToken: 'p' }).chatWidget;
  return [...followers, token ?? '', ...names];
}
