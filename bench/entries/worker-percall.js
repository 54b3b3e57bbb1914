// CPU per call in workerd: `/?v=pkg|fetch&op=add|get&n=N` makes N sequential
// calls to the sandbox, through the package or through raw fetch with the
// same URL and headers, and answers once they are all done.
import { HighLevel } from 'highlevel-wasm';

let ghl;
export default {
  async fetch(request, env) {
    const q = new URL(request.url).searchParams;
    const [v, op, n] = [q.get('v'), q.get('op'), Number(q.get('n'))];
    ghl ??= new HighLevel({ privateIntegrationToken: env.TOKEN, baseUrl: env.BASE_URL });
    const contactId = env.CONTACT;
    const body = { followers: [env.USER] };
    const headers = { Accept: 'application/json', Version: '2021-07-28', Authorization: `Bearer ${env.TOKEN}` };
    const post = { ...headers, 'Content-Type': 'application/json' };
    const addUrl = `${env.BASE_URL}/contacts/${encodeURIComponent(contactId)}/followers`;
    const getUrl = `${env.BASE_URL}/contacts/${encodeURIComponent(contactId)}`;
    for (let i = 0; i < n; i++) {
      let out;
      if (v === 'pkg') {
        out = op === 'add' ? await ghl.contacts.addFollowersContact({ contactId }, body) : await ghl.contacts.getContact({ contactId });
      } else {
        const res = op === 'add' ? await fetch(addUrl, { method: 'POST', headers: post, body: JSON.stringify(body) }) : await fetch(getUrl, { headers });
        out = await res.json();
      }
      if (!(op === 'add' ? out?.followers : out?.contact)) return new Response(JSON.stringify(out), { status: 500 });
    }
    return new Response('ok');
  },
};
