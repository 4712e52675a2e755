import type { Migration } from './types';
import { migration as m001 } from './001-inventory';
import { migration as m002 } from './002-scoring';
import { migration as m003 } from './003-drills';
import { migration as m004 } from './004-grant-identity';
import { migration as m010 } from './010-discovery';

/**
 * Versions 5-9 belong to branches merged separately (history, assessment snapshots, approvals,
 * corrective actions...). Until they land here, each is held by an empty step so that 010 keeps its
 * number; the merge replaces each placeholder with the real migration.
 */
const reserved = (version: number): Migration => ({ version, name: `reserved-${version}`, up: () => undefined });

/** Every schema step in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  reserved(5),
  reserved(6),
  reserved(7),
  reserved(8),
  reserved(9),
  m010,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
