import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../../core/transfer/datasets';
import { makeDoc } from '../../bench/generate';
import { seedRaw } from '../../bench/seed-raw';
import { makeHarness, removeDir, type Harness } from '../helpers';

/**
 * Issue 16 §2: exports are streamed to disk from a snapshot. The streamed file must be the old
 * in-memory export byte for byte (CSV, workspace JSON) or cell for cell (XLSX); nothing but the
 * finished file is left in the folder; and memory stays flat: 200k grant rows cost a few MB.
 */
const NOW = new Date('2026-03-04T05:06:07.000Z');
let h: Harness;
let workspaceId: string;
let out: string;
const dirs: string[] = [];

beforeAll(async () => {
  h = makeHarness({ now: () => NOW });
  workspaceId = (await h.call('workspace:create', { name: 'Stream test', example: true })).id;
  const doc = makeDoc(150, 4);
  // Cells a CSV must quote or defang: commas, quotes, line breaks, a leading "=", non-ASCII.
  doc.agents[0]!.name = '=HYPERLINK("x"), bot';
  doc.agents[1]!.purpose = 'Line one\nline "two", Ünïcode 🚀';
  for (const g of doc.grants) if (g.agent === 'Agent 00000 payments') g.agent = doc.agents[0]!.name;
  await h.call('import:apply', { workspaceId, fileName: 'org.json', contentBase64: Buffer.from(JSON.stringify(doc)).toString('base64') });
  out = mkdtempSync(join(tmpdir(), 'ar-export-'));
  dirs.push(out);
});
afterAll(() => {
  h.close();
  for (const d of [h.dataDir, ...dirs]) removeDir(d);
});

const oldBytes = (f: { contentBase64: string }): Buffer => Buffer.from(f.contentBase64, 'base64');

describe('streamed exports', () => {
  it('every CSV dataset is byte for byte the in-memory export, and only the finished file is left', async () => {
    for (const dataset of DATASETS) {
      const old = await h.call('export:data', { workspaceId, dataset, format: 'csv' });
      const file = await h.call('export:dataFile', { workspaceId, dataset, format: 'csv', dir: out });
      expect(file.saved).toBe(true);
      expect(file.path).toBe(join(out, old.fileName));
      const bytes = readFileSync(file.path!);
      expect(bytes.equals(oldBytes(old)), dataset).toBe(true);
      expect(file.bytes).toBe(bytes.length);
    }
    const grants = await h.call('export:dataFile', { workspaceId, dataset: 'grants', format: 'csv', dir: out });
    expect(grants.rows).toBe((await h.call('inventory:overview', { workspaceId, limit: 0 })).grantCount);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(out)).toHaveLength(DATASETS.length);
  });

  it('the workspace JSON is byte for byte the in-memory export', async () => {
    const old = await h.call('export:workspace', { workspaceId });
    const file = await h.call('export:workspaceFile', { workspaceId, dir: out });
    expect(readFileSync(file.path!).equals(oldBytes(old))).toBe(true);
    expect(file.rows).toBeGreaterThan(600);
  });

  it('the XLSX has the same sheets and cells as the in-memory one', async () => {
    const sheets = async (buf: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => {
        const rows: unknown[][] = [];
        // exceljs' streaming writer leaves an empty text cell out: it reads back as no value, as it shows in Excel.
        ws.eachRow((r) => {
          const cells = (r.values as unknown[]).slice(1).map((v) => (v === '' ? undefined : v));
          while (cells.length && cells[cells.length - 1] === undefined) cells.pop();
          rows.push(cells);
        });
        return { name: ws.name, rows };
      });
    };
    const old = await sheets(oldBytes(await h.call('export:data', { workspaceId, dataset: 'all', format: 'xlsx' })));
    const file = await h.call('export:dataFile', { workspaceId, dataset: 'all', format: 'xlsx', dir: out });
    const streamed = await sheets(readFileSync(file.path!));
    expect(streamed.map((s) => s.name)).toEqual(old.map((s) => s.name));
    for (const [i, s] of streamed.entries()) expect(s, s.name).toEqual(old[i]);
  });

  it('refuses what it cannot do and writes nothing', async () => {
    const before = readdirSync(out).length;
    expect((await h.fail('export:dataFile', { workspaceId, dataset: 'all', format: 'csv', dir: out })).code).toBe('VALIDATION');
    expect((await h.fail('export:dataFile', { workspaceId, dataset: 'grants', format: 'csv' })).issues?.[0]?.path).toBe('dir');
    expect((await h.fail('export:dataFile', { workspaceId, dataset: 'salaries', format: 'csv', dir: out })).code).toBe('VALIDATION');
    expect(readdirSync(out)).toHaveLength(before);
  });
});

describe('streamed export memory', () => {
  it('200k grant rows stream with a flat RSS, unlike the in-memory export', async () => {
    const big = makeHarness({ now: () => NOW });
    const id = (await big.call('workspace:create', { name: 'Big', example: false })).id;
    seedRaw(big.ctx.workspace(id).db, makeDoc(20_000, 10));
    const dir = mkdtempSync(join(tmpdir(), 'ar-export-big-'));
    dirs.push(dir, big.dataDir);
    const peakDuring = async (fn: () => Promise<unknown>): Promise<number> => {
      const base = process.memoryUsage().rss;
      let peak = base;
      const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      try {
        await fn();
      } finally {
        clearInterval(t);
      }
      return (Math.max(peak, process.memoryUsage().rss) - base) / 2 ** 20;
    };
    // Streamed first, so the in-memory run's garbage does not lower its figure.
    let rows = 0;
    const streamed = await peakDuring(async () => {
      rows = (await big.call('export:dataFile', { workspaceId: id, dataset: 'grants', format: 'csv', dir })).rows;
    });
    const inMemory = await peakDuring(() => big.call('export:data', { workspaceId: id, dataset: 'grants', format: 'csv' }));
    console.log(`200k grants CSV: streamed RSS +${streamed.toFixed(0)} MB, in memory +${inMemory.toFixed(0)} MB`);
    expect(rows).toBe(200_000);
    // It measures 40-60 MB (SQLite's page cache and sorter, the 1 MB write buffer, garbage not yet
    // collected: RSS moves with GC timing and machine load, hence the margin). In memory: about 1 GB.
    expect(streamed).toBeLessThan(128);
    expect(streamed).toBeLessThan(inMemory / 4);
    big.close();
  }, 120_000);
});
