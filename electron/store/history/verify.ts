import type { Database } from 'better-sqlite3';
import type { HistoryFailureKind, HistoryVerification } from '../../../core/history/model';
import { rowHash, stateHash, type HistoryRow } from './hash';
import { capturedTables } from './tables';
import { hasHistory } from './queries';
import { latestRowStates } from './bulk';

type Failure = { kind: HistoryFailureKind; seq: number | null; entity: string | null; entityId: string | null; message: string };

/**
 * Walks the whole chain, then compares every live row with its latest entry. Reports the first
 * problem found: an entry whose hash no longer matches (edited), a gap or a missing predecessor
 * (deleted), an entry that sits out of order (reordered), one that is not part of the chain
 * (inserted), a chain shorter than its head record (truncated), or a row whose data differs from
 * what the history last recorded for it (changed without an entry).
 */
export function verifyHistory(db: Database): HistoryVerification {
  if (!hasHistory(db)) return { intact: true, count: 0, head: null, message: 'history intact: 0 entries, head none' };
  const rows = db.prepare('SELECT * FROM history ORDER BY seq').all() as HistoryRow[];
  const last = rows.at(-1);
  const count = rows.length;
  const head = last?.hash ?? null;
  const failure = chainFailure(db, rows) ?? stateFailure(db, rows);
  if (failure) return { intact: false, count, head, ...failure };
  return { intact: true, count, head, message: `history intact: ${count} entries, head ${head ?? 'none'}` };
}

function chainFailure(db: Database, rows: HistoryRow[]): Failure | null {
  const successorOf = new Map<string, HistoryRow>();
  for (const r of rows) if (r.prev_hash !== null && !successorOf.has(r.prev_hash)) successorOf.set(r.prev_hash, r);
  const witness = db.prepare('SELECT seq, hash FROM history_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  let prevHash: string | null = null;
  let prevSeq = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const at = (kind: HistoryFailureKind, message: string): Failure => ({
      kind,
      seq: r.seq,
      entity: r.entity,
      entityId: r.entity_id,
      message,
    });
    const hashOk = rowHash(r) === r.hash;
    const linkOk = r.prev_hash === prevHash;
    if (r.seq !== prevSeq + 1) {
      const missing = r.seq - 1 === prevSeq + 1 ? `#${prevSeq + 1} is` : `#${prevSeq + 1} to #${r.seq - 1} are`;
      return at('deleted', `history entry ${missing} missing (deleted): entry #${r.seq} follows #${prevSeq || 'none'}.`);
    }
    if (witness && r.seq > witness.seq)
      return at(
        'inserted',
        `history entry #${r.seq} (${r.entity} ${r.entity_id}) was appended outside the app: the head record ends at #${witness.seq}.`,
      );
    if (!hashOk || !linkOk) {
      const next = rows[i + 1];
      const linkedTo = r.hash !== null && successorOf.has(r.hash);
      if (next && next.prev_hash === prevHash && !linkedTo)
        return at('inserted', `history entry #${r.seq} (${r.entity} ${r.entity_id}) was inserted: it is not part of the chain.`);
      const before = rows[i - 1];
      if (before && r.prev_hash !== null && r.prev_hash === before.prev_hash)
        return {
          kind: 'inserted',
          seq: before.seq,
          entity: before.entity,
          entityId: before.entity_id,
          message: `history entry #${before.seq} (${before.entity} ${before.entity_id}) was inserted: the entry after it links past it.`,
        };
      const rightful = prevHash === null ? undefined : successorOf.get(prevHash);
      if (rightful && rightful !== r)
        return at(
          'reordered',
          `history entry #${r.seq} is out of order: the entry that follows #${prevSeq} is stored as #${rightful.seq}.`,
        );
      if (!hashOk)
        return at('edited', `history entry #${r.seq} (${r.entity} ${r.entity_id}) was edited: its content no longer matches its hash.`);
      return at('deleted', `the history entry before #${r.seq} is missing (deleted): #${r.seq} links to an entry that is not there.`);
    }
    prevHash = r.hash;
    prevSeq = r.seq;
  }
  const lastRow = rows.at(-1);
  if (lastRow && !witness)
    return {
      kind: 'truncated',
      seq: lastRow.seq,
      entity: null,
      entityId: null,
      message: 'the history head record is missing (truncated).',
    };
  if (witness && (!lastRow || witness.seq > lastRow.seq))
    return {
      kind: 'truncated',
      seq: (lastRow?.seq ?? 0) + 1,
      entity: null,
      entityId: null,
      message: `history truncated: the head records ${witness.seq} entries, ${lastRow?.seq ?? 0} remain (from #${(lastRow?.seq ?? 0) + 1} on).`,
    };
  if (witness && lastRow && (witness.seq !== lastRow.seq || witness.hash !== lastRow.hash))
    return {
      kind: 'inserted',
      seq: lastRow.seq,
      entity: lastRow.entity,
      entityId: lastRow.entity_id,
      message: `history entry #${lastRow.seq} was appended outside the app: the head record names #${witness.seq}.`,
    };
  return null;
}

/** Every live row must equal what its latest row entry recorded; every recorded row that was not deleted must still exist. */
function stateFailure(db: Database, rows: HistoryRow[]): Failure | null {
  // A bulk import's batch entry stands for one create per row it lists (bulk.ts).
  const latest = latestRowStates(rows.filter((r) => r.origin === 'row'));
  const seen = new Set<string>();
  for (const t of capturedTables(db)) {
    const where = t.skipSql ? ` WHERE NOT (${t.skipSql('t')})` : '';
    const live = db.prepare(`SELECT ${t.idSql('t')} AS id, ${t.stateSql('t')} AS state FROM main."${t.table}" AS t${where}`).all() as {
      id: string;
      state: string;
    }[];
    for (const row of live) {
      const key = `${t.entity}\u0000${row.id}`;
      seen.add(key);
      const entry = latest.get(key);
      const base = { kind: 'changed-without-entry' as const, entity: t.entity, entityId: row.id };
      if (!entry || entry.action === 'delete')
        return {
          ...base,
          seq: entry?.seq ?? null,
          message: `${t.entity} ${row.id} exists but the history has no entry that created it (changed without an entry).`,
        };
      if (entry.state_hash !== stateHash(row.state))
        return {
          ...base,
          seq: entry.seq,
          message: `${t.entity} ${row.id} differs from its last history entry #${entry.seq} (changed without an entry).`,
        };
    }
  }
  for (const [key, entry] of latest) {
    if (entry.action === 'delete' || seen.has(key)) continue;
    if (!capturedTables(db).some((t) => t.entity === entry.entity)) continue; // a table a newer version removed
    return {
      kind: 'changed-without-entry',
      seq: entry.seq,
      entity: entry.entity,
      entityId: entry.entity_id,
      message: `${entry.entity} ${entry.entity_id} is gone but the history never recorded its deletion (last entry #${entry.seq}; deleted without an entry).`,
    };
  }
  return null;
}
