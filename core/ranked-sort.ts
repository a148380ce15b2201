// Sorting many records by a few string fields that repeat: each field's distinct values are sorted
// once (the engine's own string sort, no callback) and replaced by their rank, and the records are
// ordered by one number per record (a typed array's native sort). A night's 636k policy results
// name ~30 policies and 100k assets: comparing their strings pairwise took ~1.4–2 s, this ~0.3 s.

/**
 * Sorts `list` in place by `fields` (the first, then the next on ties), each compared by UTF-16
 * code units as `<` does; stable, as `Array.prototype.sort` with that comparator would be.
 */
export function sortByFields<T>(
  list: T[],
  fields: readonly ((t: T) => string)[],
  /** The largest number a key may reach (tests lower it to take the other paths). */
  exact = Number.MAX_SAFE_INTEGER,
): T[] {
  const n = list.length;
  if (n < 2) return list;
  const ranks = fields.map((field) => rankOf(list, field));
  // One number per record: its ranks in mixed radix, exact while below 2^53.
  let span = 1;
  for (const r of ranks) span *= r.distinct;
  // Past that (it takes billions of distinct values) the comparator does it.
  if (span > exact) return list.sort(comparator(fields));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const r of ranks) key = key * r.distinct + r.of[i]!;
    keys[i] = key;
  }
  const copy = list.slice();
  if (span * n <= exact) {
    // With its position below the ranks (stability), each key sorts natively, no callback.
    for (let i = 0; i < n; i++) keys[i] = keys[i]! * n + i;
    keys.sort();
    for (let k = 0; k < n; k++) list[k] = copy[keys[k]! % n]!;
    return list;
  }
  // Millions of records over many values: positions sorted by their key, ties by position.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  for (let k = 0; k < n; k++) list[k] = copy[order[k]!]!;
  return list;
}

/** Each record's rank among the distinct values of one field. */
function rankOf<T>(list: readonly T[], field: (t: T) => string): { of: Uint32Array; distinct: number } {
  const index = new Map<string, number>();
  const values: string[] = [];
  const of = new Uint32Array(list.length);
  // Which value followed each value last time: results come policy by policy, each policy's over
  // the same assets in the same order, so the guess is almost always right and a 100k-entry map
  // look-up (~0.3 µs) becomes a comparison of two references. A wrong guess only costs the look-up.
  const next: number[] = [];
  let prev = -1;
  for (let i = 0; i < list.length; i++) {
    const v = field(list[i]!);
    let at = prev >= 0 ? next[prev]! : -1;
    if (at < 0 || values[at] !== v) {
      at = index.get(v) ?? -1;
      if (at < 0) {
        at = values.length;
        index.set(v, at);
        values.push(v);
        next.push(-1);
      }
      if (prev >= 0) next[prev] = at;
    }
    of[i] = at;
    prev = at;
  }
  // Without a comparator, sort compares strings by UTF-16 code units, as `<` does.
  const sorted = values.sort();
  const rank = new Uint32Array(sorted.length);
  for (let r = 0; r < sorted.length; r++) rank[index.get(sorted[r]!)!] = r;
  for (let i = 0; i < of.length; i++) of[i] = rank[of[i]!]!;
  return { of, distinct: values.length };
}

function comparator<T>(fields: readonly ((t: T) => string)[]) {
  return (a: T, b: T) => {
    for (const f of fields) {
      const x = f(a);
      const y = f(b);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}
