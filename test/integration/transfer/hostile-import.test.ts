import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace, type Harness } from '../helpers';

/** R21-R24: hostile inventory files. Each must be refused (or fail validation) with a clear message, change nothing, and never crash. */
type Case = {
  name: string;
  file: string;
  content: Buffer | string;
  entity?: 'agents' | 'systems' | 'grants';
  mapping?: { field: string; column: string }[];
  expect: RegExp;
};

const deepArray = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const agents = (list: unknown[]): string => JSON.stringify({ agents: list });

async function xlsxWith(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('Agents'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cases(xlsxFormula: Buffer, xlsxHuge: Buffer): Case[] {
  const big = 'x'.repeat(100_000);
  return [
    // ---- JSON structure and limits ----
    { name: 'json depth 100000 (arrays)', file: 'a.json', content: deepArray(100_000), expect: /too deeply nested/ },
    { name: 'json depth 1000 (objects)', file: 'a.json', content: deepObject(1000), expect: /too deeply nested/ },
    { name: 'json depth 40', file: 'a.json', content: `{"agents":[{"name":"x","purpose":${deepArray(40)}}]}`, expect: /too deeply nested/ },
    {
      name: 'json __proto__ top level',
      file: 'a.json',
      content: '{"__proto__":{"polluted":1},"agents":[{"name":"a"}]}',
      expect: /forbidden key "__proto__"/,
    },
    {
      name: 'json __proto__ in record',
      file: 'a.json',
      content: '{"agents":[{"name":"a","__proto__":{"polluted":1}}]}',
      expect: /forbidden key "__proto__"/,
    },
    {
      name: 'json constructor.prototype',
      file: 'a.json',
      content: '{"agents":[{"name":"a","constructor":{"prototype":{"polluted":1}}}]}',
      expect: /forbidden key "(constructor|prototype)"/,
    },
    { name: 'json prototype key', file: 'a.json', content: '{"agents":[{"name":"a","prototype":1}]}', expect: /forbidden key "prototype"/ },
    { name: 'json section not a list', file: 'a.json', content: '{"agents":"Billing bot"}', expect: /must be a list/ },
    { name: 'json record not an object', file: 'a.json', content: '{"agents":[1,2]}', expect: /must be an object/ },
    { name: 'json bare list', file: 'a.json', content: '[{"name":"a"}]', expect: /bare list/ },
    { name: 'json string top level', file: 'a.json', content: '"hello"', expect: /Expected an object/ },
    { name: 'json unknown section', file: 'a.json', content: '{"hackers":[]}', expect: /Unknown section/ },
    { name: 'json truncated', file: 'a.json', content: '{"agents":[{"name":', expect: /not valid JSON/ },
    { name: 'json trailing garbage', file: 'a.json', content: '{"agents":[]} rm -rf', expect: /not valid JSON/ },
    { name: 'json NaN', file: 'a.json', content: '{"agents":[{"name":NaN}]}', expect: /not valid JSON/ },
    { name: 'json 1e309', file: 'a.json', content: '{"agents":[{"name":"a","purpose":1e309}]}', expect: /out of range/ },
    { name: 'json empty', file: 'a.json', content: '', expect: /empty/ },
    { name: 'json whitespace', file: 'a.json', content: '   \n ', expect: /not valid JSON/ },
    { name: 'json no records', file: 'a.json', content: '{"agents":[]}', expect: /no records/ },
    { name: 'json workspace export', file: 'a.json', content: '{"format":"agent-readiness-workspace"}', expect: /full workspace export/ },
    {
      name: 'json wrong version',
      file: 'a.json',
      content: '{"version":7,"agents":[{"name":"a"}]}',
      expect: /Unsupported inventory file version/,
    },
    { name: 'json huge string', file: 'a.json', content: agents([{ name: big }]), expect: /too long/ },
    { name: 'json name is a number', file: 'a.json', content: agents([{ name: 123 }]), expect: /Must be text/ },
    { name: 'json name is an object', file: 'a.json', content: agents([{ name: { first: 'a' } }]), expect: /Must be text/ },
    { name: 'json name is null', file: 'a.json', content: agents([{ name: null }]), expect: /Required/ },
    { name: 'json name 200 chars', file: 'a.json', content: agents([{ name: 'n'.repeat(200) }]), expect: /At most 120/ },
    { name: 'json control chars in name', file: 'a.json', content: agents([{ name: 'bell\u0007' }]), expect: /control characters/ },
    { name: 'json wrong enum', file: 'a.json', content: agents([{ name: 'a', lifecycle: 'live' }]), expect: /Lifecycle: use one of/ },
    { name: 'json extra field', file: 'a.json', content: agents([{ name: 'a', isAdmin: true }]), expect: /Unknown field "isAdmin"/ },
    { name: 'json duplicate names', file: 'a.json', content: agents([{ name: 'Twin' }, { name: ' twin ' }]), expect: /Duplicate agent/ },
    {
      name: 'json unknown action',
      file: 'a.json',
      content: JSON.stringify({
        agents: [{ name: 'a' }],
        systems: [{ name: 's', kind: 'database' }],
        grants: [{ agent: 'a', system: 's', environment: 'Production', actions: ['delete', 'fly'] }],
      }),
      expect: /Unknown action "fly"/,
    },
    {
      name: 'json no actions',
      file: 'a.json',
      content: JSON.stringify({
        agents: [{ name: 'a' }],
        systems: [{ name: 's', kind: 'database' }],
        grants: [{ agent: 'a', system: 's', environment: 'Production', actions: [] }],
      }),
      expect: /at least one action/,
    },
    {
      name: 'json invalid date',
      file: 'a.json',
      content: JSON.stringify({
        agents: [{ name: 'a' }],
        systems: [{ name: 's', kind: 'database' }],
        grants: [{ agent: 'a', system: 's', environment: 'Production', actions: ['read'], expiresAt: '2026-02-30' }],
      }),
      expect: /Not a real date/,
    },
    {
      name: 'json unknown agent reference',
      file: 'a.json',
      content: JSON.stringify({
        systems: [{ name: 's', kind: 'database' }],
        grants: [{ agent: 'Ghost', system: 's', environment: 'Production', actions: ['read'] }],
      }),
      expect: /No agent named "Ghost"/,
    },
    {
      name: 'json new system missing kind',
      file: 'a.json',
      content: JSON.stringify({ systems: [{ name: 's' }] }),
      expect: /Required for a new system/,
    },
    {
      name: 'json too many records',
      file: 'a.json',
      content: JSON.stringify({ agents: Array.from({ length: 250_001 }, () => ({})) }),
      expect: /more than 250000 records/,
    },
    // ---- YAML ----
    {
      name: 'yaml billion laughs',
      file: 'a.yaml',
      content:
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
      expect: /YAML|too deeply|Unknown section/,
    },
    { name: 'yaml deep nesting', file: 'a.yaml', content: `agents: ${deepArray(60)}`, expect: /too deeply nested/ },
    {
      name: 'yaml __proto__',
      file: 'a.yml',
      content: 'agents:\n  - name: a\n    __proto__:\n      polluted: 1\n',
      expect: /forbidden key "__proto__"/,
    },
    {
      name: 'yaml js function tag',
      file: 'a.yaml',
      content: 'agents:\n  - name: !!js/function "function(){ return 1 }"\n',
      expect: /YAML|Must be text/,
    },
    { name: 'yaml invalid', file: 'a.yaml', content: 'agents: [\n  - name: "a\n', expect: /not valid YAML/ },
    { name: 'yaml duplicate keys', file: 'a.yaml', content: 'agents:\n  - name: a\n    name: b\n', expect: /not valid YAML/ },
    {
      name: 'yaml merge key',
      file: 'a.yaml',
      content: 'base: &b {name: a}\nagents:\n  - <<: *b\n',
      expect: /Unknown section|Unknown field/,
    },
    // ---- CSV: encodings, headers, cells ----
    {
      name: 'csv UTF-16LE',
      file: 'a.csv',
      content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\r\nA\r\n', 'utf16le')]),
      expect: /UTF-16/,
    },
    {
      name: 'csv UTF-16BE',
      file: 'a.csv',
      content: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Name', 'utf16le').swap16()]),
      expect: /UTF-16/,
    },
    {
      name: 'csv Windows-1252',
      file: 'a.csv',
      content: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0d, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0d, 0x0a]),
      expect: /not valid UTF-8/,
    },
    { name: 'csv binary NUL', file: 'a.csv', content: Buffer.from([0x4e, 0x00, 0x01, 0x02, 0x0a, 0x00]), expect: /binary|NUL/ },
    { name: 'csv __proto__ header', file: 'a.csv', content: 'name,__proto__\r\na,b\r\n', expect: /"__proto__", which is not allowed/ },
    { name: 'csv constructor header', file: 'a.csv', content: 'name,constructor\r\na,b\r\n', expect: /not allowed/ },
    { name: 'csv duplicate headers', file: 'a.csv', content: 'Name,name\r\na,b\r\n', expect: /Two columns are named/ },
    {
      name: 'csv 150 columns',
      file: 'a.csv',
      content: `${Array.from({ length: 150 }, (_, i) => `c${i}`).join(',')}\r\n${'x,'.repeat(149)}x\r\n`,
      expect: /150 columns/,
    },
    { name: 'csv huge cell', file: 'a.csv', content: `Name,Purpose\r\na,${big}\r\n`, expect: /Row 2, column "Purpose".*100000 characters/ },
    { name: 'csv unclosed quote', file: 'a.csv', content: 'Name,Purpose\r\n"a,b\r\nc,d\r\n', expect: /malformed/ },
    { name: 'csv missing name cell', file: 'a.csv', content: 'Name,Lifecycle\r\n,production\r\n', expect: /Required/ },
    { name: 'csv header only', file: 'a.csv', content: 'Name,Lifecycle\r\n', expect: /no data rows/ },
    {
      name: 'csv mapping to missing column',
      file: 'a.csv',
      content: 'Name\r\na\r\n',
      entity: 'agents',
      mapping: [{ field: 'name', column: 'Agent' }],
      expect: /does not have/,
    },
    {
      name: 'csv mapping to unknown field',
      file: 'a.csv',
      content: 'Name\r\na\r\n',
      entity: 'agents',
      mapping: [{ field: 'isAdmin', column: 'Name' }],
      expect: /not a field/,
    },
    {
      name: 'csv bad lifecycle row 3',
      file: 'a.csv',
      content: 'Name,Lifecycle\r\nok,pilot\r\nbad,live\r\n',
      expect: /Lifecycle: use one of/,
    },
    {
      name: 'csv grants unknown system',
      file: 'g.csv',
      content: 'Agent,System,Environment,Actions\r\nA,Nowhere,Production,read\r\n',
      entity: 'grants',
      expect: /No agent named|No system named/,
    },
    // ---- file types ----
    { name: 'unsupported extension', file: 'a.exe', content: 'MZ', expect: /Unsupported file type/ },
    { name: 'old xls', file: 'a.xls', content: 'x', expect: /Old \.xls/ },
    { name: 'xlsx that is not a zip', file: 'a.xlsx', content: 'Name\r\na\r\n', expect: /not an Excel workbook/ },
    { name: 'zip named csv', file: 'a.csv', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), expect: /ZIP-based/ },
    {
      name: 'damaged xlsx (no directory)',
      file: 'a.xlsx',
      content: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]),
      expect: /damaged/,
    },
    { name: 'xlsx with formulas', file: 'a.xlsx', content: xlsxFormula, expect: /formulas/ },
    { name: 'xlsx huge cell', file: 'a.xlsx', content: xlsxHuge, expect: /characters; at most 4000/ },
    { name: 'over the size limit', file: 'a.json', content: Buffer.alloc(41 * 1024 * 1024, 0x20), expect: /at most 40 MB/ },
  ];
}

