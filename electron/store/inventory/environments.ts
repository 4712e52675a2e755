import type { Database } from 'better-sqlite3';
import { DEFAULT_ENVIRONMENTS } from '../../../core/inventory/model';
import { environmentsTable } from './tables';

/** Every new workspace starts with read-only/sandbox, staging and production. */
export function seedDefaultEnvironments(db: Database, now: Date): void {
  for (const env of DEFAULT_ENVIRONMENTS) {
    environmentsTable.insert(db, { name: env.name, tier: env.tier }, now, undefined, { builtin: 1 });
  }
}
