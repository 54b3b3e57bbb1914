// `highlevel-wasm/webhooks`: webhook verification over the raw bytes and the
// custom-page user context. Errors are the package's one `HighLevelError`.
import type { WebhookEvent } from './generated/webhook-events';

export type * from './generated/webhook-events';
export { HighLevelError } from './index';

/** The body exactly as received: re-serializing a parsed body changes the bytes the signature covers. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** A `Headers` or a plain object such as Node's `req.headers` (names case-insensitive). */
export type WebhookHeaders = Headers | { readonly [name: string]: string | readonly string[] | undefined };

export interface VerifyWebhookOptions {
  /** HighLevel's Ed25519 key for `x-ghl-signature`: PEM (SPKI) or base64 of the raw 32 bytes. */
  publicKey?: string;
  /** PEM (SPKI) for the legacy `x-wh-signature` (RSA-SHA256); defaults to the key HighLevel publishes. */
  rsaPublicKey?: string;
  /** `false` refuses `x-wh-signature` altogether (default `true`). */
  legacyRsa?: boolean;
  /** How far the payload's `timestamp` may lie from now, either way, in seconds (default 300). */
  toleranceSec?: number;
  /** "Now" in ms since the epoch (default `Date.now()`), for tests. */
  now?: number;
  /** `true` when this `webhookId` was already processed: the delivery is refused as a replay. */
  seen?: (webhookId: string) => boolean | Promise<boolean>;
}

/**
 * Checks the signature over `rawBody`, then that the body is UTF-8 JSON, then
 * the replay window and `seen`; resolves to the event. Rejects with a
 * `HighLevelError` of kind `signature`, `replay`, `decode` or `validation`.
 */
export declare function verifyWebhook(rawBody: RawBody, headers: WebhookHeaders, options?: VerifyWebhookOptions): Promise<WebhookEvent>;

/** The decrypted custom-page user context; any other field the payload holds is kept. */
export interface UserContext {
  userId: string;
  companyId: string;
  role: string;
  /** `agency` or `location`. */
  type: string;
  userName: string;
  email: string;
  /** Present when the user is inside a location. */
  activeLocation?: string;
  [field: string]: unknown;
}

/**
 * Decrypts the CryptoJS AES payload a custom page or Custom JS received, with
 * the app's shared secret (server side). Rejects with `signature` for a wrong
 * secret or altered payload, `decode` for anything that is not such a payload.
 */
export declare function decryptUserContext(payload: string, sharedSecret: string): Promise<UserContext>;

export interface RequestUserContextOptions {
  /** Default 5000; then the promise rejects with kind `timeout`. */
  timeoutMs?: number;
  /** Your app's id, for `window.exposeSessionDetails` in Custom JS. */
  appId?: string;
}

/** In the browser: the encrypted user context from the parent page (or `exposeSessionDetails`). */
export declare function requestUserContext(options?: RequestUserContextOptions): Promise<string>;
