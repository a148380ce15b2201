// Validators for the export tests: SARIF by the OASIS schema, OCSF by JSON Schema generated from
// the OCSF 1.2.0 definitions, ASFF by the fields BatchImportFindings documents as required.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { ocsfClassSchema } from "./ocsf-schema.ts";

const ajv = new Ajv({ allErrors: true, strict: false });

const sarifSchema = (() => {
  const raw = JSON.parse(
    readFileSync(join(import.meta.dirname, "schemas", "sarif-schema-2.1.0.json"), "utf8"),
  );
  const { $schema: _draft04, id, ...rest } = raw;
  return { $id: id, ...rest };
})();
const sarif = ajv.compile(sarifSchema);
const ocsf = {
  2003: ajv.compile(ocsfClassSchema("compliance_finding")),
  2004: ajv.compile(ocsfClassSchema("detection_finding")),
};

const explain = (errors: unknown) => JSON.stringify(errors, null, 1).slice(0, 2000);

export function sarifProblems(log: unknown): string | undefined {
  return sarif(log) ? undefined : explain(sarif.errors);
}

export function ocsfProblems(event: { class_uid?: unknown }): string | undefined {
  const check = ocsf[event.class_uid as 2003 | 2004];
  if (!check) return `class_uid ${String(event.class_uid)} is not a Compliance or Detection Finding`;
  return check(event) ? undefined : explain(check.errors);
}

const ASFF_REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "Types",
  "CreatedAt",
  "UpdatedAt",
  "Severity",
  "Title",
  "Description",
  "Resources",
];

/** The BatchImportFindings rules: required fields, their limits, and the enumerated values. */
export function asffProblems(f: Record<string, any>): string | undefined {
  const missing = ASFF_REQUIRED.filter((k) => f[k] === undefined);
  if (missing.length) return `missing ${missing.join(", ")}`;
  const problems: string[] = [];
  if (f.SchemaVersion !== "2018-10-08") problems.push("SchemaVersion");
  if (!/^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/.test(f.ProductArn))
    problems.push("ProductArn");
  if (!/^\d{12}$/.test(f.AwsAccountId)) problems.push("AwsAccountId");
  if (f.Id.length > 512 || f.GeneratorId.length > 512) problems.push("Id/GeneratorId length");
  if (f.Title.length > 256 || f.Description.length > 1024) problems.push("Title/Description length");
  if (!Array.isArray(f.Types) || f.Types.length === 0 || f.Types.length > 50) problems.push("Types");
  for (const t of ["CreatedAt", "UpdatedAt"]) if (Number.isNaN(Date.parse(f[t]))) problems.push(t);
  if (!["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"].includes(f.Severity.Label))
    problems.push("Severity");
  if (!Array.isArray(f.Resources) || f.Resources.length < 1 || f.Resources.length > 32)
    problems.push("Resources");
  for (const r of f.Resources ?? []) if (!r.Type || !r.Id) problems.push("Resources[].Type/Id");
  if (f.Workflow && !["NEW", "NOTIFIED", "SUPPRESSED", "RESOLVED"].includes(f.Workflow.Status))
    problems.push("Workflow");
  if (f.RecordState && !["ACTIVE", "ARCHIVED"].includes(f.RecordState)) problems.push("RecordState");
  if (f.Compliance && !["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"].includes(f.Compliance.Status))
    problems.push("Compliance.Status");
  return problems.length ? problems.join(", ") : undefined;
}
