// The same file with the official SDK (it sends Version 2023-02-21 by
// default; these operations are documented as 2021-07-28).
import { HighLevel } from '@gohighlevel/api-client';

const ghl = new HighLevel({ privateIntegrationToken: globalThis.GHL_TOKEN, apiVersion: '2021-07-28' });
ghl.getHttpClient().defaults.baseURL = globalThis.GHL_BASE_URL;
console.log(await ghl.contacts.addFollowersContact({ contactId: globalThis.GHL_CONTACT }, { followers: [globalThis.GHL_USER] }));
