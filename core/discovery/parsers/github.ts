import { z } from 'zod';
import { parseJsonc } from '../syntax';
import type { DiscoveredPermission, DiscoveredSource, Fingerprinter } from '../types';
import { runParser } from './source';

const Level = z.enum(['read', 'write', 'admin', 'none']);
const Flat = z.record(z.string(), Level);
const Nested = z.looseObject({ repository: Flat.optional(), organization: Flat.optional(), account: Flat.optional() });
const Repo = z.looseObject({ full_name: z.string().optional(), name: z.string().optional() });
const GithubPermissions = z.looseObject({
  permissions: z.union([Flat, Nested]),
  /** An installation access token response carries the token itself: fingerprinted, never kept. */
  token: z.string().optional(),
  name: z.string().optional(),
  slug: z.string().optional(),
  app_slug: z.string().optional(),
  owner: z.looseObject({ login: z.string() }).nullish(),
  account: z.looseObject({ login: z.string() }).nullish(),
  repository_selection: z.string().optional(),
  repositories: z.array(Repo).optional(),
  expires_at: z.string().nullish(),
});

/**
 * A GitHub App's permissions (`GET /app`, an installation, an installation token response) or a
 * fine-grained token's permissions written out as JSON: `{ "permissions": { "contents": "write" } }`,
 * or grouped as `{ "repository": {...}, "organization": {...} }`.
 */
export function parseGithub(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('github-permissions', fileName, text, fp, (ctx, body) => {
    const doc = ctx.check(GithubPermissions, parseJsonc(body), []);
    if (!doc) return {};
    if (doc.token) ctx.credentials.push({ fingerprint: fp(doc.token), label: 'GitHub token', where: 'token' });
    const isApp = doc.slug !== undefined || doc.app_slug !== undefined;
    const principal = doc.app_slug ?? doc.slug ?? doc.name ?? 'GitHub token';
    const owner = doc.account?.login ?? doc.owner?.login ?? null;
    const repos = (doc.repositories ?? []).map((r) => r.full_name ?? r.name ?? '').filter((r) => r !== '');
    const scope = repos.length
      ? repos.sort().join(', ')
      : doc.repository_selection === 'selected'
        ? 'selected repositories'
        : 'all repositories';
    const grouped = Nested.safeParse(doc.permissions);
    const sections: [string, Record<string, string>][] =
      grouped.success && (grouped.data.repository || grouped.data.organization || grouped.data.account)
        ? (['repository', 'organization', 'account'] as const).flatMap((k) =>
            grouped.data[k] ? [[k, grouped.data[k]] as [string, Record<string, string>]] : [],
          )
        : [['', doc.permissions as Record<string, string>]];
    const out: DiscoveredPermission[] = [];
    for (const [section, perms] of sections) {
      const actions = Object.keys(perms)
        .filter((k) => perms[k] !== 'none')
        .sort()
        .map((k) => `${k}:${perms[k]}`);
      if (actions.length === 0) continue;
      out.push({
        principal,
        principalKind: isApp ? 'github-app' : 'github-token',
        system: owner ? `GitHub ${owner}` : 'GitHub',
        systemKindHint: 'repository',
        actions,
        effect: 'allow',
        notAction: false,
        scope: section === 'organization' ? 'organization' : section === 'account' ? 'account' : scope,
        environmentHints: [principal, ...repos],
        where: section ? `permissions.${section}` : 'permissions',
      });
    }
    return { permissions: out };
  });
}
