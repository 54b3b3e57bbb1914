// Cold start: import @gnosticdev/highlevel-sdk (openapi-fetch over the global
// fetch, no validation), then its first call.
const { baseUrl, token, contacts, users } = JSON.parse(process.env.BENCH_SANDBOX);
const t0 = performance.now();
const { createHighLevelClient } = await import('@gnosticdev/highlevel-sdk');
const t1 = performance.now();
const client = createHighLevelClient({ baseUrl }, 'integration', { privateToken: token, accessType: 'Sub-Account', scopes: ['contacts.write'] });
const { data: out, error } = await client.contacts.POST('/contacts/{contactId}/followers', {
  params: { path: { contactId: contacts[1].id } },
  body: { followers: [users[2].id] },
});
const t2 = performance.now();
if (error || !out?.followers) throw new Error(JSON.stringify(error ?? out));
console.log(`COLD ${JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1 })}`);
