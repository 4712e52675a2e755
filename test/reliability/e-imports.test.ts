/**
 * Family E: hostile imports (R21-R26). Everything goes through the real dispatcher (`import:apply`,
 * the same path the IPC and HTTP doors use). See also test/integration/transfer/hostile-import.test.ts
 * (a 67-file corpus checked message by message).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/contract/index';
import { IMPORT_LIMITS } from '../../core/transfer/limits';
import { removeDir, withWorkspace, type Harness } from '../integration/helpers';
import { pick, report } from './lib/report';

let h: Harness;
let workspaceId: string;
const TABLES = ['workflows', 'agents', 'agent_workflows', 'systems', 'environments', 'grants'];

beforeAll(async () => {
  const r = await withWorkspace(true);
  h = r.h;
  workspaceId = r.workspaceId;
});
afterAll(() => {
  h.close();
  removeDir(h.dataDir);
});

const fingerprint = (): string => {
  const db = h.ctx.workspace(workspaceId).db;
  return createHash('sha256')
    .update(TABLES.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all())).join('\n'))
    .digest('hex');
};
const b64 = (s: string | Buffer) => (Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')).toString('base64');
const polluted = () =>
  (({}) as Record<string, unknown>).polluted !== undefined ||
  (Object.prototype as Record<string, unknown>).polluted !== undefined ||
  Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin');

async function importFile(fileName: string, content: string | Buffer, extra: Record<string, unknown> = {}) {
  const before = fingerprint();
  const r = await h
    .fail('import:apply', { workspaceId, fileName, contentBase64: b64(content), ...extra })
    .catch((e: unknown) => (e instanceof Error && e.message.startsWith('Expected') ? null : { code: 'THROWN', message: String(e) }));
  const after = fingerprint();
  return { error: r, changed: before !== after };
}

describe('E. hostile imports', () => {
  it('R21 huge import file is refused before it is parsed', async () => {
    const { prepareImport, previewOf } = await import('../../electron/services/transfer');
    const db = h.ctx.workspace(workspaceId).db;
    const before = fingerprint();
    const rss0 = process.memoryUsage().rss;
    const big = Buffer.alloc(IMPORT_LIMITS.maxBytes + 1024 * 1024, 0x20);
    const t0 = performance.now();
    const prepared = await prepareImport(db, 'huge.json', big, {});
    const ms = performance.now() - t0;
    const refused = previewOf(prepared).refused ?? '';
    const rssDelta = Math.round((process.memoryUsage().rss - rss0) / 1e6);
    // the door refuses an oversized request body before any handler runs
    const door = await h.fail('import:apply', { workspaceId, fileName: 'huge.json', contentBase64: 'A'.repeat(60_000_004) });
    const pass = /at most 40 MB/.test(refused) && ms < 2000 && door.code === 'VALIDATION' && fingerprint() === before;
    expect(
      report(
        'R21',
        pass,
        `size limit=${IMPORT_LIMITS.maxBytes / 1048576} MB file / 60 M base64 chars at the door; ${Math.round(big.length / 1048576)} MB file refused in ${Math.round(ms)} ms ("${refused.slice(0, 40)}"); door: ${door.code}; peak RSS delta=${rssDelta} MB (incl. the test's own buffer); rows committed=0; 2 GB sparse file: n/a (imports arrive as content, never as a path the back end reads)`,
      ),
    ).toBe(true);
  });

  it('R22 deeply nested JSON and YAML are refused with an explicit depth limit', async () => {
    const deep = (n: number) => `{"agents":[{"name":"x","purpose":${'['.repeat(n)}${']'.repeat(n)}}]}`;
    const results: string[] = [];
    let ok = 0;
    for (const n of [40, 1_000, 100_000, 1_000_000]) {
      const t0 = performance.now();
      const r = await importFile('deep.json', deep(n));
      const good = r.error?.code === 'VALIDATION' && /too deeply nested/.test(r.error.message) && !r.changed;
      if (good) ok++;
      results.push(`depth ${n}: ${good ? 'rejected' : `NOT REJECTED (${r.error?.message})`} in ${Math.round(performance.now() - t0)} ms`);
    }
    const y = await importFile('deep.yaml', `agents: ${'['.repeat(60)}${']'.repeat(60)}`);
    const yOk = y.error?.code === 'VALIDATION' && /too deeply nested/.test(y.error.message);
    expect(
      report(
        'R22',
        ok === 4 && yOk,
        `max depth accepted=${IMPORT_LIMITS.maxDepth}; ${results.join('; ')}; yaml depth 60 rejected=${yOk}; stack overflows=0; rows committed=0`,
      ),
    ).toBe(true);
  });

  it('R23 wrong types, missing/extra fields, bad enums, NaN, 1e309, bad dates are rejected with a location; BOM, CRLF and quoted newlines import exactly', async () => {
    const agents = (list: unknown[]) => JSON.stringify({ agents: list });
    const bad: [string, string, string, Record<string, unknown>?][] = [
      ['a.json', agents([{ name: 123 }]), 'wrong type'],
      ['a.json', agents([{ purpose: 'no name' }]), 'missing name'],
      ['a.json', agents([{ name: 'a', isAdmin: true }]), 'extra field'],
      ['a.json', agents([{ name: 'a', lifecycle: 'live' }]), 'wrong enum'],
      ['a.json', '{"agents":[{"name":NaN}]}', 'NaN'],
      ['a.json', '{"agents":[{"name":"a","purpose":1e309}]}', '1e309'],
      [
        'a.json',
        JSON.stringify({
          agents: [{ name: 'a' }],
          systems: [{ name: 's', kind: 'database' }],
          grants: [{ agent: 'a', system: 's', environment: 'Production', actions: ['read'], expiresAt: '2026-02-30' }],
        }),
        'invalid date',
      ],
      ['a.json', JSON.stringify({ agents: [{ name: 'ok one' }, { name: 'bad', lifecycle: 42 }] }), 'second record bad (all-or-nothing)'],
      ['a.json', JSON.stringify({ systems: [{ name: 's', kind: 'spaceship' }] }), 'wrong system kind'],
      ['a.csv', 'Name,Lifecycle\r\nok,pilot\r\nbad,live\r\n', 'csv wrong enum row 3'],
      ['a.csv', 'Name,Purpose\r\n,orphan purpose\r\n', 'csv missing name'],
      ['a.csv', 'Name,Purpose\r\n"unclosed,x\r\n', 'csv unclosed quote'],
      ['a.csv', 'Name,Purpose\r\nbell\u0007,x\r\n', 'csv control character'],
      ['a.yaml', 'agents:\n  - name: [1, 2]\n', 'yaml wrong type'],
    ];
    let rejected = 0;
    let located = 0;
    let committed = 0;
    const misses: string[] = [];
    const unlocated: string[] = [];
    for (const [file, content, name] of bad) {
      const r = await importFile(file, content);
      if (r.changed) committed++;
      if (r.error?.code === 'VALIDATION') rejected++;
      else misses.push(name);
      const where =
        ((r.error as { issues?: { path: string }[] } | null)?.issues ?? []).map((i) => i.path).join(' ') + ' ' + (r.error?.message ?? '');
      if (/row \d|Row \d|\/\d|agents|systems|grants|\/|line \d/i.test(where)) located++;
      else unlocated.push(name);
    }
    // tricky but valid: must import exactly
    const tricky: [string, string | Buffer, string, string][] = [
      [
        'bom.csv',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,Purpose\r\nBOM agent,plain\r\n')]),
        'BOM agent',
        'plain',
      ],
      ['crlf.csv', 'Name,Purpose\r\nCRLF agent,"line one\r\nline two"\r\n', 'CRLF agent', 'line one\r\nline two'],
      ['quotes.csv', 'Name,Purpose\n"Quote ""agent""","say ""hi"", then, leave"\n', 'Quote "agent"', 'say "hi", then, leave'],
      ['nl.json', JSON.stringify({ agents: [{ name: 'JSON agent', purpose: 'a\nb\t"c"' }] }), 'JSON agent', 'a\nb\t"c"'],
    ];
    let exact = 0;
    for (const [file, content, name, purpose] of tricky) {
      const r = await importFile(file, content, file.endsWith('.csv') ? { entity: 'agents' } : {});
      const got = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === name);
      if (r.error === null && got?.purpose === purpose) exact++;
      else misses.push(`${file}: ${r.error?.message ?? `purpose=${JSON.stringify(got?.purpose)}`}`);
    }
    const pass = rejected === bad.length && located >= bad.length - 1 && committed === 0 && exact === tricky.length;
    expect(
      report(
        'R23',
        pass,
        `fixtures=${bad.length} rejected=${rejected} with row/field location=${located}${unlocated.length ? ` (no position: ${unlocated.join(', ')}: V8's JSON.parse message)` : ''}; rows committed on reject=${committed}; valid tricky files (BOM, CRLF, quoted newline, embedded quotes) imported exactly=${exact}/${tricky.length}${misses.length ? `; misses: ${misses.join(' | ')}` : ''}`,
      ),
    ).toBe(true);
  });

  it('R24 prototype-pollution keys are refused everywhere; nothing is polluted', async () => {
    const files: [string, string][] = [
      ['a.json', '{"__proto__":{"polluted":1},"agents":[{"name":"a"}]}'],
      ['a.json', '{"agents":[{"name":"a","__proto__":{"polluted":1}}]}'],
      ['a.json', '{"agents":[{"name":"a","constructor":{"prototype":{"polluted":1}}}]}'],
      ['a.json', '{"agents":[{"name":"a","prototype":{"polluted":1}}]}'],
      ['a.json', '{"agents":[{"name":"a","__pro\\u0074o__":{"polluted":1}}]}'],
      ['a.yaml', 'agents:\n  - name: a\n    __proto__:\n      polluted: 1\n'],
      ['a.yaml', '__proto__:\n  polluted: 1\nagents:\n  - name: a\n'],
      ['a.csv', 'name,__proto__\r\na,{"polluted":1}\r\n'],
      ['a.csv', 'name,constructor\r\na,b\r\n'],
      ['a.csv', 'name,prototype\r\na,b\r\n'],
    ];
    let rejected = 0;
    let changed = 0;
    for (const [file, content] of files) {
      const r = await importFile(file, content, file.endsWith('.csv') ? { entity: 'agents' } : {});
      if (r.error?.code === 'VALIDATION') rejected++;
      if (r.changed) changed++;
    }
    // as values they are just text; as request keys they are stripped by the schema
    const asValue = await importFile('v.json', JSON.stringify({ agents: [{ name: '__proto__', purpose: 'constructor.prototype' }] }));
    const viaRequest = await h
      .fail(
        'agent:create',
        JSON.parse(`{"workspaceId":"${workspaceId}","agent":{"name":"req","__proto__":{"polluted":1}},"__proto__":{"polluted":1}}`),
      )
      .catch(() => null);
    const stored = (await h.call('inventory:overview', { workspaceId })).agents.find((a) => a.name === 'req');
    const pass =
      rejected === files.length &&
      changed === 0 &&
      !polluted() &&
      asValue.error === null &&
      viaRequest === null &&
      stored !== undefined &&
      !('polluted' in stored);
    expect(
      report(
        'R24',
        pass,
        `offending files rejected=${rejected}/${files.length}; rows committed=${changed}; ({}).polluted===undefined after import and after merge=${!polluted()}; "__proto__" as a name value stored as text=${asValue.error === null}; __proto__ keys in IPC requests stripped=${stored !== undefined && !('polluted' in stored)}`,
      ),
    ).toBe(true);
  });

  it('R25 CSV exports defang formula cells and quote per RFC 4180; benign values round-trip', async () => {
    const payloads = [
      "=cmd|' /C calc'!A0",
      '+1+cmd|calc',
      '-2+3+cmd|calc',
      '@SUM(1+9)*cmd|calc',
      '\t=1+1',
      '\r=1+1',
      '\n=1+1',
      '=HYPERLINK("http://evil.example","click")',
      '=1,"x"\r\n=2',
    ];
    const benign = ['plain text', 'a, with comma', 'with "quotes"', 'multi\nline', '  leading spaces', 'émoji 🎉', '1e5', '0042'];
    const all = [...payloads, ...benign];
    for (let i = 0; i < all.length; i++) await h.call('agent:create', { workspaceId, agent: { name: `csv agent ${i}`, purpose: all[i]! } });
    const out = await h.call('export:data', { workspaceId, dataset: 'agents', format: 'csv' });
    const text = Buffer.from(out.contentBase64, 'base64')
      .toString('utf8')
      .replace(/^\ufeff/, '');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    const purposeCol = (parsed.meta.fields ?? []).find((f) => /purpose/i.test(f)) ?? '';
    const nameCol = (parsed.meta.fields ?? []).find((f) => /^name$/i.test(f)) ?? (parsed.meta.fields ?? [])[0]!;
    let defanged = 0;
    let roundTrip = 0;
    for (let i = 0; i < all.length; i++) {
      const row = parsed.data.find((r) => r[nameCol] === `csv agent ${i}`);
      const cell = row?.[purposeCol] ?? '';
      if (i < payloads.length) {
        if (cell === `'${all[i]}`) defanged++;
      } else if (cell === all[i]) roundTrip++;
    }
    // no cell of the whole file starts with a formula character
    const dangerous = parsed.data.flatMap((r) => Object.values(r)).filter((v) => typeof v === 'string' && /^[=+\-@\t\r\n]/.test(v)).length;
    const pass = parsed.errors.length === 0 && defanged === payloads.length && roundTrip === benign.length && dangerous === 0;
    expect(
      report(
        'R25',
        pass,
        `payload cells=${payloads.length} (= + - @ tab CR LF prefixes) defanged with leading '=${defanged}; dangerous cells in file=${dangerous}; RFC 4180 parse errors=${parsed.errors.length}; benign round-trip equal=${roundTrip}/${benign.length}`,
      ),
    ).toBe(true);
  });

  it('R26 property-based fuzz of the importers and every IPC argument schema', async () => {
    const seed = Number(process.env.AR_FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const importRuns = pick(10_000, 800);
    const channelRuns = pick(3_000, 300);
    const hostileKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'name',
      'purpose',
      'lifecycle',
      'kind',
      'agent',
      'system',
      'environment',
      'actions',
      'expiresAt',
      'accountableOwner',
      'isAdmin',
      'toString',
      'hasOwnProperty',
      'valueOf',
    );
    const hostileString = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '=cmd|calc',
        '<script>window.__pwned=1</script>',
        '\u202Egnp.exe',
        '\u0000',
        'NaN',
        '1e309',
        '2026-02-30',
        'production',
        'delete',
        'database',
        'x'.repeat(5000),
        '__proto__',
      ),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        hostileString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(hostileKey, tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const record = fc.dictionary(hostileKey, value, { maxKeys: 6 });
    const doc = fc.dictionary(
      fc.constantFrom('agents', 'systems', 'environments', 'workflows', 'grants', 'format', 'version', '__proto__', 'constructor', 'other'),
      fc.oneof(fc.array(record, { maxLength: 4 }), value),
      { maxKeys: 4 },
    );
    const csv = fc
      .tuple(
        fc.array(fc.oneof(hostileKey, hostileString), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(hostileString, { maxLength: 6 }), { maxLength: 5 }),
      )
      .map(([head, rows]) =>
        [head, ...rows]
          .map((r) => r.map((c) => (Math.random() < 0.5 ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
          .join(Math.random() < 0.5 ? '\r\n' : '\n'),
      );
    // near-valid documents: mostly well-formed records with hostile text, so many imports apply (and some fail half-way through the plan)
    const nearValid = fc
      .record({
        agents: fc.array(
          fc.record(
            {
              name: hostileString,
              purpose: hostileString,
              lifecycle: fc.constantFrom('proposed', 'pilot', 'production', 'retired', 'live'),
            },
            { requiredKeys: ['name'] },
          ),
          { maxLength: 5 },
        ),
        systems: fc.array(fc.record({ name: hostileString, kind: fc.constantFrom('database', 'saas', 'spaceship') }), { maxLength: 3 }),
      })
      .map((d) => ({ fileName: 'near.json', content: JSON.stringify(d) }));
    const file = fc.oneof(
      nearValid,
      nearValid,
      doc.map((d) => ({ fileName: 'fuzz.json', content: JSON.stringify(d) })),
      doc.map((d) => ({ fileName: 'fuzz.yaml', content: JSON.stringify(d, null, 1) })),
      csv.map((c) => ({ fileName: 'fuzz.csv', content: c })),
      fc
        .string({ maxLength: 200 })
        .map((s) => ({ fileName: fc.sample(fc.constantFrom('f.json', 'f.yaml', 'f.csv', 'f.xlsx', 'f.txt'), 1)[0]!, content: s })),
      fc.uint8Array({ maxLength: 300 }).map((u) => ({ fileName: 'bin.csv', content: Buffer.from(u) as unknown as string })),
    );
    let uncaught = 0;
    let partial = 0;
    let internal = 0;
    let applied = 0;
    let refused = 0;
    let pollution = 0;
    await fc.assert(
      fc.asyncProperty(
        file,
        fc.option(fc.constantFrom('agents', 'systems', 'grants', 'environments', 'workflows'), { nil: undefined }),
        async (f, entity) => {
          const before = fingerprint();
          let r: Awaited<ReturnType<typeof h.fail>> | null;
          try {
            r = await h.fail('import:apply', {
              workspaceId,
              fileName: f.fileName,
              contentBase64: b64(f.content as string | Buffer),
              ...(entity ? { entity } : {}),
            });
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('Expected import:apply to fail')) r = null;
            else {
              uncaught++;
              return false;
            }
          }
          if (r === null) applied++;
          else {
            refused++;
            if (r.code === 'INTERNAL') internal++;
            if (fingerprint() !== before) partial++;
          }
          if (polluted()) pollution++;
          return r === null || (r.code !== 'INTERNAL' && fingerprint() === before && !polluted());
        },
      ),
      { numRuns: importRuns, seed, endOnFailure: true },
    );
    // every channel's argument schema: arbitrary input never crashes the dispatcher
    let channelUncaught = 0;
    let channelInternal = 0;
    const readOnly = CHANNELS.filter((c) => !/delete|restore|import:workspace/.test(c));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...readOnly),
        fc.oneof(
          value,
          fc
            .record({ workspaceId: fc.oneof(fc.constant(workspaceId), fc.string({ maxLength: 70 })) }, { requiredKeys: [] })
            .chain((base) => record.map((r) => ({ ...r, ...base }))),
        ),
        async (channel, input) => {
          const { dispatch } = await import('../../electron/services/dispatch');
          try {
            const r = await dispatch(h.ctx, channel, input);
            if (!r.ok && r.error.code === 'INTERNAL') channelInternal++;
          } catch {
            channelUncaught++;
            return false;
          }
          return !polluted();
        },
      ),
      { numRuns: channelRuns, seed: seed + 1, endOnFailure: true },
    );
    const pass = uncaught === 0 && partial === 0 && pollution === 0 && internal === 0 && channelUncaught === 0;
    expect(
      report(
        'R26',
        pass,
        `fast-check seed=${seed}; import runs=${importRuns} (applied=${applied} refused=${refused}); channel-argument runs=${channelRuns} over ${readOnly.length} channels; uncaught exceptions=${uncaught + channelUncaught}; partial commits=${partial}; prototype pollution=${pollution}; INTERNAL errors: imports=${internal} channels=${channelInternal}`,
      ),
    ).toBe(true);
  });
});
