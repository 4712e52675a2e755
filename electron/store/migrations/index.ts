import type { Migration } from './types';
import { migration as m001 } from './001-inventory';
import { migration as m002 } from './002-scoring';
import { migration as m003 } from './003-drills';
import { migration as m004 } from './004-grant-identity';
import { migration as m006 } from './006-assessment-snapshots';
import { migration as m007 } from './007-approvals';
import { migration as m010 } from './010-discovery';

/**
 * MERGE NOTE (lead): version 5 (history) is still on its branch, and 8-9 (corrective actions and
 * others) on theirs. Until they land the list keeps its place with no-op steps, because a
 * migration's version must equal its position. These placeholders never ship: each is replaced by
 * the real module before the session ends.
 */
const reserved = (version: number, name: string): Migration => ({ version, name, up: () => undefined });

/** Every schema step in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  reserved(5, 'reserved-for-history'),
  m006,
  m007,
  reserved(8, 'reserved-8'),
  reserved(9, 'reserved-9'),
  m010,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
