// Webhook ids already processed, in one Durable Object, so a delivery replayed
// to any isolate is refused. `verifyWebhook` refuses timestamps more than
// `toleranceSec` (300) away from now, so an id only needs remembering for
// twice that; an alarm clears older ones.
import { DurableObject } from 'cloudflare:workers';

const REMEMBER_MS = 2 * 300_000 + 60_000;

export class WebhookIdsObject extends DurableObject {
  /** True when `id` was seen before; otherwise remembers it. Calls are serialised by the object. */
  async seen(id) {
    const key = `id:${id}`;
    if ((await this.ctx.storage.get(key)) !== undefined) return true;
    await this.ctx.storage.put(key, Date.now());
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + REMEMBER_MS);
    return false;
  }

  async alarm() {
    const old = Date.now() - REMEMBER_MS;
    const all = await this.ctx.storage.list({ prefix: 'id:' });
    const stale = [...all].filter(([, at]) => at < old).map(([k]) => k);
    for (let i = 0; i < stale.length; i += 128) await this.ctx.storage.delete(stale.slice(i, i + 128));
    if (all.size > stale.length) await this.ctx.storage.setAlarm(Date.now() + REMEMBER_MS);
  }
}
