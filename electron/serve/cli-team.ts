/**
 * `agent-readiness serve --team` (the team server) and `agent-readiness team admin create|invite`
 * (its first admin and one-time invitation links), issue 14 §2-3. The database URL comes from
 * --database or $AGENT_READINESS_DATABASE_URL and is never printed, in errors neither.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES, type Role } from '../../core/team/rules';
import { openTeamAccounts, openTeamBackend } from '../services/team/backend';
import type { OidcSettings } from '../services/team/oidc-client';
import { CliError, EXIT, out, str, type Values } from './cli-workspace';
import { defaultDataDir } from './data-dir';
import { startTeamServer } from './team-server';
import { createLogger, redact } from './team-server-log';

export const TEAM_HELP = {
  serve: `Usage: agent-readiness serve --team --listen HOST:PORT [--database URL] [--data DIR]
                             [--tls-cert FILE --tls-key FILE | --trust-proxy] [--public-origin URL]

Starts the team server: the app for several people, with accounts, roles and sessions.
  --database URL    postgres://... (else $AGENT_READINESS_DATABASE_URL); never printed
  --listen H:P      address to listen on, e.g. 0.0.0.0:8443 (port 0: a free one)
  --data DIR        folder of the team workspaces' SQLite files (default: the app-data folder)
  --tls-cert/--tls-key  PEM files: serve HTTPS (cookies become Secure, __Host- prefixed)
  --trust-proxy     behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto/-For
  --public-origin   the URL people open (checked against Origin), default from --listen
  --oidc-issuer URL --oidc-client-id ID [--oidc-name NAME] [--oidc-client-secret-file FILE]
                    optional OIDC sign-in for invited people; the client secret comes from
                    $AGENT_READINESS_OIDC_CLIENT_SECRET or the file, never the command line;
                    redirect URI to register at the provider: <public origin>/team/oidc/callback
Health: GET /healthz (process up), GET /readyz (database reachable, schema current).
Logs: one JSON line per request on stdout. For browser mode on loopback, use npm run serve.
`,
  'team-admin-create': `Usage: agent-readiness team admin create --email EMAIL [--name NAME] [--workspace NAME] [--database URL]

Creates the first admin of an empty team server, and its first workspace (default "Team
workspace"). The password is read from $AGENT_READINESS_ADMIN_PASSWORD, else from stdin.
`,
  'team-invite': `Usage: agent-readiness team invite --by ADMIN_EMAIL --email EMAIL --role ROLE[,ROLE] [--workspace ID]...
                             [--workflow ID]... [--public-origin URL] [--database URL]

Prints a one-time invitation link (it expires in 7 days). Roles: ${ROLES.join(', ')}.
--workflow limits an editor to those workflows. --workspace defaults to every workspace of the admin.
`,
} as const;

const databaseUrl = (v: Values): string => {
  const url = str(v.database) ?? process.env.AGENT_READINESS_DATABASE_URL;
  if (!url) throw new CliError('--database URL or $AGENT_READINESS_DATABASE_URL is required.', EXIT.USAGE);
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new CliError('--database must be a postgres:// URL.', EXIT.USAGE);
  return url;
};

/** A failure that may carry the connection string (pg errors can): redacted before it is shown. */
const hidden = (err: unknown, url: string): CliError =>
  err instanceof CliError ? err : new CliError(redact(err instanceof Error ? err.message : String(err), [url]), EXIT.INTERNAL);

function listenOf(v: Values): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(str(v.listen) ?? '');
  if (!m) throw new CliError('--listen HOST:PORT is required, e.g. --listen 0.0.0.0:8080.', EXIT.USAGE);
  const port = Number(m[2]);
  if (port > 65535) throw new CliError('--listen: the port is at most 65535.', EXIT.USAGE);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

