/**
 * Live-fire drills (issue 15): the public API for the doors. See README.md beside this file.
 */
export { LiveFireDrill, type LiveFireEvent, type LiveFireOptions } from './drill';
export type { ContainmentCheck, ContainmentResult } from './contain';
export type { RecoveryVerification } from './recovery';
export { childScriptsIn, liveChildren, pidAlive, type ChildScripts } from './processes';
export { SqliteSandbox } from '../../store/sandbox/sqlite-sandbox';
export type { DrillSandbox, BackupRecord, RogueGrant } from '../../store/sandbox/types';
export type { ConsoleResult } from '../../store/sandbox/console';
export type { StatementLogEntry } from '../../store/sandbox/rogue-exec';
export type { CustomerView, SandboxSnapshot, TableVerification } from '../../store/sandbox/snapshot';
export { SandboxSpec, rogueTimeline } from '../../../core/drills/live-fire';
export { checkConsoleQuery, checkRogueStatement, checkSandboxPath } from '../../../core/drills/live-fire-guard';
export { recheckSandbox, type SandboxRecheck } from './resume';
