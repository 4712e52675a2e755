/**
 * The sandbox's tables and their deterministic seed data: customers, orders and invoices that look
 * like a small shop's. The same seed gives the same rows on every machine, so a snapshot hash in one
 * run can be compared with another's.
 */
import type { Database } from 'better-sqlite3';
import type { SeedTableName, SandboxSpec } from '../../../core/drills/live-fire';

/** DDL per seed table; `id` is the primary key every snapshot orders by. */
export const TABLE_DDL: Record<SeedTableName, string> = {
  customers:
    'CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, country TEXT NOT NULL, created_at TEXT NOT NULL)',
  orders:
    'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total_cents INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL)',
  invoices:
    'CREATE TABLE invoices (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, amount_cents INTEGER NOT NULL, paid INTEGER NOT NULL, issued_at TEXT NOT NULL)',
};

/** Where the probe writes: a table outside the snapshot, so a probe that gets through changes no seed data. */
export const PROBE_TABLE_DDL = 'CREATE TABLE live_fire_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL)';

/** Fixed order: parents first, so foreign keys point backwards. */
const ORDER: readonly SeedTableName[] = ['customers', 'orders', 'invoices'];

/** mulberry32: small, fast, and the same in every JavaScript engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Bola',
  'Chen',
  'Dana',
  'Emil',
  'Farah',
  'Goran',
  'Hana',
  'Ivo',
  'Jun',
  'Kemi',
  'Lars',
  'Mia',
  'Nuno',
  'Oona',
  'Priya',
];
const LAST = ['Okafor', 'Lind', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Haddad', 'Kowalski', 'Reyes', 'Berg', 'Osei', 'Ito'];
const COUNTRIES = ['DE', 'FR', 'NL', 'PL', 'SE', 'ES', 'IT', 'GB', 'US', 'JP', 'BR', 'NG'];
const STATUSES = ['paid', 'paid', 'paid', 'shipped', 'pending', 'refunded'];
const BASE = Date.UTC(2026, 0, 1);

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const isoMinutes = (m: number) => new Date(BASE + m * 60_000).toISOString();

/** Creates the seed tables in an empty database and fills them, in one transaction. */
export function seedDatabase(db: Database, seed: SandboxSpec['seed']): void {
  const rnd = seededRandom(seed.seed);
  const rows = new Map(seed.tables.map((t) => [t.name, t.rows]));
  db.transaction(() => {
    db.exec(PROBE_TABLE_DDL);
    for (const table of ORDER) {
      const n = rows.get(table);
      if (n === undefined) continue;
      db.exec(TABLE_DDL[table]);
      insertRows(db, table, n, rnd, rows);
    }
  })();
}

function insertRows(db: Database, table: SeedTableName, n: number, rnd: () => number, rows: Map<SeedTableName, number>): void {
  switch (table) {
    case 'customers': {
      const ins = db.prepare('INSERT INTO customers (id, name, email, country, created_at) VALUES (?, ?, ?, ?, ?)');
      for (let i = 1; i <= n; i++) {
        const first = pick(rnd, FIRST);
        const last = pick(rnd, LAST);
        ins.run(i, `${first} ${last}`, `${first}.${last}.${i}@example.com`.toLowerCase(), pick(rnd, COUNTRIES), isoMinutes(i * 7));
      }
      return;
    }
    case 'orders': {
      const customers = rows.get('customers') ?? 1;
      const ins = db.prepare('INSERT INTO orders (id, customer_id, total_cents, status, created_at) VALUES (?, ?, ?, ?, ?)');
      for (let i = 1; i <= n; i++)
        ins.run(i, 1 + Math.floor(rnd() * customers), 500 + Math.floor(rnd() * 49_500), pick(rnd, STATUSES), isoMinutes(i * 5));
      return;
    }
    case 'invoices': {
      const orders = rows.get('orders') ?? 1;
      const ins = db.prepare('INSERT INTO invoices (id, order_id, amount_cents, paid, issued_at) VALUES (?, ?, ?, ?, ?)');
      for (let i = 1; i <= n; i++)
        ins.run(i, 1 + Math.floor(rnd() * orders), 500 + Math.floor(rnd() * 49_500), rnd() < 0.8 ? 1 : 0, isoMinutes(i * 6));
      return;
    }
  }
}

/**
 * Business as usual after the team's backup: customers keep placing orders. These rows are in the
 * pre-incident snapshot but not in the backup, so a restore from it loses them (the real RPO).
 * Returns how many orders were added (0 when the scenario seeds no orders).
 */
export function addCustomerOrders(db: Database, count: number, seed: number, now: Date): number {
  if (count === 0) return 0;
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'orders'").get();
  if (!exists) return 0;
  const rnd = seededRandom(seed + 1);
  const max = (db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM orders').get() as { m: number }).m;
  const customers = (db.prepare('SELECT COALESCE(MAX(id), 1) AS m FROM customers').get() as { m: number } | undefined)?.m ?? 1;
  const ins = db.prepare("INSERT INTO orders (id, customer_id, total_cents, status, created_at) VALUES (?, ?, ?, 'pending', ?)");
  db.transaction(() => {
    for (let i = 1; i <= count; i++)
      ins.run(max + i, 1 + Math.floor(rnd() * customers), 500 + Math.floor(rnd() * 49_500), now.toISOString());
  })();
  return count;
}
