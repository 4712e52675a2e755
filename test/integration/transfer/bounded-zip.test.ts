import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../electron/services/transfer-read';
import { boundedUnzip, restoredZip } from '../../../electron/services/transfer-zip';

/** A one-entry ZIP whose central directory declares `declaredSize` for data that inflates to `real` bytes. */
function lyingZip(real: Buffer, declaredSize: number, name = 'xl/worksheets/sheet1.xml'): Buffer {
  const good = restoredZip([{ name, data: Buffer.alloc(0) }]);
  const deflated = deflateRawSync(real);
  const n = Buffer.from(name);
  const lh = Buffer.alloc(30);
  lh.writeUInt32LE(0x04034b50, 0);
  lh.writeUInt16LE(8, 8);
  lh.writeUInt32LE(crc32(real) >>> 0, 14);
  lh.writeUInt32LE(deflated.length, 18);
  lh.writeUInt32LE(declaredSize, 22);
  lh.writeUInt16LE(n.length, 26);
  const ch = Buffer.alloc(46);
  ch.writeUInt32LE(0x02014b50, 0);
  ch.writeUInt16LE(8, 10);
  ch.writeUInt32LE(crc32(real) >>> 0, 16);
  ch.writeUInt32LE(deflated.length, 20);
  ch.writeUInt32LE(declaredSize, 24);
  ch.writeUInt16LE(n.length, 28);
  const local = Buffer.concat([lh, n, deflated]);
  const cd = Buffer.concat([ch, n]);
  const end = Buffer.from(good.subarray(good.length - 22));
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, cd, end]);
}

describe('ZIP containers are bounded by the bytes actually inflated', () => {
  it('refuses an entry whose header claims 100 bytes but inflates past the limit, without inflating it all', () => {
    const zip = lyingZip(Buffer.alloc(5 * 1024 * 1024), 100);
    expect(() => boundedUnzip(zip, { maxEntries: 10, maxUncompressed: 1024 * 1024, maxRatio: 1e9 })).toThrow(/expands to more than 1 MB/);
  });

  it('refuses an entry whose real size differs from its header even under the limit', () => {
    const zip = lyingZip(Buffer.alloc(4096, 65), 100);
    expect(() => boundedUnzip(zip)).toThrow(/inflates to 4096 bytes, its header says 100/);
  });

  it('an .xlsx upload whose headers lie is refused before exceljs sees it (default 200 MB budget)', async () => {
    const zip = lyingZip(Buffer.alloc(201 * 1024 * 1024), 1000);
    await expect(readImportFile('inventory.xlsx', zip)).rejects.toThrow(/expands to more than 200 MB/);
  }, 60_000);

  it('an honest archive round-trips through the bounded unzip and the stored re-pack', () => {
    const entries = [
      { name: 'a.xml', data: Buffer.from('<a/>') },
      { name: 'dir/b.bin', data: Buffer.alloc(10_000, 7) },
    ];
    expect(boundedUnzip(restoredZip(entries))).toEqual(entries);
  });
});
