import { afterAll, describe, expect, it } from 'vitest';
import { SandboxSpec, type SandboxSpecInput } from '../../../core/drills/live-fire';
import { SqliteSandbox } from '../../../electron/store/sandbox/sqlite-sandbox';
import { makeParentDir, removeDir } from '../../integration/live-fire/helpers';

const parentDir = makeParentDir();
afterAll(() => removeDir(parentDir));

const spec = (seed: number): SandboxSpecInput => ({
  seed: {
    seed,
    tables: [
      { name: 'customers', rows: 300 },
      { name: 'orders', rows: 600 },
      { name: 'invoices', rows: 400 },
    ],
  },
  before: { backup: 'none' },
  rogue: { maxStatements: 3, timeline: [{ at: 0, action: 'mass-delete', table: 'orders' }] },
});

function hashes(seed: number): (string | null)[] {
  const s = SqliteSandbox.create(spec(seed), new Date(), parentDir);
  try {
    return s.snapshot(new Date()).tables.map((t) => t.sha256);
  } finally {
    s.dispose();
  }
}

describe('the seeded sandbox', () => {
  it('is the same, byte for byte, for the same seed, and different for another', () => {
    const a = hashes(42);
    expect(hashes(42)).toEqual(a);
    expect(hashes(43)).not.toEqual(a);
    expect(a.every((h) => /^[a-f0-9]{64}$/.test(h ?? ''))).toBe(true);
  });

  it('lives in its own new folder, which dispose removes', () => {
    const s = SqliteSandbox.create(spec(1), new Date(), parentDir);
    const t = SqliteSandbox.create(spec(1), new Date(), parentDir);
    expect(s.layout.root).not.toBe(t.layout.root);
    expect(s.layout.root.startsWith(parentDir)).toBe(true);
    expect(s.customerView()).toEqual([
      { table: 'customers', visible: 300 },
      { table: 'orders', visible: 600 },
      { table: 'invoices', visible: 400 },
    ]);
    s.dispose();
    t.dispose();
    expect(() => s.snapshot(new Date())).toThrow();
  });

  it('a bad spec creates nothing', () => {
    expect(() => SqliteSandbox.create({ ...spec(1), engine: 'postgres' }, new Date(), parentDir)).toThrow();
  });

  it('plans the rogue at the time scale, within its statement limit, and refuses a longer plan', () => {
    const s = SqliteSandbox.create(spec(1), new Date(), parentDir);
    try {
      const late = SandboxSpec.parse({ ...spec(1), rogue: { timeline: [{ at: 120, action: 'drop-table', table: 'invoices' }] } });
      expect(SqliteSandbox.reopen(s.layout.root, s.layout.id, late).planRogue(60)).toEqual([
        { kind: 'sql', atMs: 2000, action: 'drop-table', sql: 'DROP TABLE invoices', params: [] },
      ]);
      const many = {
        ...spec(1),
        rogue: {
          maxStatements: 1,
          timeline: [
            { at: 0, action: 'delete-backup' },
            { at: 1, action: 'delete-backup' },
          ],
        },
      };
      expect(() => SqliteSandbox.reopen(s.layout.root, s.layout.id, many).planRogue(1)).toThrow(/limit is 1/);
      expect(() => s.planRogue(0)).toThrow(/time scale/);
    } finally {
      s.dispose();
    }
  });
});
