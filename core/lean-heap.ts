// A night holds ~300 MB live at 100k assets and streams ~1 GB of evidence text through it. Left to
// its heuristic, V8 lets the heap grow up to 4× what survived the last full collection before it
// collects again, so the process peaked at 0.7–1.2 GB RSS with most of it garbage. For the night,
// the growth per cycle is held to 20% (V8's --heap-growing-percent, which it reads at every
// collection, so it can be set while running): measured on a quiet 100k night, peak RSS 818 → 667–
// 677 MB for 6–12% more CPU (more, smaller collections). The flag is V8's process-wide setting; it
// is put back to the heuristic when the last night in the process ends, and left alone when the
// user chose a value (NODE_OPTIONS or the node command line).
//
// V8 applies the flag to the limit it computes at its next full collection, not to the one in
// force: set after the snapshot is loaded, a limit already computed with the heuristic (from the
// snapshot's parse) let a quiet 100k night reach 653 MB instead of 507 (bench/night-rss.ts, store
// in its own process). So whoever loads or assembles the snapshot holds the lean heap from before
// it (cli/night.ts around the scan, the finish Lambda around reading the batches' results);
// finishNight holds it too, for callers that hand it a snapshot they already had.
import { setFlagsFromString } from "node:v8";

export const NIGHT_HEAP_GROWING_PERCENT = 20;
const FLAG = "heap-growing-percent";
const chosen = (s: string | undefined) =>
  s !== undefined && (s.includes(`--${FLAG}`) || s.includes(`--${FLAG.replaceAll("-", "_")}`));

let nights = 0;

/** How many nights hold the lean heap now (0: V8's heuristic is in force, or the user's value). */
export function leanNights(): number {
  return nights;
}

/** Runs `fn` with V8's heap growth held to NIGHT_HEAP_GROWING_PERCENT a cycle. */
export async function withLeanHeap<T>(
  fn: () => Promise<T>,
  set: (flags: string) => void = setFlagsFromString,
  userFlags: string = [process.env.NODE_OPTIONS ?? "", ...process.execArgv].join(" "),
): Promise<T> {
  if (chosen(userFlags)) return fn();
  if (nights++ === 0) set(`--${FLAG}=${NIGHT_HEAP_GROWING_PERCENT}`);
  try {
    return await fn();
  } finally {
    // 0 is V8's default: its own heuristic.
    if (--nights === 0) set(`--${FLAG}=0`);
  }
}
