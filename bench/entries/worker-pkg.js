// What a Workers user ships: import the package, make one call per request.
import { HighLevel } from 'highlevel-wasm';

export default {
  async fetch(request, env) {
    const ghl = new HighLevel({ privateIntegrationToken: env.TOKEN, baseUrl: env.BASE_URL });
    return Response.json(await ghl.contacts.addFollowersContact({ contactId: env.CONTACT }, { followers: [env.USER] }));
  },
};
