import type { Migration } from './types';
import { migration as m001 } from './001-inventory';
import { migration as m002 } from './002-scoring';
import { migration as m003 } from './003-drills';
import { migration as m004 } from './004-grant-identity';
import { migration as m006 } from './006-assessment-snapshots';

/**
 * LEAD: placeholder for 005-history (the history engineer's migration). Replace this constant with
 * `import { migration as m005 } from './005-history'` when merging; it only keeps the list in order.
 */
const m005: Migration = { version: 5, name: 'reserved-for-history', up: () => undefined };

/** Every schema step in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
