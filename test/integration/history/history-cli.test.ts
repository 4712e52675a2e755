import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, withWorkspace } from '../helpers';

/** The CLI records who acted: --actor, else $AGENT_READINESS_ACTOR, else the OS user marked as such; verify reports the chain. */
const BIN = resolve(__dirname, '../../../electron/serve/agent-readiness.mjs');
let dataDir: string;
let wsFile: string;

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const base = { ...process.env };
  delete base.AGENT_READINESS_ACTOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const lastActor = () => {
  const db = new BetterSqlite3(wsFile, { readonly: true });
  try {
    return db.prepare('SELECT actor_name AS name, actor_source AS source, door, operation FROM history ORDER BY seq DESC LIMIT 1').get();
  } finally {
    db.close();
  }
};
const importAgent = (name: string, extra: string[], env: NodeJS.ProcessEnv = {}) => {
  const csv = join(dataDir, `${name}.csv`);
  writeFileSync(csv, `Agent\r\n${name}\r\n`);
  return run(['import', '--workspace', wsFile, '--file', csv, '--map', 'name=Agent', ...extra], env);
};

beforeAll(async () => {
  const { h, ws } = await withWorkspace(false);
  dataDir = h.dataDir;
  wsFile = ws.file;
  h.close();
}, 180_000);
afterAll(() => removeDir(dataDir));

describe('CLI actor and verify', () => {
  it('--actor names the actor of every change the command makes', () => {
    const r = importAgent('Flag agent', ['--actor', 'Grace Hopper']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastActor()).toEqual({ name: 'Grace Hopper', source: 'cli-flag', door: 'cli', operation: 'import:apply' });
  });

  it('AGENT_READINESS_ACTOR is used when there is no flag; otherwise the OS user, marked os-user', () => {
    expect(importAgent('Env agent', [], { AGENT_READINESS_ACTOR: 'Build bot' }).code).toBe(0);
    expect(lastActor()).toMatchObject({ name: 'Build bot', source: 'env' });
    expect(importAgent('OS agent', []).code).toBe(0);
    expect(lastActor()).toMatchObject({ source: 'os-user' });
    expect(run(['score', '--workspace', wsFile, '--actor', '  ']).code).toBe(2);
  });

  it('verify prints "history intact" and exits 0, then names the entry an edit broke and exits 1', () => {
    const ok = run(['verify', '--workspace', wsFile]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^history intact: \d+ entries, head [0-9a-f]{64}\n$/);
    const db = new BetterSqlite3(wsFile);
    db.exec('DROP TRIGGER history_append_only_update');
    db.prepare("UPDATE history SET actor_name = 'Nobody' WHERE seq = 3").run();
    db.close();
    const bad = run(['verify', '--workspace', wsFile, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ intact: false, kind: 'edited', seq: 3 });
  });
});
