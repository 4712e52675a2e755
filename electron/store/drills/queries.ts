/**
 * Read-only queries over drill records for the history screen and for reports (issue 5).
 * Everything returned is plain, JSON-serialisable data.
 */
import type { Database } from 'better-sqlite3';
import { describeCorrection, type CorrectionFacts } from '../../../core/drills/correction-text';
import type { DrillMeasures } from '../../../core/drills/measures';
import type { Aar, DrillHistory, DrillHistoryRow, TrendSeries } from '../../../core/drills/model';
import { getAar, listCorrectiveActions } from './aar';
import { listDrills, type DrillRecord } from './records';

export type DrillFilter = { scenarioId?: string | null; agentId?: string | null };

/** A completed drill with everything a report needs. */
export type CompletedDrillReport = {
  drill: DrillRecord['summary'];
  scenarioTitle: string;
  measures: DrillMeasures;
  aar: Aar | null;
  /** Corrections to the record, as sentences, in the order they were made. */
  corrections: string[];
};

/** A drill's correction events as sentences ("Entry 5 (Detected) retimed to T+02:30 by Ana (Facilitator): ..."). */
export function drillCorrections(db: Database, drillId: string): string[] {
  const rows = db
    .prepare("SELECT payload_json FROM drill_events WHERE drill_id = ? AND type = 'correction' ORDER BY seq")
    .all(drillId) as Array<{
    payload_json: string;
  }>;
  return rows.map((r) => describeCorrection(JSON.parse(r.payload_json) as CorrectionFacts));
}

function toRow(db: Database, d: DrillRecord, openByDrill: Map<string, number>): DrillHistoryRow {
  const m = d.frozenMeasures;
  const aar =
    d.summary.status === 'completed'
      ? (db.prepare('SELECT signed_off_at FROM drill_aars WHERE drill_id = ?').get(d.summary.id) as
          { signed_off_at: string | null } | undefined)
      : undefined;
  return {
    drill: d.summary,
    ttdMs: m?.ttd?.scenarioMs ?? null,
    ttcMs: m?.ttc?.scenarioMs ?? null,
    ttrMs: m?.ttr?.scenarioMs ?? null,
    decisionAccuracy: m?.decisionAccuracy ?? null,
    onTime: m?.onTime ?? 0,
    late: m?.late ?? 0,
    missed: m?.missed ?? 0,
    dataLossMinutes: m?.dataLoss?.minutes ?? null,
    withinRpo: m?.dataLoss?.withinRpo ?? null,
    aarSignedOff: !!aar?.signed_off_at,
    openCorrectiveActions: openByDrill.get(d.summary.id) ?? 0,
  };
}

const toMin = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);

/**
 * History: every drill (newest first) with its headline measures, filtered by scenario and/or
 * agent, plus TTD/TTC/TTR trend series (minutes on the scenario clock, oldest first) per scenario
 * and per agent, built from completed drills only.
 */
export function drillHistory(db: Database, filter: DrillFilter = {}): DrillHistory {
  return db.transaction(() => {
    const drills = listDrills(db, filter);
    const openByDrill = new Map<string, number>();
    for (const a of listCorrectiveActions(db, { status: 'open' })) openByDrill.set(a.drillId, (openByDrill.get(a.drillId) ?? 0) + 1);
    const rows = drills.map((d) => toRow(db, d, openByDrill));
    const completed = rows
      .filter((r) => r.drill.status === 'completed')
      .slice()
      .reverse();
    const series = (keyOf: (r: DrillHistoryRow) => Array<{ key: string; label: string }>): TrendSeries[] => {
      const map = new Map<string, TrendSeries>();
      for (const r of completed) {
        for (const k of keyOf(r)) {
          const s = map.get(k.key) ?? { key: k.key, label: k.label, points: [] };
          s.points.push({
            drillId: r.drill.id,
            date: (r.drill.completedAt ?? r.drill.createdAt).slice(0, 10),
            ttdMin: toMin(r.ttdMs),
            ttcMin: toMin(r.ttcMs),
            ttrMin: toMin(r.ttrMs),
          });
          map.set(k.key, s);
        }
      }
      return [...map.values()].sort((a, b) => a.label.localeCompare(b.label));
    };
    return {
      rows,
      byScenario: series((r) => [{ key: r.drill.scenarioId, label: r.drill.scenarioTitle }]),
      byAgent: series((r) => r.drill.agents.map((a) => ({ key: a.id, label: a.name }))),
    };
  })();
}

/**
 * Completed drills with their frozen measures and AAR, newest first. For reports: a completed
 * drill's record never changes, so these values are stable.
 */
export function completedDrillReports(db: Database, filter: DrillFilter = {}): CompletedDrillReport[] {
  return db.transaction(() =>
    listDrills(db, { ...filter, statuses: ['completed'] })
      .filter((d) => d.frozenMeasures)
      .map((d) => ({
        drill: d.summary,
        scenarioTitle: d.summary.scenarioTitle,
        measures: d.frozenMeasures!,
        aar: getAar(db, d.summary.id),
        corrections: drillCorrections(db, d.summary.id),
      })),
  )();
}
