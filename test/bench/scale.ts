/**
 * `--scale 100k` helpers (issue 16): the 1M-grant document is written to disk entry by entry (it
 * is ~300 MB, past the in-memory import's 40 MB) and imported through `import:applyFile`, which
 * streams it; the workspace file's size per million grants is reported.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import type { Figure } from './backend';
import type { Doc } from './generate';

/** Writes `doc` as JSON without building the whole text: one entry at a time, buffered. */
export function writeDocFile(doc: Doc, file: string): number {
  const fd = openSync(file, 'w');
  let buf = '';
  const put = (s: string): void => {
    buf += s;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  };
  put(`{"format":${JSON.stringify(doc.format)},"version":${doc.version}`);
  for (const key of ['workflows', 'systems', 'agents', 'grants'] as const) {
    put(`,"${key}":[`);
    doc[key].forEach((e, i) => put((i ? ',' : '') + JSON.stringify(e)));
    put(']');
  }
  put('}');
  writeSync(fd, buf);
  closeSync(fd);
  return statSync(file).size;
}

/** The workspace file (database + WAL) per million grants, after a checkpoint. */
export function storageFigure(file: string, grants: number, checkpoint: () => void): Figure {
  checkpoint();
  const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  const perMillion = bytes / 1048576 / (grants / 1e6);
  return {
    id: 'P9',
    what: `workspace file size per million grants (${grants} grants, answers, drills and events included)`,
    value: perMillion,
    baseline: bytes / 1048576,
    unit: 'MB',
    ratio: 1,
    target: 'report',
    met: null,
    note: `whole file ${(bytes / 1048576).toFixed(0)} MB (baseline column)`,
  };
}
