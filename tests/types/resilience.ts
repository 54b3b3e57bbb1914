// Typings of pacing, retries, bulk and the error fields.
import { HighLevel, HighLevelError, type Limiter, type BulkOutcome } from 'highlevel-wasm';

const limiter: Limiter = {
  acquire: async (key: string, { signal }: { signal?: AbortSignal }) => { void key; void signal; },
  update: (key, figures) => { void key; void figures.remaining; },
};
const ghl = new HighLevel({ privateIntegrationToken: 't', maxRetries: 5, rateLimit: { max: 50, intervalMs: 10_000, key: 'loc-1', dailyProbeMs: 60_000 }, limiter });
new HighLevel({ accessToken: 't', rateLimit: false });

export async function run(ids: string[]): Promise<number> {
  const out: BulkOutcome<string, unknown> = await ghl.bulk(ids, (contactId, client) => client.contacts.getContact({ contactId }, { idempotent: true, maxRetries: 1 }), {
    concurrency: 4,
    onProgress: ({ done, total, ratePerSec, etaMs }) => void [done, total, ratePerSec, etaMs],
  });
  for (const r of out.results) {
    if (!r.ok && r.error instanceof HighLevelError) {
      const e: HighLevelError = r.error;
      const fields: [number, boolean, boolean | undefined, number | null] = [e.attempts, e.maybeApplied, e.daily, e.rateLimit.remaining];
      void fields;
    }
  }
  return out.succeeded + out.failed;
}
