import { historyHead, historyRows, lastSeqAt } from '../../store/history/index';
import { listAssessments } from '../../store/scoring/assessments';
import type { OpenWorkspace } from '../../store/workspaces';
import { readFrozenAssessment } from '../assessment-snapshot';

type Ws = Pick<OpenWorkspace, 'id' | 'name' | 'db' | 'dir' | 'file'>;

export const PERIOD_FILE = 'history/period.json';
export const PERIOD_FORMAT = 'agent-readiness-history-period';

/** How an auditor recomputes each entry's hash from the file alone; the chain is checked entry by entry. */
const HASH_RULE =
  'hash = SHA-256 (hex) of the UTF-8 text {"action":A,"actor":{"email":E,"name":N,"role":R,"source":S},"after":AFTER,"at":T,"before":BEFORE,' +
  '"door":D,"entity":EN,"entityId":ID,"operation":OP,"origin":O,"prevHash":P,"reason":RE,"seq":Q,"stateHash":SH} with no spaces, keys in this ' +
  'order, each value written as JSON (null when absent), AFTER and BEFORE inserted as the exact stored text of after_json and before_json (null ' +
  "when absent). prev_hash is the previous entry's hash; the first entry's prev_hash is the hash of the entry before the period. The last " +
  "entry's hash is the history head in manifest.json (metadata.history).";

/** Where an assessment's history ends: the head frozen with it, or (an assessment from before snapshots) its finalisation time. */
function endOf(ws: Ws, a: { id: string; finalisedAt: string }): number {
  return readFrozenAssessment(ws, a.id)?.snapshot.historyHead?.entries ?? lastSeqAt(ws.db, a.finalisedAt);
}

/**
 * The history of the period an evidence pack covers, as stored: for a finalised assessment, the
 * entries after the previous finalised assessment's frozen head up to its own frozen head (so a
 * change made after the finalisation is never in it, and two packs of it are the same file); for a
 * draft pack, the entries since the latest finalised assessment. Each entry carries its stored
 * text and hashes, so the file can be checked on its own (`hashRule`) and against the manifest.
 */
export function historyOfPeriod(ws: Ws, assessmentId: string | null): Buffer {
  const all = listAssessments(ws.db); // newest first
  const at = assessmentId ? all.findIndex((a) => a.id === assessmentId) : -1;
  const previous = assessmentId ? all[at + 1] : all[0];
  const current = assessmentId ? all[at] : undefined;
  const fromSeq = previous ? endOf(ws, previous) + 1 : 1;
  const toSeq = current ? endOf(ws, current) : historyHead(ws.db).count;
  const entries = historyRows(ws.db, fromSeq, toSeq);
  const file = {
    format: PERIOD_FORMAT,
    formatVersion: 1,
    period: {
      afterAssessment: previous ? { id: previous.id, title: previous.title, finalisedAt: previous.finalisedAt } : null,
      untilAssessment: current ? { id: current.id, title: current.title, finalisedAt: current.finalisedAt } : null,
      fromSeq,
      toSeq,
    },
    entryCount: entries.length,
    hashRule: HASH_RULE,
    entries,
  };
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
}
