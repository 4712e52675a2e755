import { z } from 'zod';
import { formatPath, type PathPart } from '../read-context';
import { parseJsonc, parseYamlDocuments } from '../syntax';
import type { DiscoveredPermission, DiscoveredSource, Fingerprinter } from '../types';
import { runParser } from './source';

const Meta = z.looseObject({ name: z.string().min(1), namespace: z.string().optional() });
const Rule = z.looseObject({
  apiGroups: z.array(z.string()).default(['']),
  resources: z.array(z.string()).default([]),
  nonResourceURLs: z.array(z.string()).default([]),
  verbs: z.array(z.string()).min(1),
  resourceNames: z.array(z.string()).default([]),
});
const RoleDoc = z.looseObject({ kind: z.enum(['Role', 'ClusterRole']), metadata: Meta, rules: z.array(z.unknown()).nullish() });
const Subject = z.looseObject({ kind: z.string(), name: z.string(), namespace: z.string().optional() });
const BindingDoc = z.looseObject({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  metadata: Meta,
  subjects: z.array(z.unknown()).nullish(),
  roleRef: z.looseObject({ kind: z.enum(['Role', 'ClusterRole']), name: z.string() }),
});
const Item = z.looseObject({ kind: z.string().optional() });

type RuleOut = { actions: string[]; scope: string; path: PathPart[] };

/**
 * Kubernetes RBAC as `kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o yaml`
 * (a `List`), or several documents. Only service-account subjects become permissions: users and
 * groups are people, not agents. Other kinds in the list (Secrets, Pods...) are skipped unread.
 */
export function parseKubernetes(fileName: string, text: string, fp: Fingerprinter): DiscoveredSource {
  return runParser('kubernetes-rbac', fileName, text, fp, (ctx, body) => {
    const docs = body.trimStart().startsWith('{') ? [parseJsonc(body)] : parseYamlDocuments(body);
    const items: { value: unknown; path: PathPart[] }[] = [];
    docs.forEach((doc, d) => {
      const prefix: PathPart[] = docs.length > 1 ? [`document ${d + 1}`] : [];
      const list = z.looseObject({ kind: z.literal('List'), items: z.array(z.unknown()) }).safeParse(doc);
      if (list.success) list.data.items.forEach((value, i) => items.push({ value, path: [...prefix, 'items', i] }));
      else items.push({ value: doc, path: prefix });
    });
    const roles = new Map<string, RuleOut[]>();
    const bindings: { doc: z.output<typeof BindingDoc>; path: PathPart[] }[] = [];
    let skipped = 0;
    for (const { value, path } of items) {
      const kind = Item.safeParse(value).data?.kind;
      if (kind === 'Role' || kind === 'ClusterRole') {
        const role = ctx.check(RoleDoc, value, path);
        if (!role) continue;
        const rules: RuleOut[] = [];
        (role.rules ?? []).forEach((r, i) => {
          const rule = ctx.check(Rule, r, [...path, 'rules', i]);
          if (!rule) return;
          const resources = [
            ...rule.resources.map((res) =>
              rule.apiGroups.some((g) => g !== '' && g !== '*') ? `${res}.${rule.apiGroups.find((g) => g !== '')}` : res,
            ),
            ...rule.nonResourceURLs,
          ];
          rules.push({
            actions: rule.verbs.flatMap((verb) => resources.map((res) => `${verb} ${res}`)).sort(),
            scope: rule.resourceNames.length ? rule.resourceNames.join(', ') : '*',
            path: [...path, 'rules', i],
          });
        });
        roles.set(`${role.kind}/${role.kind === 'Role' ? `${role.metadata.namespace ?? 'default'}/` : ''}${role.metadata.name}`, rules);
      } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
        const doc = ctx.check(BindingDoc, value, path);
        if (doc) bindings.push({ doc, path });
      } else skipped++;
    }
    if (skipped > 0) ctx.problem([], `${skipped} items that are not RBAC objects were skipped`);

    const out: DiscoveredPermission[] = [];
    for (const { doc, path } of bindings) {
      const bindingNs = doc.kind === 'RoleBinding' ? (doc.metadata.namespace ?? 'default') : null;
      const ref = doc.roleRef.kind === 'Role' ? `Role/${bindingNs ?? 'default'}/${doc.roleRef.name}` : `ClusterRole/${doc.roleRef.name}`;
      const rules = roles.get(ref);
      if (!rules) {
        ctx.problem([...path, 'roleRef'], `the ${doc.roleRef.kind} ${doc.roleRef.name} is not in the file`);
        continue;
      }
      (doc.subjects ?? []).forEach((s, i) => {
        const subject = ctx.check(Subject, s, [...path, 'subjects', i]);
        if (!subject || subject.kind !== 'ServiceAccount') return;
        const saNs = subject.namespace ?? bindingNs ?? 'default';
        for (const rule of rules)
          out.push({
            principal: `${saNs}/${subject.name}`,
            principalKind: 'service-account',
            system: 'Kubernetes cluster',
            systemKindHint: 'cloud-account',
            actions: rule.actions,
            effect: 'allow',
            notAction: false,
            scope: `${bindingNs === null ? 'all namespaces' : `namespace ${bindingNs}`}${rule.scope === '*' ? '' : `: ${rule.scope}`}`,
            environmentHints: [bindingNs ?? '', saNs, doc.metadata.name].filter((h) => h !== ''),
            where: `${formatPath(path)} -> ${formatPath(rule.path)}`,
          });
      });
    }
    return { permissions: out };
  });
}
