import { z } from 'zod';
import { type PathPart, type ReadContext, formatPath } from '../read-context';
import { parseJsonc, SyntaxProblem } from '../syntax';
import type { DiscoveredPermission, DiscoveredSource, Fingerprinter } from '../types';
import { runParser } from './source';

const OneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const Statement = z.looseObject({
  Effect: z.enum(['Allow', 'Deny']),
  Action: OneOrMany.optional(),
  NotAction: OneOrMany.optional(),
  Resource: OneOrMany.optional(),
  NotResource: OneOrMany.optional(),
});
const PolicyDocument = z.looseObject({ Statement: z.union([z.array(z.unknown()), z.unknown()]) });
const Inline = z.looseObject({ PolicyName: z.string(), PolicyDocument: z.unknown() });
const Attached = z.looseObject({ PolicyName: z.string(), PolicyArn: z.string() });
const Tag = z.looseObject({ Key: z.string(), Value: z.string() });
const Principal = z.looseObject({
  Arn: z.string().optional(),
  Path: z.string().optional(),
  AttachedManagedPolicies: z.array(z.unknown()).default([]),
  Tags: z.array(z.unknown()).default([]),
});
const User = Principal.extend({
  UserName: z.string(),
  UserPolicyList: z.array(z.unknown()).default([]),
  GroupList: z.array(z.string()).default([]),
});
const Role = Principal.extend({ RoleName: z.string(), RolePolicyList: z.array(z.unknown()).default([]) });
const Group = Principal.extend({ GroupName: z.string(), GroupPolicyList: z.array(z.unknown()).default([]) });
const ManagedPolicy = z.looseObject({
  Arn: z.string(),
  PolicyName: z.string(),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z
    .array(z.looseObject({ Document: z.unknown(), VersionId: z.string().optional(), IsDefaultVersion: z.boolean().optional() }))
    .default([]),
});
const Export = z.looseObject({
  UserDetailList: z.array(z.unknown()).default([]),
  GroupDetailList: z.array(z.unknown()).default([]),
  RoleDetailList: z.array(z.unknown()).default([]),
  Policies: z.array(z.unknown()).default([]),
});

/** AWS-managed policies that exports often attach without including their text. */
const WELL_KNOWN: Record<string, { Effect: 'Allow'; Action?: string[]; NotAction?: string[] }> = {
  AdministratorAccess: { Effect: 'Allow', Action: ['*'] },
  PowerUserAccess: { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'] },
  ReadOnlyAccess: { Effect: 'Allow', Action: ['*:Get*', '*:List*', '*:Describe*'] },
  IAMFullAccess: { Effect: 'Allow', Action: ['iam:*'] },
};

type Doc = { statements: unknown[]; path: PathPart[] };

/** Policy documents come decoded from the CLI, or URL-encoded JSON text from the raw API. */
function documentOf(value: unknown, path: PathPart[], ctx: ReadContext): Doc | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = parseJsonc(decodeURIComponent(v));
    } catch (err) {
      ctx.problem(
        path,
        err instanceof SyntaxProblem ? `the policy document is ${err.message}` : 'the policy document could not be decoded',
      );
      return null;
    }
  }
  const doc = ctx.check(PolicyDocument, v, path);
  if (!doc) return null;
  return { statements: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement], path: [...path, 'Statement'] };
}

const accountOf = (arn: string | undefined): string | null => /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn ?? '')?.[1] ?? null;

