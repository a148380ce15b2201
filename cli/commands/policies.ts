// `aimscan policies test [DIR]` runs policy fixtures like `opa test` (exit 0 all pass, 1 any fail,
// 2 bad input); `aimscan policies list` shows the loaded checks with severity and ISO controls.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { loadPolicies } from "../../core/policy/index.ts";
import { runPolicyTests } from "../../core/policy/testing.ts";
import { action, defaultFormat } from "../action.ts";
import { formatOption } from "./options.ts";

/** The built-in fixtures ship beside the packs; found from this file, not the working directory. */
export function builtinFixtureDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, "policies", "tests");
    if (existsSync(candidate)) return candidate;
  }
  return join("policies", "tests");
}

export function register(program: Command): void {
  const policies = program
    .command("policies")
    .description("policy-as-code: list the checks, run their tests");

  policies
    .command("test [dir]")
    .description("run policy test fixtures (*.test.yaml) in DIR (default: the built-in fixtures)")
    .option("--policies <packs...>", "packs to test besides those found in DIR", ["builtin"])
    .option("-v, --verbose", "print every case, not only failures")
    .action(
      action((dir: string | undefined, opts: { policies: string[]; verbose?: boolean }) => {
        const report = runPolicyTests(dir ?? builtinFixtureDir(), { refs: opts.policies });
        const out: string[] = [];
        for (const o of report.outcomes) {
          if (o.ok && !opts.verbose) continue;
          const head = `${o.ok ? "PASS" : "FAIL"} ${o.file}:${o.line}: ${o.policyId}: ${o.name}`;
          out.push(
            o.ok
              ? head
              : `${head}\n     expected ${o.expected}, got ${o.actual}${o.message ? ` (${o.message})` : ""}`,
          );
        }
        const tested = report.coverage.size - report.uncovered.length;
        out.push(
          `${report.failed === 0 ? "PASS" : "FAIL"}: ${report.passed}/${report.outcomes.length} expectations; ` +
            `${tested}/${report.coverage.size} policies have a passing and a failing fixture`,
        );
        if (report.uncovered.length > 0)
          out.push(`without a passing and a failing fixture: ${report.uncovered.join(", ")}`);
        process.stdout.write(`${out.join("\n")}\n`);
        return report.failed === 0 ? 0 : 1;
      }),
    );

  policies
    .command("list")
    .description("list the loaded policies with severity, ISO/IEC 42001 controls, title and remediation")
    .option("--policies <packs...>", "policy packs: builtin and/or files and folders", ["builtin"])
    .addOption(formatOption(["table", "json"]))
    .action(
      action((opts: { policies: string[]; format?: string }) => {
        const set = loadPolicies(opts.policies);
        const rows = set.policies.map((p) => ({
          id: p.id,
          severity: p.severity,
          controls: p.controls,
          title: p.title,
          remediation: p.remediation?.trim() ?? null,
          source: `${p.source.file}:${p.source.line}`,
        }));
        if ((opts.format ?? defaultFormat()) === "json") {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return 0;
        }
        const width = Math.max(...rows.map((r) => r.id.length), 2);
        const indent = " ".repeat(width + 2);
        // Title and fix go under the row: they are sentences, too long to be columns.
        const lines = rows.map((r) =>
          [
            `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.controls.map((c) => c.replace("ISO42001:", "")).join(" ")}`,
            `${indent}${r.title}`,
            ...(r.remediation ? [`${indent}fix: ${r.remediation.replace(/\s+/g, " ")}`] : []),
          ].join("\n"),
        );
        process.stdout.write(`${[`${"id".padEnd(width)}  severity  controls`, ...lines].join("\n")}\n`);
        return 0;
      }),
    );
}
