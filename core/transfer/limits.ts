/**
 * Limits on what an import may contain. They are deliberate: a hostile or broken file is refused
 * before it can use unbounded memory, stack or disk.
 */
export const IMPORT_LIMITS = {
  /** Bytes of the raw file. The browser bridge carries 64 MB of base64 JSON, so ~45 MB of file. */
  maxBytes: 40 * 1024 * 1024,
  /** Nesting depth of JSON/YAML (objects and arrays). */
  maxDepth: 32,
  /** Data rows (CSV/XLSX) or records (JSON/YAML) per file. */
  maxRows: 250_000,
  maxColumns: 100,
  /** Characters in one cell or string value. */
  maxCell: 4000,
  /** Errors reported in one preview (the rest are counted). */
  maxErrors: 500,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof IMPORT_LIMITS]: number };

/** Keys that could pollute prototypes when an object is merged naively. Refused wherever they appear. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
