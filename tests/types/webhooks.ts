// Compile-only check of highlevel-wasm/webhooks' typings: the event union
// narrows on `type`, options and results are typed, wrong calls are refused.
import { verifyWebhook, decryptUserContext, requestUserContext, HighLevelError } from 'highlevel-wasm/webhooks';
import type { WebhookEvent, ContactTagUpdateEvent, UserContext, VerifyWebhookOptions } from 'highlevel-wasm/webhooks';

export async function receive(raw: Uint8Array, headers: Headers, seenIds: Set<string>): Promise<string> {
  const options: VerifyWebhookOptions = { publicKey: 'base64-key', toleranceSec: 60, legacyRsa: false, seen: async (id) => seenIds.has(id) };
  try {
    const event: WebhookEvent = await verifyWebhook(raw, headers, options);
    const stamp: string = event.timestamp;
    const id: string = event.webhookId;
    switch (event.type) {
      case 'ContactTagUpdate': {
        const e: ContactTagUpdateEvent = event;
        const tags: unknown[] | undefined = e.tags;
        return `${stamp} ${id} ${tags?.length}`;
      }
      case 'INSTALL':
        return event.appId ?? '';
      case 'NoteCreate':
        return event.body ?? '';
      default:
        return event.type;
    }
  } catch (e) {
    if (e instanceof HighLevelError) return e.kind;
    throw e;
  }
}

export async function context(payload: string, secret: string): Promise<string> {
  const raw: string = await requestUserContext({ timeoutMs: 1000, appId: 'app' });
  const user: UserContext = await decryptUserContext(raw || payload, secret);
  const location: string | undefined = user.activeLocation;
  await verifyWebhook('{}', { 'x-ghl-signature': 'sig' });
  // @ts-expect-error a parsed body is not a raw body
  await verifyWebhook({ type: 'ContactCreate' }, {});
  // @ts-expect-error toleranceSec is a number
  await verifyWebhook('{}', {}, { toleranceSec: '300' });
  // @ts-expect-error there is no such event type
  const never: WebhookEvent['type'] = 'NoSuchEvent';
  return `${user.userId} ${user.email} ${location} ${never}`;
}

export function kinds(e: HighLevelError): boolean {
  return e.kind === 'signature' || e.kind === 'replay' || e.kind === 'decode';
}
