// The order shards start in: the next shard comes from the rate key with the fewest shards in
// flight (ties: the one with most left to do), so every key is busy from the first second and the
// busiest keys (those that bound the scan) never wait behind a queue of other keys' shards.
export class ShardQueue<T> {
  private readonly pending = new Map<string, number[]>();
  private readonly active = new Map<string, number>();
  private left: number;

  constructor(
    private readonly items: readonly T[],
    keyOf: (item: T) => string,
  ) {
    items.forEach((item, index) => {
      const key = keyOf(item);
      let list = this.pending.get(key);
      if (!list) {
        list = [];
        this.pending.set(key, list);
        this.active.set(key, 0);
      }
      list.push(index);
    });
    // Shift from the front: keep each key's shards in the caller's order.
    for (const list of this.pending.values()) list.reverse();
    this.left = items.length;
  }

  get keys(): number {
    return this.pending.size;
  }

  /** The next shard's index and key, or undefined when all have started. */
  next(): { index: number; key: string } | undefined {
    if (this.left === 0) return undefined;
    let best: string | undefined;
    let bestActive = Number.POSITIVE_INFINITY;
    let bestLeft = 0;
    for (const [key, list] of this.pending) {
      if (list.length === 0) continue;
      const active = this.active.get(key)!;
      if (active < bestActive || (active === bestActive && list.length > bestLeft)) {
        best = key;
        bestActive = active;
        bestLeft = list.length;
      }
    }
    const index = this.pending.get(best!)!.pop()!;
    this.active.set(best!, bestActive + 1);
    this.left--;
    return { index, key: best! };
  }

  done(key: string): void {
    this.active.set(key, (this.active.get(key) ?? 1) - 1);
  }

  item(index: number): T {
    return this.items[index]!;
  }
}