let h: Harness;
let workspaceId: string;
let corpus: Case[];

const snapshot = (): string => {
  const db = h.ctx.workspace(workspaceId).db;
  const parts = ['workflows', 'agents', 'agent_workflows', 'systems', 'environments', 'grants'].map((t) =>
    JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()),
  );
  return createHash('sha256').update(parts.join('\n')).digest('hex');
};

beforeAll(async () => {
  const r = await withWorkspace(true);
  h = r.h;
  workspaceId = r.workspaceId;
  const formula = await xlsxWith((ws) => {
    ws.addRow(['Name', 'Purpose']);
    ws.addRow(['a', { formula: 'CMD|"/c calc"!A0' }]);
  });
  const huge = await xlsxWith((ws) => {
    ws.addRow(['Name', 'Purpose']);
    ws.addRow(['a', 'y'.repeat(5000)]);
  });
  corpus = cases(formula, huge);
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

describe('hostile import corpus', () => {
  it('has at least 50 cases; every one is refused with a clear message, writes nothing and never crashes', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    const before = snapshot();
    let refused = 0;
    const { prepareImport, applyPrepared, previewOf } = await import('../../../electron/services/transfer');
    const { writeContext } = await import('../../../electron/services/context');
    for (const c of corpus) {
      const bytes = Buffer.isBuffer(c.content) ? c.content : Buffer.from(c.content, 'utf8');
      const db = h.ctx.workspace(workspaceId).db;
      const prepared = await prepareImport(db, c.file, bytes, { entity: c.entity, mapping: c.mapping });
      const preview = previewOf(prepared);
      const message = preview.refused ?? preview.errors.map((e) => `${e.where} ${e.field}: ${e.message}`).join(' | ');
      expect(preview.refused !== null || preview.errorCount > 0, c.name).toBe(true);
      expect(message, c.name).toMatch(c.expect);
      if (!preview.refused) for (const e of preview.errors) expect(e.field, c.name).toBeTruthy();
      expect(() => applyPrepared(writeContext(h.ctx, workspaceId, 'import:apply'), prepared), c.name).toThrow();
      refused++;
      // the same through the door, when the file fits the bridge
      if (bytes.length < 1_000_000) {
        const err = await h.fail('import:apply', {
          workspaceId,
          fileName: c.file,
          contentBase64: bytes.toString('base64'),
          ...(c.entity ? { entity: c.entity } : {}),
          ...(c.mapping ? { mapping: c.mapping } : {}),
        });
        expect(err.code, c.name).toBe('VALIDATION');
      }
    }
    expect(snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    console.log(
      `R21-R24 hostile import corpus: fixtures=${corpus.length}, refused=${refused}, rows committed=0, crashes=0, prototype polluted=no`,
    );
  }, 120_000);
});
