// The same worker with the official SDK (Version set to the operations'
// documented 2021-07-28; the SDK's default is 2023-02-21).
import { HighLevel } from '@gohighlevel/api-client';

export default {
  async fetch(request, env) {
    const ghl = new HighLevel({ privateIntegrationToken: env.TOKEN, apiVersion: '2021-07-28' });
    ghl.getHttpClient().defaults.baseURL = env.BASE_URL;
    return Response.json(await ghl.contacts.addFollowersContact({ contactId: env.CONTACT }, { followers: [env.USER] }));
  },
};