/** `aws iam get-account-authorization-details`: every role, user and group, their inline and attached policies. */
export function parseAwsIam(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('aws-iam', fileName, text, fp, (ctx, body) => {
    const file = ctx.check(Export, parseJsonc(body), []);
    if (!file) return {};
    const managed = new Map<string, { name: string; doc: Doc | null }>();
    file.Policies.forEach((p, i) => {
      const policy = ctx.check(ManagedPolicy, p, ['Policies', i]);
      if (!policy) return;
      const vi = policy.PolicyVersionList.findIndex((v) => v.IsDefaultVersion || v.VersionId === policy.DefaultVersionId);
      const version = policy.PolicyVersionList[vi];
      const doc = version ? documentOf(version.Document, ['Policies', i, 'PolicyVersionList', vi, 'Document'], ctx) : null;
      managed.set(policy.Arn, { name: policy.PolicyName, doc });
    });
    const out: DiscoveredPermission[] = [];
    let account: string | null = null;

    const emit = (principal: string, kind: DiscoveredPermission['principalKind'], hints: string[], doc: Doc) => {
      doc.statements.forEach((s, i) => {
        const st = ctx.check(Statement, s, [...doc.path, i]);
        if (!st) return;
        if (!st.Action && !st.NotAction) return ctx.problem([...doc.path, i], 'a statement needs Action or NotAction');
        out.push({
          principal,
          principalKind: kind,
          system: `AWS account ${account ?? 'unknown'}`,
          systemKindHint: 'cloud-account',
          actions: [...(st.Action ?? st.NotAction ?? [])].sort(),
          effect: st.Effect === 'Allow' ? 'allow' : 'deny',
          notAction: st.NotAction !== undefined && st.Action === undefined,
          scope: st.NotResource ? `everything except ${st.NotResource.join(', ')}` : (st.Resource ?? ['*']).join(', '),
          environmentHints: hints,
          where: formatPath([...doc.path, i]),
        });
      });
    };

    const principalPolicies = (
      p: z.output<typeof Principal>,
      inline: unknown[],
      inlineKey: string,
      path: PathPart[],
    ): { docs: Doc[]; hints: string[] } => {
      account ??= accountOf(p.Arn);
      const docs: Doc[] = [];
      inline.forEach((x, i) => {
        const policy = ctx.check(Inline, x, [...path, inlineKey, i]);
        const doc = policy && documentOf(policy.PolicyDocument, [...path, inlineKey, i, 'PolicyDocument'], ctx);
        if (doc) docs.push(doc);
      });
      p.AttachedManagedPolicies.forEach((x, i) => {
        const a = ctx.check(Attached, x, [...path, 'AttachedManagedPolicies', i]);
        if (!a) return;
        const found = managed.get(a.PolicyArn);
        const known = WELL_KNOWN[a.PolicyName];
        if (found?.doc) docs.push(found.doc);
        else if (known) docs.push({ statements: [known], path: [...path, 'AttachedManagedPolicies', i, a.PolicyName] });
        else
          ctx.problem(
            [...path, 'AttachedManagedPolicies', i],
            `the policy ${a.PolicyName} is attached but its document is not in the file`,
          );
      });
      const hints = [p.Path ?? ''];
      for (const t of p.Tags) {
        const tag = Tag.safeParse(t);
        // Only environment-like tags are kept: other tag values may be anything, secrets included.
        if (tag.success && /^(env|environment|stage|tier)$/i.test(tag.data.Key)) hints.push(tag.data.Value.slice(0, 60));
      }
      return { docs, hints: hints.filter((h) => h !== '' && h !== '/') };
    };

    const groups = new Map<string, Doc[]>();
    file.GroupDetailList.forEach((g, i) => {
      const group = ctx.check(Group, g, ['GroupDetailList', i]);
      if (!group) return;
      // A group is not an identity an agent signs in as: its policies count for each member user.
      groups.set(group.GroupName, principalPolicies(group, group.GroupPolicyList, 'GroupPolicyList', ['GroupDetailList', i]).docs);
    });
    file.RoleDetailList.forEach((r, i) => {
      const role = ctx.check(Role, r, ['RoleDetailList', i]);
      if (!role) return;
      const { docs, hints } = principalPolicies(role, role.RolePolicyList, 'RolePolicyList', ['RoleDetailList', i]);
      for (const d of docs) emit(role.RoleName, 'iam-role', [role.RoleName, ...hints], d);
    });
    file.UserDetailList.forEach((u, i) => {
      const user = ctx.check(User, u, ['UserDetailList', i]);
      if (!user) return;
      const { docs, hints } = principalPolicies(user, user.UserPolicyList, 'UserPolicyList', ['UserDetailList', i]);
      for (const g of user.GroupList) docs.push(...(groups.get(g) ?? []));
      for (const d of docs) emit(user.UserName, 'iam-user', [user.UserName, ...hints], d);
    });
    const system = `AWS account ${account ?? 'unknown'}`;
    return { permissions: out.map((p) => ({ ...p, system })) };
  });
}
