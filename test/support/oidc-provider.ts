import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider for tests (issue 14 §3: "not against a mock"): the `oidc-provider`
 * package on a loopback port, with one confidential client, PKCE required, its own signing key,
 * and its built-in login and consent pages (any password; the login names a test person).
 * People's claims are read at each sign-in, so a test can change someone's email at the provider.
 */
export type TestPerson = { email: string; email_verified: boolean; name: string };

export const TEST_CLIENT_ID = 'agent-readiness-test';
export const TEST_CLIENT_SECRET = 'test client secret that is long enough 0123456789';

export type TestProvider = {
  issuer: string;
  /** Makes the provider answer, with the client allowed to return to these redirect URIs. */
  start: (redirectUris: string[]) => void;
  /** Signs a JWT with the provider's own key (a token the provider could have issued, e.g. for another audience). */
  signJwt: (header: Record<string, unknown>, payload: Record<string, unknown>) => string;
  stop: () => Promise<void>;
};

export async function openTestProvider(people: Record<string, TestPerson>): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const key: KeyObject = createPrivateKey({ key: jwk, format: 'jwk' });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    issuer,
    start(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: TEST_CLIENT_ID,
            client_secret: TEST_CLIENT_SECRET,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        jwks: { keys: [jwk] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        pkce: { required: () => true },
        cookies: { keys: ['test provider cookie key'] },
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
        features: { devInteractions: { enabled: true } },
        findAccount: (_ctx, id) => {
          const person = people[id];
          return person ? { accountId: id, claims: () => ({ sub: id, ...people[id]! }) } : undefined;
        },
      });
      const answer = provider.callback();
      server.on('request', (req, res) => void answer(req, res));
    },
    signJwt: (header, payload) => {
      const data = `${b64(header)}.${b64(payload)}`;
      return `${data}.${sign('sha256', Buffer.from(data), key).toString('base64url')}`;
    },
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Cookies of one browser, by name (enough for one provider and one app on different ports). */
export class CookieJar {
  private readonly values = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(c) || value === '') this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
}

/**
 * Walks a browser through the provider's pages from its authorization URL: logs in as `login`,
 * gives consent, and stops at the first redirect that leaves the provider (the app's callback).
 */
export async function loginAtProvider(authorizationUrl: string, login: string, jar: CookieJar): Promise<URL> {
  let url = new URL(authorizationUrl);
  const issuerOrigin = url.origin;
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: form.toString() } : {}),
    });
    jar.take(res);
    form = null;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      if (url.origin !== issuerOrigin) return url;
      await res.body?.cancel();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    if (html.includes('name="prompt" value="login"')) form = new URLSearchParams({ prompt: 'login', login, password: 'any' });
    else if (html.includes('name="prompt" value="consent"')) form = new URLSearchParams({ prompt: 'consent' });
    else throw new Error(`unexpected provider page: ${html.slice(0, 300)}`);
  }
  throw new Error('the provider did not send the browser back');
}
