/** A session's store key: `location:<locationId>` or `company:<companyId>`. */
export type SessionKey = `location:${string}` | `company:${string}`;

/** A stored session: plain JSON, as a token store keeps it. */
export interface Session {
  accessToken: string;
  /** Rotates on every refresh. A location session minted without one is renewed from its company session. */
  refreshToken?: string;
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number;
  userType: 'Location' | 'Company';
  companyId: string;
  locationId?: string;
  userId?: string;
  scopes: string[];
}

/** What may be shown of a session: never a token. */
export interface SessionView {
  key: SessionKey;
  userType: 'Location' | 'Company';
  companyId: string;
  locationId?: string;
  userId?: string;
  scopes: string[];
  expiresAt: number;
}

type Awaitable<T> = T | Promise<T>;

/**
 * Where sessions live. Each method may return a promise. `lock(key, fn)`, when
 * present, runs `fn` while no other holder of the same key (in any process or
 * isolate) runs its own, and resolves to what `fn` resolves to.
 */
export interface TokenStore {
  get(key: SessionKey): Awaitable<Session | undefined | null>;
  set(key: SessionKey, session: Session): Awaitable<void>;
  delete(key: SessionKey): Awaitable<void>;
  lock?<T>(key: SessionKey, fn: () => Promise<T>): Awaitable<T>;
}

/** The default store: a Map in this process or isolate; `lock` serialises holders in it. */
export declare class MemoryTokenStore implements TokenStore {
  get(key: SessionKey): Session | undefined;
  set(key: SessionKey, session: Session): void;
  delete(key: SessionKey): void;
  lock<T>(key: SessionKey, fn: () => Promise<T>): Promise<T>;
}

/** A marketplace app's config (instead of a token). */
export interface AppConfig {
  clientId: string;
  clientSecret: string;
  /** Default: a new `MemoryTokenStore`. */
  tokenStore?: TokenStore;
  /** Refresh when less than this is left of an access token's life (default 300000). */
  refreshSkewMs?: number;
  /** Origin of the consent screen (default https://marketplace.gohighlevel.com; white-label: https://marketplace.leadconnectorhq.com). */
  marketplaceUrl?: string;
}

export interface AuthorizationUrlOptions {
  redirectUri: string;
  scopes: string[];
  /** Default: 128 random bits in base64url. */
  state?: string;
  versionId?: string;
}

export interface ExchangeCodeOptions {
  code: string;
  redirectUri?: string;
  /** The `state` the redirect brought back. */
  state?: string;
  /** When given, a missing or different `state` is refused before anything is sent. */
  expectedState?: string;
}

/** The INSTALL / UNINSTALL webhook events (the fields used here). */
export interface AppInstallEvent {
  type: 'INSTALL';
  appId?: string;
  companyId?: string;
  locationId?: string;
  userId?: string;
  [field: string]: unknown;
}
export interface AppUninstallEvent {
  type: 'UNINSTALL';
  appId?: string;
  companyId?: string;
  locationId?: string;
  [field: string]: unknown;
}

/** `ghl.auth`: the OAuth helpers of a marketplace app client. */
export interface Auth {
  /** The consent URL to send an installer to, and the `state` to expect back. */
  authorizationUrl(options: AuthorizationUrlOptions): { url: string; state: string };
  /** Exchanges the redirect's code for a session, stores it, resolves to its view. */
  exchangeCode(options: ExchangeCodeOptions): Promise<SessionView>;
  /** Forces a refresh of the stored session `key`. */
  refresh(key: SessionKey): Promise<SessionView>;
  /** Mints and stores a location session from the stored company session. */
  locationToken(options: { companyId: string; locationId: string }): Promise<SessionView>;
  session(key: SessionKey): Promise<SessionView | undefined>;
  /** Mints the location's session when its company session is stored; `undefined` otherwise. */
  handleInstall(event: AppInstallEvent): Promise<SessionView | undefined>;
  /** Deletes the session of the event's location (or company). */
  handleUninstall(event: AppUninstallEvent): Promise<void>;
}
