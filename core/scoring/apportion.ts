/**
 * Largest-remainder rounding: split an integer total into parts proportional to `values`, so the
 * rounded parts add up to the total exactly. Used to make explanation lines sum to the score.
 */
export function apportion(values: number[], total: number): number[] {
  const n = values.length;
  if (n === 0) return [];
  let sum = 0;
  for (const v of values) sum += v;
  const out = new Array<number>(n).fill(0);
  if (sum <= 0 || total <= 0) return out;
  const frac = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (values[i]! / sum) * total;
    const f = Math.floor(exact);
    out[i] = f;
    frac[i] = exact - f;
    given += f;
  }
  let remainder = total - given;
  if (remainder <= 0) return out;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let k = 0; remainder > 0; k = (k + 1) % n, remainder--) out[order[k]!]! += 1;
  return out;
}
