// JUnit XML for CI: one test suite per rule, one test case per asset it checked. A failing or
// erroring result is a <failure>/<error> with the remediation; a waived one is <skipped>. Resolved
// findings are not current, so they are not test cases.
import type { ExportFinding } from "./findings.ts";
import type { ExportRun } from "./ocsf.ts";

const xml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "?")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

export function toJunit(findings: readonly ExportFinding[], run: ExportRun): string {
  const current = findings.filter((f) => f.state !== "resolved");
  const suites = new Map<string, ExportFinding[]>();
  for (const f of current) suites.set(f.ruleId, [...(suites.get(f.ruleId) ?? []), f]);
  const count = (fs: ExportFinding[], s: (f: ExportFinding) => boolean) => fs.filter(s).length;
  const failed = (f: ExportFinding) => f.status === "fail" || f.kind === "drift";
  const errored = (f: ExportFinding) => f.status === "error";
  const skipped = (f: ExportFinding) => f.status === "waived";
  const body = [...suites].map(([rule, fs]) => {
    const cases = fs.map((f) => {
      const name = xml(f.assetId ?? f.title);
      const text = xml([f.description, f.remediation && `Fix: ${f.remediation}`].filter(Boolean).join("\n"));
      const inner = failed(f)
        ? `<failure type="${f.severity}" message="${xml(f.title)}">${text}</failure>`
        : errored(f)
          ? `<error type="${f.severity}" message="${xml(f.title)}">${text}</error>`
          : skipped(f)
            ? `<skipped message="${xml(f.description)}"/>`
            : "";
      return `    <testcase classname="${xml(rule)}" name="${name}" time="0">${inner}</testcase>`;
    });
    return [
      `  <testsuite name="${xml(rule)}" tests="${fs.length}" failures="${count(fs, failed)}" errors="${count(fs, errored)}" skipped="${count(fs, skipped)}" timestamp="${xml(run.generatedAt.replace(/Z$/, ""))}">`,
      ...cases,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aimscan ${xml(run.runId)}" tests="${current.length}" failures="${count(current, failed)}" errors="${count(current, errored)}" skipped="${count(current, skipped)}">`,
    ...body,
    "</testsuites>",
    "",
  ].join("\n");
}
