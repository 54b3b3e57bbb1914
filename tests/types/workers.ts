// Compile-only check of `highlevel-wasm/workers`: the Durable Object classes
// re-exported from a Worker, and the helpers' values accepted by the client.
import { HighLevel } from 'highlevel-wasm';
import type { Limiter, TokenStore } from 'highlevel-wasm';
import { BudgetWindow, RateLimiterObject, TokenStoreObject, durableLimiter, durableTokenStore } from 'highlevel-wasm/workers';
import type { DurableObjectNamespaceLike, DurableTokenStore } from 'highlevel-wasm/workers';

export { RateLimiterObject, TokenStoreObject };

interface Env {
  RATE_LIMITER: DurableObjectNamespaceLike;
  TOKENS: DurableObjectNamespaceLike;
  GHL_CLIENT_ID: string;
  GHL_CLIENT_SECRET: string;
}

export async function handle(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<unknown> {
  const limiter: Limiter = durableLimiter(env.RATE_LIMITER, { ctx, max: 50, intervalMs: 10_000, dailyProbeMs: 60_000 });
  const tokenStore: DurableTokenStore = durableTokenStore(env.TOKENS, { leaseMs: 45_000 });
  const asStore: TokenStore = tokenStore;
  const ghl = new HighLevel({ clientId: env.GHL_CLIENT_ID, clientSecret: env.GHL_CLIENT_SECRET, tokenStore: asStore, limiter });
  const refreshed: number = await tokenStore.lock('location:l', async () => 1);
  const w = new BudgetWindow();
  w.tighten({ max: 20, intervalMs: 1000 });
  const wait: number = w.wait(Date.now());
  return [await ghl.forLocation('l').contacts.getContact({ contactId: 'x' }), refreshed, wait];
}
