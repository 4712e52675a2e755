/**
 * The order `readInventory` lists grants in (by agent id, each agent's by creation time, ties in
 * insertion order: `ORDER BY agent_id, created_at, rowid`), computed in memory from a plain table
 * scan. Asking SQLite for that order walks the agent index and fetches every row from the table by
 * rowid (a random page access per grant) and sorts each agent's rows: at 100k grants that cost
 * about twice the scan itself. Grouping 100k rows here costs a few milliseconds.
 */

/**
 * Compares two strings as SQLite's BINARY collation does (bytes of UTF-8, which is code point
 * order). JavaScript's `<` compares UTF-16 code units, which differs only where one side has a
 * surrogate (U+10000 and above) and the other a unit in U+E000-U+FFFF; those are fixed up.
 */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i));
}
/** A UTF-16 unit's place in code point order: surrogates (U+10000 and above) after U+E000-U+FFFF. */
const codePointRank = (u: number): number => (u < 0xd800 ? u : u >= 0xe000 ? u - 0x800 : u + 0x2000);

/**
 * Positions of `rows` (given in rowid order) in `ORDER BY agent_id, created_at, rowid` order.
 * `agentIdOf` / `createdAtOf` read a row's columns.
 */
export function grantOrder<T>(rows: readonly T[], agentIdOf: (row: T) => string, createdAtOf: (row: T) => string): Int32Array {
  const n = rows.length;
  // Each row's agent as a group number; rows of one agent usually come together, so the Map is asked once per run of them.
  const groupOf = new Map<string, number>();
  const ids: string[] = [];
  const counts: number[] = [];
  const group = new Int32Array(n);
  let lastId: string | undefined;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const id = agentIdOf(rows[i]!);
    if (id !== lastId) {
      let g = groupOf.get(id);
      if (g === undefined) {
        g = ids.length;
        groupOf.set(id, g);
        ids.push(id);
        counts.push(0);
      }
      lastId = id;
      last = g;
    }
    group[i] = last;
    counts[last]!++;
  }
  // Groups in agent id order, then each row at its group's next place (rowid order within a group).
  const byId = Array.from(ids, (_, g) => g).sort((x, y) => compareBinary(ids[x]!, ids[y]!));
  const next = new Int32Array(ids.length);
  let start = 0;
  for (const g of byId) {
    next[g] = start;
    start += counts[g]!;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[group[i]!]!++] = i;
  // Within an agent by creation time; a stable sort keeps rowid order for equal times. Rows are
  // usually created in rowid order already, so most groups are only checked.
  start = 0;
  for (const g of byId) {
    const end = start + counts[g]!;
    let sorted = true;
    for (let k = start + 1; k < end && sorted; k++)
      sorted = compareBinary(createdAtOf(rows[order[k - 1]!]!), createdAtOf(rows[order[k]!]!)) <= 0;
    if (!sorted) {
      const part = Array.from(order.subarray(start, end)).sort((x, y) => compareBinary(createdAtOf(rows[x]!), createdAtOf(rows[y]!)));
      order.set(part, start);
    }
    start = end;
  }
  return order;
}
