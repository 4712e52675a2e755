import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { Policy, type PolicyError } from './schema';

/** 256 KB of YAML is far more than any policy; aliases are refused (a "billion laughs" file). */
export const POLICY_MAX_CHARS = 256 * 1024;

/**
 * Reads a policy file: YAML syntax errors and schema errors both come back with the line, column and
 * field they are at (positions from the `yaml` package's source ranges), never as a bare message.
 */
export function parsePolicy(text: string): { policy: Policy; errors: [] } | { policy: null; errors: PolicyError[] } {
  if (text.length > POLICY_MAX_CHARS)
    return {
      policy: null,
      errors: [{ line: 1, column: 1, field: '', message: `The policy file is larger than ${POLICY_MAX_CHARS / 1024} KB.` }],
    };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length)
    return {
      policy: null,
      errors: doc.errors.slice(0, 20).map((e) => {
        const p = lc.linePos(e.pos[0]);
        // The library's message quotes the line; only its first sentence is kept.
        return { line: p.line, column: p.col, field: '', message: `YAML syntax: ${e.code.toLowerCase().replace(/_/g, ' ')}` };
      }),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return { policy: null, errors: [{ line: 1, column: 1, field: '', message: 'YAML aliases are not allowed in a policy.' }] };
  }
  const parsed = Policy.safeParse(data ?? {});
  if (parsed.success) return { policy: parsed.data, errors: [] };
  return {
    policy: null,
    errors: parsed.error.issues.slice(0, 50).map((i) => {
      const path = i.path.map((k) => (typeof k === 'number' ? k : String(k)));
      // An unknown key is reported at the key itself, and named.
      if (i.code === 'unrecognized_keys' && i.keys[0]) path.push(i.keys[0]);
      const at = nearestNode(doc, path);
      const p = at === null ? { line: 1, col: 1 } : lc.linePos(at);
      return { line: p.line, column: p.col, field: path.join('.'), message: i.message };
    }),
  };
}

/** Where the deepest part of the path that exists starts: a key's own position, or a list item's. */
function nearestNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | null {
  for (let n = path.length; n >= 1; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    if (!isMap(parent) && !isSeq(parent)) continue;
    const last = path[n - 1]!;
    if (isSeq(parent)) {
      const item = typeof last === 'number' ? parent.items[last] : undefined;
      if (isNode(item) && item.range) return item.range[0];
      continue;
    }
    const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : null;
}
