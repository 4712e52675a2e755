/**
 * Whether a grant's scope covers the target an event names (issue 13: "actions the agent's declared grants do not
 * allow" compares scope too, not only the action class). A scope is a glob inside the system: "*" or empty is
 * everything, "invoices/*" the objects under invoices/, "main" the branch main and what lies under it. Targets come
 * in each format's own form (an ARN, "bucketName=orders-prod", "namespace/pods/name", "refs/heads/main"), so the
 * scope may match the whole target or any part of it that begins after a separator (`/ : = ,` or a space): the
 * ARN "arn:aws:s3:::billing/invoices/2026.pdf" is inside "invoices/*". Case is ignored.
 */
export type ScopeVerdict = { covered: boolean; why: string };

const EVERYTHING = (scope: string): boolean => {
  const s = scope.trim();
  return s === '' || s === '*' || s === '**';
};

const MAX_WILDCARDS = 2;

/** Compiled scopes, remembered: an inventory has few distinct scopes and an import checks them a million times. */
const compiled = new Map<string, RegExp>();

function patternOf(scope: string): RegExp {
  let re = compiled.get(scope);
  if (re === undefined) {
    // Runs of wildcards are one; past MAX_WILDCARDS only the text before the next one counts (a prefix), so a hostile
    // scope cannot make the match backtrack without bound on a 200-character target.
    let parts = scope.trim().replace(/\*+/g, '*').split('*');
    if (parts.length > MAX_WILDCARDS + 1) parts = [...parts.slice(0, MAX_WILDCARDS), ''];
    const body = parts.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    // A scope without a trailing wildcard also covers what lies under it ("orders-prod" covers "orders-prod/exports/1.csv").
    re = new RegExp(`(?:^|[/:=, ])${body}(?:[/:.].*)?$`, 'i');
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(scope, re);
  }
  return re;
}

export const scopeIsEverything = EVERYTHING;

/** Covered when the scope is everything, when the event names no target (nothing to compare), or when the pattern matches. */
export function scopeCovers(scope: string, target: string | null): boolean {
  if (EVERYTHING(scope) || target === null) return true;
  return patternOf(scope).test(target);
}
