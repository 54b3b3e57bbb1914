// Compile-only check of the marketplace-app typings: the app config, ghl.auth,
// bound clients, the token store contract and the `store` error kind.
import { HighLevel, HighLevelError, MemoryTokenStore } from 'highlevel-wasm';
import type { ErrorKind, Session, SessionKey, SessionView, TokenStore } from 'highlevel-wasm';

const sessions = new Map<string, Session>();
const store: TokenStore = {
  get: async (key) => sessions.get(key),
  set: async (key, session) => { sessions.set(key, session); },
  delete: (key) => { sessions.delete(key); },
  lock: async (_key, fn) => fn(),
};

export async function app(code: string, state: string): Promise<void> {
  const ghl = new HighLevel({ clientId: 'id', clientSecret: 'secret', tokenStore: store, refreshSkewMs: 60_000 });
  new HighLevel({ clientId: 'id', clientSecret: 'secret', tokenStore: new MemoryTokenStore() });
  const { url, state: expected } = ghl.auth.authorizationUrl({ redirectUri: 'https://app.test/cb', scopes: ['contacts.readonly'], versionId: 'v' });
  const link: string = url;
  const view: SessionView = await ghl.auth.exchangeCode({ code, state, expectedState: expected, redirectUri: 'https://app.test/cb' });
  const key: SessionKey = view.key;
  await ghl.auth.refresh(key);
  await ghl.auth.locationToken({ companyId: 'c', locationId: 'l' });
  const maybe: SessionView | undefined = await ghl.auth.session('company:c');
  await ghl.auth.handleInstall({ type: 'INSTALL', companyId: 'c', locationId: 'l' });
  await ghl.auth.handleUninstall({ type: 'UNINSTALL', locationId: 'l' });
  const bound: HighLevel = ghl.forLocation('l');
  await bound.contacts.getContact({ contactId: 'x' });
  await ghl.forCompany('c').users.searchUsers({ companyId: 'c' });
  await ghl.contacts.getContact({ contactId: 'x' }, { locationId: 'l' });
  const kind: ErrorKind = 'store';
  try { await bound.contacts.getContact({ contactId: 'x' }); } catch (e) { if (e instanceof HighLevelError && e.kind === kind) throw e.cause; }
  // @ts-expect-error a view has no token
  view.accessToken;
  // @ts-expect-error keys are location:<id> or company:<id>
  await ghl.auth.refresh('user:1');
  // @ts-expect-error an app config needs its secret
  new HighLevel({ clientId: 'id' });
  void link; void maybe;
}
