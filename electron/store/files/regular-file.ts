import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../../core/common/errors';

/**
 * Reads of files a user pointed the app at (a pack folder, a backup): regular files only, opened
 * without following a symlink and without blocking on a FIFO, then checked again on the open handle
 * (the path may change between a stat and the open). Bytes are counted as they arrive.
 */
const CHUNK = 1 << 20;

function openRegular(path: string, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'NOT_FOUND' : 'VALIDATION', `The ${what} cannot be opened (${code ?? 'error'}).`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new AppError('VALIDATION', `The ${what} is not a regular file.`);
  }
  return { fd, size: st.size };
}

/** The whole file, refused when it holds more than `maxBytes` (counted while reading, not trusted from the size). */
export function readRegularFile(path: string, maxBytes: number, what = 'file'): Buffer {
  const { fd } = openRegular(path, what);
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new AppError('VALIDATION', `The ${what} is larger than ${maxBytes} bytes, so it was not read.`);
      parts.push(buf.subarray(0, n));
    }
    return Buffer.concat(parts, total);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 and length of a regular file, hashed a chunk at a time (a large evidence file is never held whole). */
export function hashRegularFile(path: string, what = 'file'): { bytes: number; sha256: string } {
  const { fd } = openRegular(path, what);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let bytes = 0;
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}
