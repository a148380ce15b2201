// A benchmark result: one figure against its target. Benches print these; they never assert.
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "< 2000" or "≤ 1.5×". */
  target: string;
  met: boolean;
}

/** bench/all.ts runs each bench in its own process and reads this line back. */
export const FIGURES_PREFIX = "AIMSCAN_FIGURES ";

export function printFigures(figures: Figure[]): void {
  if (process.env.AIMSCAN_BENCH_JSON) {
    console.log(FIGURES_PREFIX + JSON.stringify(figures));
    return;
  }
  for (const f of figures)
    console.log(
      `${f.figure}: ${f.value} ${f.unit} (target ${f.target} ${f.unit}: ${f.met ? "met" : "NOT met"})`,
    );
}

/** True when this module is the script node was started with (bench files run alone or from bench/all.ts). */
export function isMain(url: string): boolean {
  return url === `file://${process.argv[1]}`;
}
