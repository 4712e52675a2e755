import { parseDocument } from 'yaml';
import { FORBIDDEN_KEYS, IMPORT_LIMITS, type ImportLimits } from './limits';

/** A refusal with a message for people and, where known, a location. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly where: string = '',
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

/**
 * Nesting depth of a JSON text without parsing it: V8's JSON.parse accepts a depth of 1e6, so the
 * limit is checked first, in one pass, counting brackets outside strings.
 */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Walks parsed data: refuses forbidden keys, too-deep nesting, non-finite numbers and huge strings. */
export function checkTree(value: unknown, limits: ImportLimits = IMPORT_LIMITS): void {
  // The JSON-pointer-like location is only built when something is refused (large files walk millions of values).
  const trail: (string | number)[] = [];
  const at = (): string => trail.map((p) => `/${String(p).slice(0, 60)}`).join('');
  const walk = (v: unknown, depth: number): void => {
    if (depth > limits.maxDepth) throw new ImportRefused(`The file is too deeply nested (more than ${limits.maxDepth} levels).`, at());
    if (typeof v === 'string') {
      if (v.length > limits.maxCell)
        throw new ImportRefused(`A value is too long (${v.length} characters; at most ${limits.maxCell}).`, at());
      return;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ImportRefused('A number is out of range.', at());
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        trail.push(i);
        walk(v[i], depth + 1);
        trail.pop();
      }
      return;
    }
    for (const key of Object.keys(v)) {
      trail.push(key);
      if (FORBIDDEN_KEYS.has(key)) throw new ImportRefused(`The file contains the forbidden key "${key}".`, at());
      if (key.length > 200) throw new ImportRefused('A key is too long.', at());
      walk((v as Record<string, unknown>)[key], depth + 1);
      trail.pop();
    }
  };
  walk(value, 0);
}

/** JSON.parse with a depth pre-check and a reviver that refuses prototype-pollution keys. */
export function parseJsonSafe(text: string, limits: ImportLimits = IMPORT_LIMITS): unknown {
  if (jsonDepth(text, limits.maxDepth) > limits.maxDepth)
    throw new ImportRefused(`The file is too deeply nested (more than ${limits.maxDepth} levels).`);
  let value: unknown;
  try {
    // JSON.parse keeps "__proto__" as an own key (it does not set the prototype); checkTree then refuses it.
    value = JSON.parse(text);
  } catch (err) {
    if (err instanceof ImportRefused) throw err;
    throw new ImportRefused(`The file is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  checkTree(value, limits);
  return value;
}

/** YAML with the core schema only (no custom tags), no merge keys, and a cap on aliases (billion laughs). */
export function parseYamlSafe(text: string, limits: ImportLimits = IMPORT_LIMITS): unknown {
  let doc;
  try {
    doc = parseDocument(text, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    throw new ImportRefused(`The file is not valid YAML: ${(err as Error).message.slice(0, 200)}`);
  }
  if (doc.errors.length > 0) throw new ImportRefused(`The file is not valid YAML: ${doc.errors[0]!.message.slice(0, 200)}`);
  // Unknown tags (!!js/function, !!python/object...) are warnings to the parser; to us they are a refusal.
  if (doc.warnings.length > 0)
    throw new ImportRefused(`The YAML file uses a feature that is not allowed: ${doc.warnings[0]!.message.slice(0, 200)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ImportRefused(`The YAML file could not be read: ${(err as Error).message.slice(0, 200)}`);
  }
  checkTree(value, limits);
  return value;
}
