import type { Migration } from './types';
import { migration as m001 } from './001-inventory';
import { migration as m002 } from './002-scoring';
import { migration as m003 } from './003-drills';
import { migration as m004 } from './004-grant-identity';
import { migration as m011 } from './011-activity';

/**
 * Versions 5-10 are written on other branches (history, assessment snapshots, approvals, backups,
 * corrective actions, discovery). Until they land here each is held by an empty step so that 011 keeps
 * its number; the merge replaces each placeholder with the real migration.
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
  reserved(10),
  m011,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
