// Cold start: import this package, then its first call.
const { baseUrl, token, contacts, users } = JSON.parse(process.env.BENCH_SANDBOX);
const t0 = performance.now();
const { HighLevel } = await import('../../pkg/node.js');
const t1 = performance.now();
const ghl = new HighLevel({ privateIntegrationToken: token, baseUrl });
const out = await ghl.contacts.addFollowersContact({ contactId: contacts[1].id }, { followers: [users[2].id] });
const t2 = performance.now();
if (!out.followers) throw new Error(JSON.stringify(out));
console.log(`COLD ${JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1 })}`);
