import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';
import { writeInside } from '../../../electron/services/transfer-write';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.close();
    removeDir(h.dataDir);
  }
});
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const text = (f: { contentBase64: string }): string => Buffer.from(f.contentBase64, 'base64').toString('utf8');

async function setup(example = true) {
  let t = Date.parse('2026-05-01T09:00:00.000Z');
  const r = await withWorkspace(example, { now: () => new Date((t += 1000)) });
  harnesses.push(r.h);
  return r;
}

describe('JSON workspace export', () => {
  it('round-trips losslessly: export, import into a new workspace, export again: equal', async () => {
    const { h, workspaceId } = await setup(true);
    await h.call('agent:create', {
      workspaceId,
      agent: { name: '<img src=x onerror=alert(1)> “ünïcødé” 🚀', purpose: 'line1\nline2', lifecycle: 'pilot' },
    });
    const first = JSON.parse(text(await h.call('export:workspace', { workspaceId })));
    const info = await h.call('import:workspace', { name: 'Round trip copy', contentBase64: b64(JSON.stringify(first)) });
    const second = JSON.parse(text(await h.call('export:workspace', { workspaceId: info.id })));
    // The copy keeps the original's history and adds one entry: its new name, by whoever imported it.
    type Table = { name: string; rows: unknown[][] };
    const historyOf = (f: { tables: Table[] }) => f.tables.find((t) => t.name === 'history')!.rows;
    expect(historyOf(second).slice(0, historyOf(first).length)).toEqual(historyOf(first));
    expect(
      historyOf(second)
        .slice(historyOf(first).length)
        .map((r) => r[7]),
    ).toEqual(['workspace:import']);
    const norm = (f: { exportedAt: string; workspace: { name: string }; tables: Table[] }) => ({
      ...f,
      exportedAt: 'X',
      workspace: { ...f.workspace, name: 'X' },
      tables: f.tables.filter((t) => t.name !== 'history' && t.name !== 'history_head'),
    });
    expect(norm(second)).toEqual(norm(first));
    expect((await h.call('history:verify', { workspaceId: info.id })).intact).toBe(true);
    expect(first.format).toBe('agent-readiness-workspace');
    expect(first.tables.find((t: { name: string }) => t.name === 'agents').rows.length).toBeGreaterThan(5);
    const ov = await h.call('inventory:overview', { workspaceId: info.id });
    expect(ov.agents.some((a) => a.name.startsWith('<img'))).toBe(true);
  });

  it('refuses a tampered export and leaves no workspace behind', async () => {
    const { h, workspaceId } = await setup(false);
    const good = JSON.parse(text(await h.call('export:workspace', { workspaceId })));
    const before = (await h.call('workspace:list', {})).length;
    const bad = [
      { ...good, formatVersion: 99 },
      { ...good, tables: [{ name: 'sqlite_master', columns: ['x'], rows: [] }] },
      { ...good, tables: [{ name: 'agents', columns: ['id; DROP TABLE agents'], rows: [] }] },
      { ...good, files: [{ path: '../../escape.txt', base64: '' }] },
      { ...good, schemaVersion: 999 },
      {
        ...good,
        tables: good.tables.map((t: { name: string; columns: string[]; rows: unknown[][] }) =>
          t.name === 'environments' ? { ...t, rows: [...t.rows, t.rows[0]] } : t,
        ),
      }, // duplicate primary key
      '{"__proto__": {"polluted": true}}',
    ];
    for (const b of bad) {
      const err = await h.fail('import:workspace', {
        name: 'Bad import',
        contentBase64: b64(typeof b === 'string' ? b : JSON.stringify(b)),
      });
      expect(['VALIDATION', 'NEWER_VERSION']).toContain(err.code);
    }
    expect((await h.call('workspace:list', {})).length).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('CSV/XLSX exports', () => {
  it('defangs formula injection in CSV and keeps the text literal', async () => {
    const { h, workspaceId } = await setup(false);
    const payloads = ['=HYPERLINK("http://evil","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tTabbed', '=1+1'];
    for (const [i, p] of payloads.entries()) {
      await h.call('agent:create', { workspaceId, agent: { name: `Agent ${i}`, purpose: p, accountableOwner: p.replace(/[\t]/g, '') } });
    }
    const csv = text(await h.call('export:data', { workspaceId, dataset: 'agents', format: 'csv' }));
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Name,Purpose,/);
    let defanged = 0;
    for (const p of payloads) {
      expect(csv).toContain(`'${p.startsWith('=HYPERLINK') ? '=HYPERLINK(""http://evil"",""x"")' : p}`);
      defanged++;
    }
    expect(csv).not.toMatch(/(^|,)=[A-Z]/m);
    console.log(`R25 payload cells=${payloads.length} defanged=${defanged}`);
  });

  it('exports XLSX workbooks with every dataset and typed cells', async () => {
    const { h, workspaceId } = await setup(true);
    await h.call('agent:create', { workspaceId, agent: { name: 'Formula bot', purpose: '=HYPERLINK("http://evil","x")' } });
    const out = await h.call('export:data', { workspaceId, dataset: 'all', format: 'xlsx' });
    expect(out.fileName).toMatch(/\.xlsx$/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Agents',
      'Systems',
      'Environments',
      'Workflows',
      'Grants',
      'Findings',
      'Scores',
      'Drill log',
      'Drill events',
      'Corrective actions',
      'History head',
    ]);
    expect(wb.getWorksheet('History head')!.getRow(2).getCell(2).text).toMatch(/^[0-9a-f]{64}$/);
    expect(wb.getWorksheet('Grants')!.rowCount).toBeGreaterThan(5);
    let formulas = 0;
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(0);
    const agents = wb.getWorksheet('Agents')!;
    const cell = agents.getColumn(2).values.find((v) => typeof v === 'string' && v.startsWith('=HYPERLINK'));
    expect(cell).toBe('=HYPERLINK("http://evil","x")'); // literal text in a string cell, never a formula
    const err = await h.fail('export:data', { workspaceId, dataset: 'all', format: 'csv' });
    expect(err.code).toBe('VALIDATION');
  });

  it('file names are sanitised and can never escape the chosen folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-out-'));
    const outside = mkdtempSync(join(tmpdir(), 'ar-outside-'));
    try {
      const names = [
        '../../x.csv',
        '..\\..\\x.csv',
        '/etc/passwd',
        'C:\\Windows\\x.csv',
        'CON',
        'NUL.csv',
        'a\u0000b.csv',
        'x'.repeat(300),
        'evil\u202Efdp.exe',
        '.hidden',
        '..',
        '',
      ];
      for (const n of names) {
        const p = writeInside(dir, n, Buffer.from('ok'));
        expect(p.startsWith(dir + '/')).toBe(true);
        expect(p.slice(dir.length + 1)).not.toMatch(/[/\\\u0000\u202e]/);
      }
      symlinkSync(join(outside, 'target.txt'), join(dir, 'link.csv'));
      expect(() => writeInside(dir, 'link.csv', Buffer.from('pwned'))).toThrow(/symbolic link/);
      expect(existsSync(join(outside, 'target.txt'))).toBe(false);
      expect(readdirSync(outside)).toEqual([]);
      console.log(`R29 cases=${names.length + 1} outside=0 symlink followed=0`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('inventory import', () => {
  const CSV =
    'Agent name,Owner,Lifecycle,Purpose\r\nBilling Assistant,Dana,production,Sends invoices\r\nSupport Bot,Lee,pilot,"Answers, politely"\r\n"Deploy ""Bot""",Kim,proposed,\r\n';

  it('previews with a column mapping, applies all-or-nothing, and re-import changes nothing', async () => {
    const { h, workspaceId } = await setup(false);
    const req = { workspaceId, fileName: 'agents.csv', contentBase64: b64(CSV) };
    const p = await h.call('import:preview', req);
    expect(p.refused).toBeNull();
    expect(p.entity).toBe('agents');
    expect(p.mapping).toEqual(
      expect.arrayContaining([
        { field: 'name', column: 'Agent name' },
        { field: 'accountableOwner', column: 'Owner' },
      ]),
    );
    expect(p.counts.agents).toEqual({ create: 3, update: 0, unchanged: 0 });
    expect(p.items.map((i) => i.label)).toContain('Deploy "Bot"');
    const r = await h.call('import:apply', { ...req, mapping: p.mapping, entity: 'agents' });
    expect(r.counts.agents.create).toBe(3);
    const again = await h.call('import:preview', req);
    expect(again.counts.agents).toEqual({ create: 0, update: 0, unchanged: 3 });
    const before = await h.call('inventory:overview', { workspaceId });
    await h.call('import:apply', req);
    const after = await h.call('inventory:overview', { workspaceId });
    expect(after).toEqual(before);
    // an edit in the file becomes an update of exactly that field
    const edited = await h.call('import:preview', { ...req, contentBase64: b64(CSV.replace('Dana', 'Dana Smith')) });
    expect(edited.counts.agents).toEqual({ create: 0, update: 1, unchanged: 2 });
    expect(edited.items[0]).toMatchObject({ label: 'Billing Assistant', changed: ['accountableOwner'] });
  });

  it('plans again inside the write transaction: a change made after the preview cannot break the apply', async () => {
    const { h, workspaceId } = await setup(false);
    const { prepareImport, applyPrepared } = await import('../../../electron/services/transfer');
    const { writeContext } = await import('../../../electron/services/context');
    const db = h.ctx.workspace(workspaceId).db;
    const prepared = await prepareImport(db, 'agents.csv', Buffer.from(CSV), {});
    expect(prepared.plan?.counts.agents.create).toBe(3);
    await h.call('agent:create', { workspaceId, agent: { name: 'Billing Assistant' } }); // someone else, meanwhile
    const plan = applyPrepared(writeContext(h.ctx, workspaceId, 'import:apply'), prepared);
    expect(plan.counts.agents).toEqual({ create: 2, update: 1, unchanged: 0 });
    expect((await h.call('inventory:overview', { workspaceId })).agents).toHaveLength(3);
  });

  it('the CSV templates import with no mapping and no problems', async () => {
    const { h, workspaceId } = await setup(false);
    const { csvTemplate } = await import('../../../core/transfer/templates');
    for (const entity of ['workflows', 'systems', 'environments', 'agents', 'grants'] as const) {
      const req = { workspaceId, fileName: 'template.csv', contentBase64: b64(csvTemplate(entity)) }; // guessed from the columns alone
      const p = await h.call('import:preview', req);
      expect(p.entity, entity).toBe(entity);
      expect(p.mapping.length, entity).toBe(p.fields.length);
      expect(p.errors, entity).toEqual([]);
      await h.call('import:apply', req);
    }
    const ov = await h.call('inventory:overview', { workspaceId });
    expect(ov.grantCount).toBe(1);
  });

  it('reports every error with row and field, and writes nothing', async () => {
    const { h, workspaceId } = await setup(false);
    const bad = 'Name,Lifecycle\r\nGood one,pilot\r\n,production\r\nThird,live\r\nGood one,pilot\r\n';
    const req = { workspaceId, fileName: 'a.csv', contentBase64: b64(bad) };
    const p = await h.call('import:preview', req);
    expect(p.errors).toEqual([
      { where: 'row 3', row: 3, field: 'name', message: 'Required' },
      expect.objectContaining({ where: 'row 4', row: 4, field: 'lifecycle' }),
      expect.objectContaining({ where: 'row 5', row: 5, field: 'name', message: expect.stringMatching(/Duplicate/) }),
    ]);
    const err = await h.fail('import:apply', req);
    expect(err.code).toBe('VALIDATION');
    expect((await h.call('inventory:overview', { workspaceId })).agents).toEqual([]);
  });

  it('imports a JSON/YAML inventory with references by name, and an exported grants CSV re-imports unchanged', async () => {
    const { h, workspaceId } = await setup(false);
    const doc = {
      workflows: [{ name: 'Billing' }],
      systems: [{ name: 'Invoice ledger', kind: 'database', criticality: 'critical' }],
      agents: [{ name: 'Billing Assistant', lifecycle: 'production', workflows: ['Billing'] }],
      grants: [
        {
          agent: 'Billing Assistant',
          system: 'Invoice ledger',
          environment: 'Production',
          actions: ['read', 'delete'],
          approvalGate: 'none',
        },
      ],
    };
    await h.call('import:apply', { workspaceId, fileName: 'inv.json', contentBase64: b64(JSON.stringify(doc)) });
    const yaml = 'agents:\n  - name: Billing Assistant\n    lifecycle: production\n    workflows: [Billing]\n  - name: YAML Agent\n';
    const p = await h.call('import:preview', { workspaceId, fileName: 'inv.yaml', contentBase64: b64(yaml) });
    expect(p.counts.agents).toEqual({ create: 1, update: 0, unchanged: 1 });
    const grantsCsv = await h.call('export:data', { workspaceId, dataset: 'grants', format: 'csv' });
    const re = await h.call('import:preview', { workspaceId, fileName: 'grants.csv', contentBase64: grantsCsv.contentBase64 });
    expect(re.entity).toBe('grants');
    expect(re.counts.grants).toEqual({ create: 0, update: 0, unchanged: 1 });
    const xlsx = await h.call('export:data', { workspaceId, dataset: 'agents', format: 'xlsx' });
    const rx = await h.call('import:preview', { workspaceId, fileName: 'agents.xlsx', contentBase64: xlsx.contentBase64 });
    expect(rx.refused).toBeNull();
    expect(rx.counts.agents).toEqual({ create: 0, update: 0, unchanged: 1 });
  });
});

void readFileSync;
void writeFileSync;
