/**
 * Largest-remainder rounding: split an integer total into parts proportional to `values`, so the
 * rounded parts add up to the total exactly. Used to make explanation lines sum to the score.
 */
export function apportion(values: number[], total: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.length === 0) return [];
  if (sum <= 0 || total <= 0) return values.map(() => 0);
  const scaled = values.map((v) => (v / sum) * total);
  const floors = scaled.map(Math.floor);
  let remainder = total - floors.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((v, i) => ({ i, frac: v - Math.floor(v) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; remainder > 0 && order.length > 0; k = (k + 1) % order.length, remainder--) {
    const idx = order[k]!.i;
    floors[idx] = floors[idx]! + 1;
  }
  return floors;
}