async function serveCmd(v: Values): Promise<number> {
  if (v.team !== true) throw new CliError('serve needs --team (browser mode on loopback is `npm run serve`).', EXIT.USAGE);
  const url = databaseUrl(v);
  const { host, port } = listenOf(v);
  const certFile = str(v['tls-cert']);
  const keyFile = str(v['tls-key']);
  if ((certFile === undefined) !== (keyFile === undefined)) throw new CliError('--tls-cert and --tls-key go together.', EXIT.USAGE);
  if (certFile && v['trust-proxy'] === true) throw new CliError('Choose --tls-cert/--tls-key or --trust-proxy, not both.', EXIT.USAGE);
  const publicOrigin = str(v['public-origin']);
  if (publicOrigin !== undefined && !/^https?:\/\/[^/]+\/?$/.test(publicOrigin))
    throw new CliError('--public-origin is an origin such as https://readiness.example.org', EXIT.USAGE);
  const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
  const here = dirname(fileURLToPath(import.meta.url));
  const oidc = oidcOf(v);
  const logger = createLogger(undefined, [url, oidc?.clientSecret ?? '']);
  let backend;
  try {
    backend = await openTeamBackend({
      databaseUrl: url,
      dataDir: resolve(str(v.data) ?? defaultDataDir()),
      liveFireDist: resolve(here, '..'),
      onLiveError: (what, err) => logger.error(`live.${what}`, err),
    });
  } catch (err) {
    throw hidden(err, url);
  }
  const server = await startTeamServer({
    backend,
    staticDir: resolve(here, '../renderer'),
    host,
    port,
    tls,
    trustProxy: v['trust-proxy'] === true,
    publicOrigin,
    logger,
    oidc,
  });
  out(`AGENT_READINESS_TEAM_URL=${server.origin}\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(() => backend.close().then(done, done));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.OK;
}

/** The OIDC settings from the flags, or undefined when no issuer is given. */
function oidcOf(v: Values): OidcSettings | undefined {
  const issuer = str(v['oidc-issuer']);
  const clientId = str(v['oidc-client-id']);
  if (issuer === undefined && clientId === undefined) return undefined;
  if (!issuer || !clientId) throw new CliError('--oidc-issuer and --oidc-client-id go together.', EXIT.USAGE);
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new CliError('--oidc-issuer is a URL such as https://login.example.org/realms/team', EXIT.USAGE);
  }
  // Plain http only for a provider on this machine (a test provider); anything else must be https.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new CliError('--oidc-issuer must be an https:// URL (http:// only on loopback).', EXIT.USAGE);
  const file = str(v['oidc-client-secret-file']);
  let clientSecret = process.env.AGENT_READINESS_OIDC_CLIENT_SECRET;
  try {
    if (file) clientSecret = readFileSync(file, 'utf8').trim();
  } catch {
    throw new CliError(`--oidc-client-secret-file: cannot read ${file}.`, EXIT.USAGE);
  }
  if (!clientSecret)
    throw new CliError(
      'OIDC needs the client secret in $AGENT_READINESS_OIDC_CLIENT_SECRET or --oidc-client-secret-file FILE.',
      EXIT.USAGE,
    );
  return { issuer, clientId, clientSecret, name: str(v['oidc-name']) ?? url.hostname, allowHttpIssuer: url.protocol === 'http:' };
}

function readPassword(): string {
  const fromEnv = process.env.AGENT_READINESS_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new CliError('Give the password on stdin or in $AGENT_READINESS_ADMIN_PASSWORD.', EXIT.USAGE);
  }
}

async function withAccounts<T>(v: Values, fn: (s: Awaited<ReturnType<typeof openTeamAccounts>>['service']) => Promise<T>): Promise<T> {
  const url = databaseUrl(v);
  let team;
  try {
    team = await openTeamAccounts(url);
  } catch (err) {
    throw hidden(err, url);
  }
  try {
    return await fn(team.service);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'VALIDATION' || e.code === 'REFUSED' || e.code === 'FORBIDDEN') throw new CliError(e.message ?? 'refused', EXIT.USAGE);
    throw hidden(err, url);
  } finally {
    await team.close();
  }
}

async function adminCreate(v: Values): Promise<number> {
  const email = str(v.email);
  if (!email) throw new CliError('--email is required.', EXIT.USAGE);
  const workspaceName = str(v.workspace) ?? 'Team workspace';
  const slug =
    workspaceName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  const workspace = { id: `${slug}-${randomBytes(3).toString('hex')}`, name: workspaceName };
  const password = readPassword();
  return withAccounts(v, async (svc) => {
    const admin = await svc.bootstrap({ email, name: str(v.name) ?? email.split('@')[0]!, password, workspace });
    out(`admin ${admin.id} (${admin.name})\nworkspace ${workspace.id} (${workspace.name})\n`);
    return EXIT.OK;
  });
}

async function invite(v: Values): Promise<number> {
  const by = str(v.by);
  const email = str(v.email);
  if (!by || !email) throw new CliError('--by ADMIN_EMAIL and --email EMAIL are required.', EXIT.USAGE);
  const roles = (Array.isArray(v.role) ? v.role : [str(v.role) ?? ''])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (bad !== undefined || roles.length === 0) throw new CliError(`--role must be one or more of ${ROLES.join(', ')}.`, EXIT.USAGE);
  const list = (x: Values[string]) => (Array.isArray(x) ? x : typeof x === 'string' ? [x] : []);
  return withAccounts(v, async (svc) => {
    const adminId = await svc.idOfEmail(by);
    if (!adminId) throw new CliError(`--by: no account with the email ${by}.`, EXIT.USAGE);
    const workspaceIds = list(v.workspace).length ? list(v.workspace) : [...(await svc.view(adminId)).workspaces];
    const workflows = list(v.workflow);
    const made = await svc.invite(adminId, {
      email,
      roles: roles as Role[],
      workspaceIds,
      workflowScope: workflows.length ? workflows : null,
    });
    const origin = (str(v['public-origin']) ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
    out(`${origin}/?invitation=${made.token}\nexpires ${made.expiresAt.toISOString()}\n`);
    return EXIT.OK;
  });
}

const M = { type: 'string', multiple: true } as const;
const S = { type: 'string' } as const;
export const TEAM_COMMANDS = {
  serve: {
    options: {
      team: { type: 'boolean' },
      database: S,
      listen: S,
      data: S,
      'tls-cert': S,
      'tls-key': S,
      'trust-proxy': { type: 'boolean' },
      'public-origin': S,
      'oidc-issuer': S,
      'oidc-client-id': S,
      'oidc-name': S,
      'oidc-client-secret-file': S,
    },
    run: serveCmd,
  },
  'team-admin-create': { options: { database: S, email: S, name: S, workspace: S }, run: adminCreate },
  'team-invite': { options: { database: S, by: S, email: S, role: M, workspace: M, workflow: M, 'public-origin': S }, run: invite },
} as const;
