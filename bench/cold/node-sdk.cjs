// Cold start: require the official SDK (CommonJS), then its first call
// (Version set to the operation's documented 2021-07-28; its default is 2023-02-21).
const { baseUrl, token, contacts, users } = JSON.parse(process.env.BENCH_SANDBOX);
const t0 = performance.now();
const { HighLevel } = require('@gohighlevel/api-client');
const t1 = performance.now();
const ghl = new HighLevel({ privateIntegrationToken: token, apiVersion: '2021-07-28' });
ghl.getHttpClient().defaults.baseURL = baseUrl;
ghl.contacts.addFollowersContact({ contactId: contacts[1].id }, { followers: [users[2].id] }).then((out) => {
  const t2 = performance.now();
  if (!out.followers) throw new Error(JSON.stringify(out));
  console.log(`COLD ${JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1 })}`);
});
