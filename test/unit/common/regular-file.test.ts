import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashRegularFile, readRegularFile } from '../../../electron/store/files/regular-file';

// The readers behind verify-pack and restore --from: regular files only, bounded as the bytes arrive.
describe('regular-file readers', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ar-regular-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('hashes a file in chunks and equals a whole-file hash', () => {
    const d = dir();
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(join(d, 'a.bin'), body);
    expect(hashRegularFile(join(d, 'a.bin'))).toEqual({ bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  });

  it('refuses a FIFO without blocking, a symlink, a folder and a file over the cap', () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'fifo')]);
    writeFileSync(join(d, 'real.json'), '{}');
    symlinkSync(join(d, 'real.json'), join(d, 'link.json'));
    writeFileSync(join(d, 'big.json'), Buffer.alloc(2048, 32));
    expect(() => readRegularFile(join(d, 'fifo'), 1024, 'pack manifest')).toThrow('The pack manifest is not a regular file.');
    expect(() => hashRegularFile(join(d, 'fifo'))).toThrow('not a regular file');
    expect(() => readRegularFile(join(d, 'link.json'), 1024)).toThrow(/cannot be opened \(ELOOP\)/);
    expect(() => readRegularFile(d, 1024)).toThrow('not a regular file');
    expect(() => readRegularFile(join(d, 'big.json'), 1024, 'backup manifest')).toThrow('The backup manifest is larger than 1024 bytes');
    expect(readRegularFile(join(d, 'real.json'), 1024).toString()).toBe('{}');
  });
});
