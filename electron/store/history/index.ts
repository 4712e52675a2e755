/**
 * The append-only, hash-chained change history of a workspace (issue 11). Entries are appended
 * only by `writeTransaction` (store/mutate) and by schema upgrades; this folder owns the history
 * tables' SQL. See README.md.
 */
export { historyHead, listHistory, allHistory, historyFacets, hasHistory, historyRows, lastSeqAt } from './queries';
export { verifyHistory } from './verify';
export { recordUnrecordedState, SYSTEM_ACTOR } from './baseline';
export { ensureCapture, discardPending, takePending } from './capture';
export { appendEntries, entriesOfRows, type EntryContext, type NewEntry } from './append';
export { bulkCreates, takeBatches, BATCH_ID, BULK_HISTORY_MIN } from './bulk';
