// `aimscan export` formats: the same findings (exportFindings) written for the tool that reads them.
import type { DriftReport } from "../model.ts";
import { type SecurityHubTarget, toAsff } from "./asff.ts";
import { exportFindings } from "./findings.ts";
import { junit } from "./junit-entry.ts";
import { type ExportRun, toOcsf } from "./ocsf.ts";
import { toSarif } from "./sarif.ts";

export { asffFinding, productArn, type SecurityHubTarget } from "./asff.ts";
export { type ExportFinding, exportFindings } from "./findings.ts";
export type { ExportRun } from "./ocsf.ts";

export const EXPORT_FORMATS = ["ocsf", "asff", "sarif", "junit"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function renderExport(
  report: DriftReport,
  format: ExportFormat,
  run: ExportRun,
  target?: SecurityHubTarget,
): string {
  switch (format) {
    case "ocsf":
      return toOcsf(exportFindings(report), run);
    case "asff":
      if (!target) throw new Error("asff needs the Security Hub account and region");
      return `${JSON.stringify(toAsff(exportFindings(report), run, target), null, 2)}\n`;
    case "sarif":
      return `${JSON.stringify(toSarif(exportFindings(report), run), null, 2)}\n`;
    case "junit":
      return junit(report, run);
  }
}
