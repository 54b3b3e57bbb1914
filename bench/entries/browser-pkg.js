// What a browser user ships: import the package, make one call.
import { HighLevel } from 'highlevel-wasm';

const ghl = new HighLevel({ privateIntegrationToken: globalThis.GHL_TOKEN, baseUrl: globalThis.GHL_BASE_URL });
console.log(await ghl.contacts.addFollowersContact({ contactId: globalThis.GHL_CONTACT }, { followers: [globalThis.GHL_USER] }));
