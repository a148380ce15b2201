// The usage window every model-usage scanner reads: whole UTC days ending with today, so every shard
// of a night (and every cloud) sums the same days.
export const DAY_MS = 86_400_000;

export function usageWindow(now: Date, days: number): { start: Date; end: Date } {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  return { start: new Date(end.getTime() - days * DAY_MS), end };
}

/** UTC midnight of the day holding `t`, as ISO. */
export const dayOf = (t: number) => new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString();
