/**
 * Case- and space-insensitive key used to refuse duplicate names within a workspace and to match
 * imported records to existing ones. One definition: the store's unique `name_key` column and the
 * import planner must agree, or an import would plan an "update" the database then refuses.
 * Memoised because an import of 100k grants computes it for three names per row.
 */
const keyCache = new Map<string, string>();
export const nameKey = (name: string): string => {
  let k = keyCache.get(name);
  if (k === undefined) {
    k = name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (keyCache.size > 50_000) keyCache.clear();
    keyCache.set(name, k);
  }
  return k;
};
