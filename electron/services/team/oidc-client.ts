import { createHash, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { OidcClaims } from '../../../core/team/model';
import { refused } from './deps';
import type { SignedIn } from './sessions';
import type { TeamService } from './service';

/**
 * OIDC sign-in against one provider (issue 14 §3), with `openid-client` doing the protocol:
 * discovery of the issuer's metadata and keys, the authorization code flow with PKCE (S256),
 * `state` and `nonce`, and the ID token's signature (the issuer's JWKS) and `iss` / `aud` /
 * `exp` / `nonce` checks. This file only keeps what the server needs between the two
 * redirects (in PostgreSQL, so any instance can take the callback) and hands the verified
 * identity to the account service, which decides who it is.
 */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  /** From the environment or a file, never a flag; never logged. */
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
  /** Only for a provider on loopback in tests: plain-http issuer allowed. */
  allowHttpIssuer?: boolean;
  /** Tests only: watch or change what the provider answers (tampered token checks). */
  fetch?: client.CustomFetch;
};

export type OidcSignIn = {
  name: string;
  /** Where the browser goes next (the provider's authorization URL) and the state to bind to this browser; `client`: the rate limit's key (address). */
  start: (client: string) => Promise<{ url: string; state: string }>;
  /** The callback: `callbackUrl` as the provider sent it, `browserState` from this browser's sign-in cookie. */
  finish: (callbackUrl: URL, browserState: string | null) => Promise<SignedIn>;
};

const sameText = (a: string, b: string): boolean => {
  const d = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(d(a), d(b));
};

export function createOidcSignIn(s: OidcSettings, service: TeamService, redirectUri: () => string): OidcSignIn {
  let discovered: Promise<client.Configuration> | null = null;
  const options: client.DiscoveryRequestOptions = {
    // The library skips the ID token's signature when the token came straight from the token endpoint
    // (OIDC Core 3.1.3.7 allows it over TLS); we check it against the issuer's JWKS anyway.
    execute: [client.enableNonRepudiationChecks, ...(s.allowHttpIssuer ? [client.allowInsecureRequests] : [])],
    ...(s.fetch ? { [client.customFetch]: s.fetch } : {}),
  };
  /** Discovered on first use and kept; a failure (provider down) is tried again on the next sign-in. */
  const config = () =>
    (discovered ??= client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, options).catch((err: unknown) => {
      discovered = null;
      throw Object.assign(refused(502, `${s.name} cannot be reached right now. Try again, or sign in with your password.`), {
        reason: codeOf(err),
      });
    }));

  return {
    name: s.name,
    async start(clientAddress) {
      const cfg = await config();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      await service.beginOidcLogin(state, { codeVerifier, nonce }, clientAddress);
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri(),
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },

    async finish(callbackUrl, browserState) {
      const state = callbackUrl.searchParams.get('state');
      // The state must be the one this browser left with (no sign-in started elsewhere and sent here)...
      if (!state || !browserState || !sameText(state, browserState))
        throw refused(400, 'This sign-in was not started in this browser. Start again from the sign-in page.');
      // ...and still pending: a replayed callback finds it used.
      const pending = await service.takeOidcLogin(state);
      if (!pending) throw refused(400, 'This sign-in was already used or has expired. Start again from the sign-in page.');
      const cfg = await config();
      let claims;
      try {
        const tokens = await client.authorizationCodeGrant(
          cfg,
          callbackUrl,
          { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true },
          { redirect_uri: redirectUri() },
        );
        const fromToken = OidcClaims.parse(tokens.claims());
        claims = fromToken;
        // Providers that follow the spec closely put email (and whether it is verified) only in userinfo when an access token is issued.
        if (fromToken.email === undefined || fromToken.email_verified === undefined) {
          // The library checks that userinfo speaks of the same subject; email and its verification are taken as a pair.
          const info = OidcClaims.omit({ iss: true })
            .partial()
            .parse(await client.fetchUserInfo(cfg, tokens.access_token, fromToken.sub));
          if (info.email !== undefined)
            claims = { ...fromToken, email: info.email, email_verified: info.email_verified, name: info.name ?? fromToken.name };
        }
      } catch (err) {
        throw Object.assign(refused(401, `${s.name} sign-in could not be verified. Start again from the sign-in page.`), {
          reason: codeOf(err),
        });
      }
      return service.signInWithOidc({
        issuer: claims.iss,
        subject: claims.sub,
        email: claims.email ?? null,
        emailVerified: claims.email_verified === true,
        name: claims.name ?? null,
      });
    },
  };
}

/**
 * A short reason for the log: the provider's error code, or the library's code and its fixed
 * message ("JWT signature verification failed"); never a token, code or claim value.
 */
function codeOf(err: unknown): string {
  const e = err as { code?: unknown; error?: unknown; name?: unknown; cause?: { message?: unknown } };
  if (typeof e.error === 'string') return `provider:${e.error}`.slice(0, 80);
  const why = typeof e.cause?.message === 'string' && /^[\w "()-]+$/.test(e.cause.message) ? `: ${e.cause.message}` : '';
  if (typeof e.code === 'string') return `${e.code}${why}`.slice(0, 120);
  return typeof e.name === 'string' ? e.name.slice(0, 80) : 'error';
}
