/**
 * Turns the scenario's rogue timeline into the concrete steps the rogue process performs: one SQL
 * statement (with bound values) or one "delete the backups on my volume" each. The SQL is written
 * here, in the store, so the rogue process carries none of its own; every statement is checked by the
 * guard at plan time and again by the rogue before it runs.
 */
import { z } from 'zod';
import { checkRogueStatement } from '../../../core/drills/live-fire-guard';
import { rogueTimeline, type RogueAction, type SandboxSpec, type SeedTableName } from '../../../core/drills/live-fire';
import { refused } from './layout';

export const RogueStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sql'),
    /** Milliseconds after the rogue starts (already divided by the time scale). */
    atMs: z.number().min(0),
    action: z.string(),
    sql: z.string().max(10_000),
    params: z.array(z.union([z.string(), z.number()])).max(10),
  }),
  z.object({ kind: z.literal('delete-backups'), atMs: z.number().min(0), action: z.literal('delete-backup') }),
]);
export type RogueStep = z.infer<typeof RogueStep>;

/** How a quiet corruption damages each column: plausible-looking values, nothing that fails a NOT NULL. */
const CORRUPT: Record<string, string> = {
  name: 'substr(name, 1, length(name) - 1)',
  email: "replace(email, '@', '@@')",
  country: "'ZZ'",
  created_at: "'1970-01-01T00:00:00.000Z'",
  customer_id: 'customer_id + 1',
  total_cents: 'total_cents / 100',
  status: "'pending'",
  order_id: 'order_id + 1',
  amount_cents: 'amount_cents / 100',
  paid: '1 - paid',
  issued_at: "'1970-01-01T00:00:00.000Z'",
};

const JUNK: Record<SeedTableName, string> = {
  customers:
    "INSERT INTO customers (name, email, country, created_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT 'Invented User ' || i, 'user' || i || '@example.invalid', 'US', '2026-04-01T00:00:00.000Z' FROM n",
  orders:
    "INSERT INTO orders (customer_id, total_cents, status, created_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT 1, 100 * i, 'paid', '2026-04-01T00:00:00.000Z' FROM n",
  invoices:
    "INSERT INTO invoices (order_id, amount_cents, paid, issued_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT 1, 100 * i, 1, '2026-04-01T00:00:00.000Z' FROM n",
};

/** `id % 100 < percent` spreads the damage over the whole table instead of one block of ids. */
const share = (percent: number) => (percent >= 100 ? '' : ` WHERE id % 100 < ${Math.round(percent)}`);

function stepFor(a: RogueAction, atMs: number): RogueStep {
  switch (a.action) {
    case 'mass-delete':
      return { kind: 'sql', atMs, action: a.action, sql: `DELETE FROM ${a.table}${share(a.percent)}`, params: [] };
    case 'drop-table':
      return { kind: 'sql', atMs, action: a.action, sql: `DROP TABLE ${a.table}`, params: [] };
    case 'overwrite':
      return { kind: 'sql', atMs, action: a.action, sql: `UPDATE ${a.table} SET ${column(a.column)} = ?`, params: [a.value] };
    case 'corrupt-column':
      return {
        kind: 'sql',
        atMs,
        action: a.action,
        sql: `UPDATE ${a.table} SET ${column(a.column)} = ${CORRUPT[a.column]!}${share(a.percent)}`,
        params: [],
      };
    case 'junk-rows':
      return { kind: 'sql', atMs, action: a.action, sql: JUNK[a.table], params: [a.count] };
    case 'delete-backup':
      return { kind: 'delete-backups', atMs, action: 'delete-backup' };
  }
}

function column(c: string): string {
  if (!(c in CORRUPT)) throw refused(`Unknown column ${c}`);
  return c;
}

/**
 * The rogue's plan. `timeScale` > 1 runs the timeline faster (tests use hundreds); offsets are in
 * seconds on the drill clock. Every statement passes the guard here, or the plan is refused whole.
 */
export function planRogue(spec: SandboxSpec, timeScale: number): RogueStep[] {
  if (!(timeScale >= 1 && timeScale <= 100_000)) throw refused('The time scale must be between 1 and 100000');
  const steps = rogueTimeline(spec).map((a) => stepFor(a, (a.at * 1000) / timeScale));
  if (steps.length > spec.rogue.maxStatements)
    throw refused(`The timeline has ${steps.length} steps; the limit is ${spec.rogue.maxStatements}`);
  for (const s of steps) {
    if (s.kind !== 'sql') continue;
    const g = checkRogueStatement(s.sql);
    if (!g.ok) throw refused(g.reason);
  }
  return steps;
}
