/**
 * Area sums of many agents in three flat arrays (one row per agent): the roll-ups read them
 * directly, and an agent's `areas` objects are made only when someone reads them.
 */
import type { ControlArea } from '../checklist/schema';
import type { AreaScore } from './types';

export class AreaTable {
  readonly earned: Float64Array;
  readonly possible: Float64Array;
  readonly applicable: Int32Array;

  constructor(
    readonly areas: ControlArea[],
    rows: number,
  ) {
    this.earned = new Float64Array(rows * areas.length);
    this.possible = new Float64Array(rows * areas.length);
    this.applicable = new Int32Array(rows * areas.length);
  }

  /** Score (0-100) of area k in row r; null when nothing in the area applies. */
  score(r: number, k: number): number | null {
    const i = r * this.areas.length + k;
    const p = this.possible[i]!;
    return this.applicable[i]! > 0 && p > 0 ? Math.round((this.earned[i]! * 100) / p) : null;
  }

  /** The `areas` of an agent's result, from row r. */
  objects(r: number): AreaScore[] {
    const n = this.areas.length;
    const out = new Array<AreaScore>(n);
    for (let k = 0; k < n; k++) {
      const i = r * n + k;
      out[k] = {
        area: this.areas[k]!,
        score: this.score(r, k),
        applicable: this.applicable[i]!,
        earned: this.earned[i]!,
        possible: this.possible[i]!,
      };
    }
    return out;
  }
}
