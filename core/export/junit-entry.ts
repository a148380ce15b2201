// JUnit counts the checks that passed too, so it takes the passing results as well.
import type { DriftReport } from "../model.ts";
import { exportFindings } from "./findings.ts";
import { toJunit } from "./junit.ts";
import type { ExportRun } from "./ocsf.ts";

export const junit = (report: DriftReport, run: ExportRun) =>
  toJunit(exportFindings(report, { passes: true }), run);
