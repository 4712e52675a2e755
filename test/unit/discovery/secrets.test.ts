import { describe, expect, it } from 'vitest';
import { diffAgainstDeclared, mapToInventory, parseSource, sharedCredentials, type DiscoveredSource } from '../../../core/discovery';
import { FIXTURE_FILES, PLANTED, fixtureText, fp } from './fixture-files';

/** Every place a secret could escape to from core: the parse results, the proposal, the diff and every message. */
function everythingSaid(files: { name: string; text: string }[]): string {
  const sources: DiscoveredSource[] = [];
  const said: string[] = [];
  for (const f of files) {
    const r = parseSource(f.name, f.text, fp);
    said.push(JSON.stringify(r));
    if (r.source) sources.push(r.source);
  }
  const proposal = mapToInventory(sources);
  const diff = diffAgainstDeclared({ agents: [], systems: [], environments: [], grants: [] }, proposal);
  return [...said, JSON.stringify(proposal), JSON.stringify(diff)].join('\n');
}

/** Broken copies of a file: a syntax error right after each secret, and the secret moved where a type is wrong. */
function brokenVariants(text: string, secret: string): string[] {
  return [
    text.replace(secret, `${secret}"}}]]`),
    text.replace(secret, `${secret}\n  @@@ {{`),
    text.replace(secret, `${secret}\u0000`),
    text.slice(0, text.indexOf(secret) + secret.length),
  ];
}

describe('secrets never leave the file', () => {
  const all = FIXTURE_FILES.map((name) => ({ name, text: fixtureText(name) }));
  const secrets = FIXTURE_FILES.flatMap((f) => PLANTED[f]!.map((s) => ({ file: f, secret: s })));

  it('every fixture has planted secrets, and each is really in its file', () => {
    expect(FIXTURE_FILES.length).toBe(18);
    for (const { file, secret } of secrets) expect(fixtureText(file), `${secret} in ${file}`).toContain(secret);
  });

  it('none of them appears in the parse results, the proposal or the diff (figure: 0 found)', () => {
    const said = everythingSaid(all);
    const found = secrets.filter(({ secret }) => said.includes(secret));
    console.log(`secrets scan: ${secrets.length} planted in ${FIXTURE_FILES.length} fixture formats, ${found.length} found`);
    expect(found).toEqual([]);
  });

  it('none of them appears in the messages about broken copies of the files (figure: 0 found)', () => {
    let variants = 0;
    const found: string[] = [];
    for (const { file, secret } of secrets) {
      for (const broken of brokenVariants(fixtureText(file), secret)) {
        variants++;
        if (everythingSaid([{ name: file, text: broken }]).includes(secret)) found.push(`${file}: ${secret}`);
      }
    }
    console.log(`secrets scan, broken files: ${variants} variants, ${found.length} found`);
    expect(found).toEqual([]);
  });

  it('a secret is kept as a keyed fingerprint: the same credential in two files gives the same one', () => {
    const a = parseSource(
      'a/.cursor/mcp.json',
      JSON.stringify({
        mcpServers: { db: { command: 'npx', args: ['server-postgres', 'postgres://u:S3cret-Same-1@db.prod.internal/app'] } },
      }),
      fp,
    );
    const b = parseSource(
      'b/.cursor/mcp.json',
      JSON.stringify({
        mcpServers: { db2: { command: 'npx', args: ['server-postgres', 'postgres://u:S3cret-Same-1@db.staging.internal/app'] } },
      }),
      fp,
    );
    const fa = a.source!.agents[0]!.servers[0]!.credentials[0]!.fingerprint;
    const fb = b.source!.agents[0]!.servers[0]!.credentials[0]!.fingerprint;
    expect(fa).toBe(fb);
    expect(fa).toBe(fp('S3cret-Same-1'));
    const shared = sharedCredentials(mapToInventory([a.source!, b.source!]));
    expect(shared).toEqual([
      {
        fingerprint: fa,
        labels: ['password in the connection string ([1])'],
        tiers: ['production', 'staging'],
        grantKeys: expect.any(Array),
      },
    ]);
  });
});
