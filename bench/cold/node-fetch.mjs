// Cold start reference: no client at all, the first raw fetch (Node loads its fetch lazily).
const { baseUrl, token, contacts, users } = JSON.parse(process.env.BENCH_SANDBOX);
const t0 = performance.now();
const res = await fetch(`${baseUrl}/contacts/${contacts[1].id}/followers`, {
  method: 'POST',
  headers: { Accept: 'application/json', Version: '2021-07-28', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ followers: [users[2].id] }),
});
const out = await res.json();
const t1 = performance.now();
if (!out.followers) throw new Error(JSON.stringify(out));
console.log(`COLD ${JSON.stringify({ importMs: 0, firstCallMs: t1 - t0 })}`);
