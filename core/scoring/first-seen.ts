/**
 * "Which earlier position had an equal string?" for up to millions of keys, without a Map entry
 * per key. Scoring asks this once per grant for its credential identity (10k agents hold 100k
 * grants, nearly every identity unique): a JS Map spends most of its time on cache misses in its
 * chained buckets there, and this open-addressing table of positions in one Int32Array takes about
 * half the time. Keys are compared by value, so equal strings from different rows match.
 * Each slot keeps the key's hash next to its position, so a probe that lands on another key (about
 * a third of first probes at this load) is told apart by one number in the same cache line instead
 * of a string comparison that reads the other key from elsewhere in the heap.
 */
export class FirstSeen {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keys: string[];

  /** `capacity`: the most keys that will be added. */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size * 2); // [position + 1, hash] per slot
    this.mask = size - 1;
    this.keys = new Array<string>(capacity);
  }

  /** The position first added with a key equal to `key`; or -1, after recording `pos` as that first position. */
  firstOrAdd(key: string, pos: number): number {
    // FNV-1a over UTF-16 code units; linear probing (the table is at most half full).
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    h |= 0;
    for (let slot = (h >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = this.slots[slot * 2]!;
      if (v === 0) {
        this.slots[slot * 2] = pos + 1;
        this.slots[slot * 2 + 1] = h;
        this.keys[pos] = key;
        return -1;
      }
      if (this.slots[slot * 2 + 1] === h && this.keys[v - 1] === key) return v - 1;
    }
  }
}
