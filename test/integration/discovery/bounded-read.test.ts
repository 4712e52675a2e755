import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRefused, readBounded, textOf } from '../../../electron/services/files/bounded-read';
import { walkForDiscovery } from '../../../electron/services/files/walk';

let dir: string;
let socketServer: Server;
const socketPath = () => join(dir, 'agent.sock');

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ar-bounded-')));
  writeFileSync(join(dir, 'config.json'), '{"mcpServers": {}}');
  execFileSync('mkfifo', [join(dir, 'pipe.json')]);
  symlinkSync(join(dir, 'config.json'), join(dir, 'link.json'));
  symlinkSync('/dev/zero', join(dir, 'zero.json'));
  symlinkSync(join(dir, 'missing.json'), join(dir, 'dangling.json'));
  mkdirSync(join(dir, 'folder.json'));
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(socketPath(), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const refusal = async (path: string, limit?: number): Promise<FileRefused> => {
  try {
    await readBounded(path, limit);
  } catch (err) {
    if (err instanceof FileRefused) return err;
    throw err;
  }
  throw new Error(`${path} was read`);
};

describe('readBounded', () => {
  it('reads a regular file', async () => {
    const f = await readBounded(join(dir, 'config.json'));
    expect(textOf(f)).toBe('{"mcpServers": {}}');
    expect(f).toMatchObject({ realPath: join(dir, 'config.json'), viaSymlink: false });
  });

  it('refuses a FIFO without blocking on it', async () => {
    const e = await refusal(join(dir, 'pipe.json'));
    expect(e.code).toBe('NOT_REGULAR');
    expect(e.message).toMatch(/pipe\.json is a named pipe \(FIFO\), not a regular file/);
  });

  it('refuses /dev/zero, directly and through a symbolic link, naming the real path', async () => {
    expect((await refusal('/dev/zero')).message).toMatch(/is a character device/);
    const e = await refusal(join(dir, 'zero.json'));
    expect(e.message).toContain('(a symbolic link to /dev/zero) is a character device');
  });

  it('refuses a directory and a socket', async () => {
    expect((await refusal(join(dir, 'folder.json'))).message).toMatch(/is a folder, not a regular file/);
    expect((await refusal(socketPath())).message).toMatch(/is a socket/);
  });

  it('resolves a symbolic link and reports the real path', async () => {
    const f = await readBounded(join(dir, 'link.json'));
    expect(f).toMatchObject({ path: join(dir, 'link.json'), realPath: join(dir, 'config.json'), viaSymlink: true });
  });

  it('says when a file, or a link target, is missing', async () => {
    expect((await refusal(join(dir, 'nope.json'))).code).toBe('NOT_FOUND');
    expect((await refusal(join(dir, 'dangling.json'))).message).toMatch(/symbolic link whose target is missing/);
  });

  it('bounds the bytes as they arrive: one byte over the limit is refused, the limit itself is read', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(200_001, 0x20));
    expect((await refusal(big, 200_000)).code).toBe('TOO_LARGE');
    writeFileSync(big, Buffer.alloc(200_000, 0x20));
    expect((await readBounded(big, 200_000)).bytes.length).toBe(200_000);
  });

  it.runIf(existsSync('/proc/self/status'))(
    'does not trust the reported size: a /proc file says 0 bytes and still holds some',
    async () => {
      expect(statSync('/proc/self/status').size).toBe(0);
      expect((await readBounded('/proc/self/status')).bytes.length).toBeGreaterThan(100);
      expect((await refusal('/proc/self/status', 50)).code).toBe('TOO_LARGE');
    },
  );

  it('refuses binary and UTF-16 text with a message that says so', async () => {
    writeFileSync(join(dir, 'bin.json'), Buffer.from([0x7b, 0x00, 0x7d]));
    writeFileSync(join(dir, 'u16.json'), Buffer.from([0xff, 0xfe, 0x7b, 0x00]));
    expect(() => textOf({ path: 'bin.json', realPath: '', viaSymlink: false, bytes: Buffer.from([0x7b, 0x00]) })).toThrow(/binary data/);
    await expect(readBounded(join(dir, 'u16.json')).then(textOf)).rejects.toThrow(/UTF-16/);
  });
});

describe('walkForDiscovery', () => {
  it('lists regular files and links to files, skips the rest with reasons, never follows folder links', async () => {
    const root = join(dir, 'walk');
    mkdirSync(join(root, 'a/b/c/d'), { recursive: true });
    mkdirSync(join(root, 'node_modules/x'), { recursive: true });
    writeFileSync(join(root, 'a/.mcp.json'), '{}');
    writeFileSync(join(root, 'a/b/c/d/mcp.json'), '{}');
    writeFileSync(join(root, 'node_modules/x/mcp.json'), '{}');
    symlinkSync(root, join(root, 'a/loop'));
    symlinkSync(join(dir, 'pipe.json'), join(root, 'a/pipe.json'));
    const json = (p: string) => p.endsWith('.json');
    const r = await walkForDiscovery(root, json, { maxDepth: 3, maxFiles: 10, maxEntries: 100 });
    expect(r.files).toEqual([join(root, 'a/.mcp.json')]);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { path: join(root, 'node_modules'), reason: 'a dependency or build folder' },
        { path: join(root, 'a/loop'), reason: 'a symbolic link to a folder (not followed)' },
        { path: join(root, 'a/pipe.json'), reason: 'a symbolic link to a named pipe (FIFO)' },
        { path: join(root, 'a/b/c/d'), reason: 'deeper than 3 folders' },
      ]),
    );
    expect(r.truncated).toBe(false);
  });

  it('stops at the file limit and says so', async () => {
    const root = join(dir, 'many');
    mkdirSync(root);
    for (let i = 0; i < 20; i++) writeFileSync(join(root, `f${String(i).padStart(2, '0')}.json`), '{}');
    const r = await walkForDiscovery(root, () => true, { maxDepth: 2, maxFiles: 5, maxEntries: 1000 });
    expect(r.files).toHaveLength(5);
    expect(r.truncated).toBe(true);
    expect(r.skipped.at(-1)!.reason).toBe('stopped: more than 5 files');
  });
});
