// A benchmark result: one figure against its target. Benches print these; they never assert.
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "< 2000" or "≤ 1.5×". */
  target: string;
  met: boolean;
}

export function printFigures(figures: Figure[]): void {
  for (const f of figures)
    console.log(
      `${f.figure}: ${f.value} ${f.unit} (target ${f.target} ${f.unit}: ${f.met ? "met" : "NOT met"})`,
    );
}

/** True when this module is the script node was started with (bench files run alone or from bench/all.ts). */
export function isMain(url: string): boolean {
  return url === `file://${process.argv[1]}`;
}
