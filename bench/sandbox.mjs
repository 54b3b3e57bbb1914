// The sandbox the benchmarks talk to: the one run.mjs started (passed down
// in BENCH_SANDBOX), or a private one when a section runs on its own.
import { startSandbox } from '../scripts/sandbox.mjs';

/** A burst and daily quota no run can reach, so 429s never interfere. */
export const SANDBOX_ARGS = ['--burst', '1000000000', '--daily', '1000000000'];

export async function getSandbox() {
  if (process.env.BENCH_SANDBOX) {
    return { ...JSON.parse(process.env.BENCH_SANDBOX), stop: async () => {} };
  }
  const sandbox = await startSandbox(SANDBOX_ARGS);
  // Never leave it running: stop() sends SIGTERM synchronously, so this works
  // from 'exit' too (an uncaught error included).
  process.once('exit', () => { sandbox.stop(); });
  return sandbox;
}

/** The contact and user every section uses: Priya, and Chloe as the follower. */
export function target(sandbox) {
  return { contactId: sandbox.contacts[1].id, userId: sandbox.users[2].id };
}

/** What a child process needs to reach the sandbox. */
export function sandboxEnv(sandbox) {
  const { baseUrl, port, token, contacts, users } = sandbox;
  return { BENCH_SANDBOX: JSON.stringify({ baseUrl, port, token, contacts, users }) };
}
