/**
 * Roll-ups and top risks kept by delta (incremental scoring, issue 16): an agent's old numbers are
 * taken out and its new ones put in, so one edit costs O(its grants + areas), not O(workspace).
 * Both give exactly what `rollup` and `topRisks` (rollup.ts) compute from scratch.
 */
import type { AgentScore, Rollup } from './types';
import type { ControlArea } from '../checklist/schema';

/** The sums behind one roll-up: counts, score sum, a count per score (for the minimum), area sums. */
export class RollupSums {
  count = 0;
  openFindings = 0;
  scoreSum = 0;
  readonly verdicts = { ready: 0, conditional: 0, 'not-ready': 0 };
  private readonly perScore = new Map<number, number>();
  readonly areaSum: Float64Array;
  readonly areaCount: Int32Array;

  constructor(nAreas: number) {
    this.areaSum = new Float64Array(nAreas);
    this.areaCount = new Int32Array(nAreas);
  }

  /** Adds (sign 1) or removes (sign -1) one agent; `areaScores[off + k]` is its area k score (NaN: none). */
  add(a: AgentScore, areaScores: Float64Array, off: number, sign: 1 | -1): void {
    this.count += sign;
    this.openFindings += sign * a.openFindings;
    this.scoreSum += sign * a.score;
    this.verdicts[a.verdict] += sign;
    const n = (this.perScore.get(a.score) ?? 0) + sign;
    if (n === 0) this.perScore.delete(a.score);
    else this.perScore.set(a.score, n);
    for (let k = 0; k < this.areaSum.length; k++) {
      const s = areaScores[off + k]!;
      if (Number.isNaN(s)) continue;
      this.areaSum[k]! += sign * s;
      this.areaCount[k]! += sign;
    }
  }

  /** The same object `rollup` builds. */
  toRollup(areas: ControlArea[]): Rollup {
    let min = Infinity;
    for (const s of this.perScore.keys()) if (s < min) min = s;
    const n = this.count;
    return {
      agentCount: n,
      meanScore: n === 0 ? null : Math.round(this.scoreSum / n),
      minScore: n ? min : null,
      verdicts: { ...this.verdicts },
      areas:
        n === 0
          ? []
          : areas.map((area, k) => ({ area, score: this.areaCount[k]! === 0 ? null : Math.round(this.areaSum[k]! / this.areaCount[k]!) })),
      openFindings: this.openFindings,
    };
  }
}

/** Candidate ids: row x 2^20 + grant position (an agent holds fewer than a million grants). */
const ROW = 2 ** 20;
/** Bucket key: risk (0-100) x 101 + blast (0-100), so a higher key ranks first. */
const KEYS = 101 * 101;

/**
 * Every grant's top-risk ranking key, in buckets by (risk, blast). Ranking reads buckets from the
 * highest down and sorts only the few it takes from; updating an agent moves only its grants.
 */
export class TopRiskIndex {
  private readonly buckets = new Array<Set<number> | undefined>(KEYS);
  private readonly keysOf: (Int32Array | undefined)[] = [];
  private readonly findingsOf: (Int32Array | undefined)[] = [];

  /** Replaces the row's grants: blast radius and open findings per grant, with the agent's readiness gap. */
  setRow(row: number, gap: number, blast: ArrayLike<number>, findings: ArrayLike<number>): void {
    const old = this.keysOf[row];
    if (old) for (let i = 0; i < old.length; i++) this.buckets[old[i]!]!.delete(row * ROW + i);
    const keys = new Int32Array(blast.length);
    for (let i = 0; i < blast.length; i++) {
      const b = blast[i]!;
      const key = Math.round((b * gap) / 100) * 101 + b;
      keys[i] = key;
      (this.buckets[key] ??= new Set()).add(row * ROW + i);
    }
    this.keysOf[row] = keys;
    this.findingsOf[row] = Int32Array.from(findings);
  }

  /** The best `limit` (row, grant position, risk, blast), in `topRisks`' order (`nameOf`: the row's agent name). */
  top(limit: number, nameOf: (row: number) => string): { row: number; grant: number; risk: number; blast: number }[] {
    const out: { row: number; grant: number; risk: number; blast: number }[] = [];
    for (let key = KEYS - 1; key >= 0 && out.length < limit; key--) {
      const b = this.buckets[key];
      if (!b || b.size === 0) continue;
      const ids = [...b];
      const f = (id: number) => this.findingsOf[Math.floor(id / ROW)]![id % ROW]!;
      // Same risk and blast: more findings first, then the agent's name, then the order of a full run.
      ids.sort((x, y) => f(y) - f(x) || nameOf(Math.floor(x / ROW)).localeCompare(nameOf(Math.floor(y / ROW))) || x - y);
      for (const id of ids) {
        if (out.length === limit) break;
        out.push({ row: Math.floor(id / ROW), grant: id % ROW, risk: Math.floor(key / 101), blast: key % 101 });
      }
    }
    return out;
  }
}
