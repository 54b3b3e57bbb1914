// `make demo`: the Contact Followers guide's test checklist, run through the
// built package against the embedded sandbox, printing each step and result.
import { HighLevel, HighLevelError } from '../pkg/node.js';
import { startSandbox } from './sandbox.mjs';

const sb = await startSandbox();
let failed = 0;
const show = (v) => JSON.stringify(v);
async function step(n, title, run, check) {
  try {
    const result = await run();
    const ok = check(result);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${n}. ${title}\n       -> ${show(result)}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${n}. ${title}\n       -> ${e instanceof HighLevelError ? `${e.kind}: ${e.message}` : e}`);
  }
}

try {
  console.log(`\nhighlevel-wasm demo against the sandbox at ${sb.baseUrl}\n`);
  const ghl = new HighLevel({ privateIntegrationToken: sb.token, baseUrl: sb.baseUrl });
  const [me, teammate, manager] = sb.users.map((u) => u.id);
  const contactId = sb.contacts[1].id;
  const id = sb.opportunityId;

  await step(1, `Add a follower (${me}) to contact ${contactId}`,
    () => ghl.contacts.addFollowersContact({ contactId }, { followers: [me] }),
    (r) => r.followers.includes(me) && r.followersAdded.includes(me));
  await step(2, 'Confirm it with getContact',
    async () => (await ghl.contacts.getContact({ contactId })).contact.followers,
    (f) => f.includes(me));
  await step(3, 'Add several followers in one call',
    () => ghl.contacts.addFollowersContact({ contactId }, { followers: [teammate, manager] }),
    (r) => [me, teammate, manager].every((u) => r.followers.includes(u)));
  await step(4, 'Add tags',
    () => ghl.contacts.addTags({ contactId }, { tags: ['demo', 'followers-guide'] }),
    (r) => r.tags.includes('demo') && r.tags.includes('followers-guide'));
  await step(5, `Enroll in workflow ${sb.workflowId}`,
    () => ghl.contacts.addContactToWorkflow({ contactId, workflowId: sb.workflowId }, { eventStartTime: '2021-06-23T03:30:00+01:00' }),
    (r) => r.succeded === true);
  await step(6, `Remove the follower (${me})`,
    () => ghl.contacts.removeFollowersContact({ contactId }, { followers: [me] }),
    (r) => !r.followers.includes(me) && r.followersRemoved.includes(me));
  await step(7, `Add a follower to opportunity ${id}`,
    () => ghl.opportunities.addFollowersOpportunity({ id }, { followers: [manager] }),
    (r) => r.followersAdded.includes(manager));
  await step(8, 'Remove it from the opportunity',
    () => ghl.opportunities.removeFollowersOpportunity({ id }, { followers: [manager] }),
    (r) => r.followersRemoved.includes(manager));
  await step(9, 'Bad input is refused before sending (empty followers)',
    () => ghl.contacts.addFollowersContact({ contactId }, { followers: [] }).then(() => 'sent!', (e) => `${e.kind}: ${e.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`),
    (r) => r.startsWith('validation'));
  console.log(`\n${failed === 0 ? 'All steps succeeded.' : `${failed} step(s) failed.`} Rate limit now: ${show(ghl.rateLimit)}\n`);
} finally {
  await sb.stop();
}
process.exit(failed === 0 ? 0 : 1);
