/**
 * Browser mode's live change stream (issue 14 §5): the real HTTP bridge on loopback, a real
 * workspace file in a temp folder, the stream read with fetch as a browser's EventSource would.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_PATH } from '../../../core/live/changes';
import { startBridge, type Bridge } from '../../../electron/serve/http-bridge';
import { MAX_STREAMS } from '../../../electron/serve/change-stream';
import { createServiceContext, type ServiceContext } from '../../../electron/services/context';
import { removeDir } from '../helpers';
import { openStream, type Stream } from './sse-client';

let ctx: ServiceContext;
let bridge: Bridge;
let dataDir: string;
let workspaceId: string;
const open: Stream[] = [];

const auth = () => ({ authorization: `Bearer ${bridge.token}` });
const streamUrl = () => `${bridge.origin}${CHANGES_PATH}`;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${bridge.origin}/api/${channel}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.value as T;
}

async function stream(headers: Record<string, string> = auth()): Promise<Stream> {
  const s = await openStream(streamUrl(), headers);
  open.push(s);
  await s.ready;
  return s;
}

/** A raw request (fetch will not send a foreign Origin). */
function raw(method: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, method, path: CHANGES_PATH, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ar-live-'));
  ctx = createServiceContext({ dataDir, mode: 'browser', actor: { name: 'Live tester', source: 'profile' } });
  bridge = await startBridge({ ctx, staticDir: dataDir });
  workspaceId = (await call<{ id: string }>('workspace:create', { name: 'Live', example: false })).id;
});

afterAll(async () => {
  for (const s of open) s.close();
  await bridge.close();
  ctx.close();
  removeDir(dataDir);
});

describe('live change stream', () => {
  it('tells every open stream about a change made through the API, after it commits, within a second', async () => {
    const a = await stream();
    const b = await stream();
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^text\/event-stream/);
    expect(a.cacheControl).toBe('no-store');

    // The listener runs after the commit: the transaction is over and a read already sees the row.
    let committed: boolean | null = null;
    const off = ctx.changes.subscribe((n) => {
      if (n.channel === 'agent:create') committed = !ctx.workspace(workspaceId).db.inTransaction;
    });
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [afterA, afterB] = [a.seen.at(-1)?.serial ?? 0, b.seen.at(-1)?.serial ?? 0];
      const t0 = performance.now();
      await call('agent:create', { workspaceId, agent: { name: `Agent ${i}` } });
      const [na, nb] = await Promise.all([a.next((n) => n.serial > afterA), b.next((n) => n.serial > afterB)]);
      latencies.push(performance.now() - t0);
      expect(na).toMatchObject({ workspaceId, channel: 'agent:create' });
      expect(nb).toEqual(na);
    }
    off();
    expect(committed).toBe(true);
    const sorted = [...latencies].sort((x, y) => x - y);
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    const max = sorted.at(-1)!;
    console.log(
      `[live] change -> notice on 2 streams (request + commit + SSE): p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${latencies.length} changes`,
    );
    expect(max).toBeLessThan(1000);
    // Serials increase by one per notice: a client can tell it missed one.
    const serials = a.seen.map((n) => n.serial);
    expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
  });

  it('sends nothing for reads or for a change that was refused and rolled back', async () => {
    const s = await stream();
    await call('inventory:overview', { workspaceId });
    await call('workspace:list', {});
    const dup = fetch(`${bridge.origin}/api/agent:create`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId, agent: { name: 'agent 0' } }), // same name as "Agent 0": refused inside the transaction
    });
    expect(((await (await dup).json()) as { ok: boolean }).ok).toBe(false);
    // The next notice this stream sees is the next real change, with nothing before it.
    await call('system:create', { workspaceId, system: { name: 'Orders DB', kind: 'database' } });
    await s.next((n) => n.channel === 'system:create');
    expect(s.seen.map((n) => n.channel)).toEqual(['system:create']);
  });

  it('refuses the stream without the token, with a foreign Origin or Host, and to anything but GET', async () => {
    const before = bridge.liveStreams();
    const host = `127.0.0.1:${bridge.port}`;
    const statuses = {
      noToken: await raw('GET', { host }),
      wrongToken: await raw('GET', { host, authorization: 'Bearer nope' }),
      foreignOrigin: await raw('GET', { host, ...auth(), origin: 'https://evil.example' }),
      nullOrigin: await raw('GET', { host, ...auth(), origin: 'null' }),
      foreignHost: await raw('GET', { host: `evil.example:${bridge.port}`, ...auth() }),
      crossSite: await raw('GET', { host, ...auth(), 'sec-fetch-site': 'cross-site' }),
      post: await raw('POST', { host, ...auth() }),
      ownOrigin: 0,
    };
    const own = await stream({ ...auth(), origin: bridge.origin });
    statuses.ownOrigin = own.status;
    console.log(`[live] stream refusals: ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual({
      noToken: 401,
      wrongToken: 401,
      foreignOrigin: 403,
      nullOrigin: 403,
      foreignHost: 403,
      crossSite: 403,
      post: 405,
      ownOrigin: 200,
    });
    expect(bridge.liveStreams()).toBe(before + 1); // refused requests hold no stream
  });

  it(`holds at most ${MAX_STREAMS} streams (then 503) and frees a slot when a client goes away`, async () => {
    const extra: Stream[] = [];
    while (bridge.liveStreams() < MAX_STREAMS) extra.push(await stream());
    const over = await openStream(streamUrl(), auth());
    open.push(over);
    expect(over.status).toBe(503);
    extra.pop()!.close();
    // The server sees the disconnect and lets go of the stream: wait for that signal, then a new one fits.
    await expect.poll(() => bridge.liveStreams(), { timeout: 5000 }).toBe(MAX_STREAMS - 1);
    const again = await stream();
    expect(again.status).toBe(200);
    for (const s of open.splice(0)) s.close();
    await expect.poll(() => bridge.liveStreams(), { timeout: 5000 }).toBe(0);
    console.log(
      `[live] stream limit ${MAX_STREAMS}: one more -> ${over.status}; after closing all, open streams -> ${bridge.liveStreams()}`,
    );
  });
});
