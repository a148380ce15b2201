// Security Hub BatchImportFindings (REST-JSON, POST /findings/import): refuses more than 100
// findings a call as the real API does, checks each finding's required ASFF fields (a bad one is a
// FailedFindings entry, the rest are imported) and records what was imported for the tests.
import { route } from "./bedrock.ts";
import type { Handler } from "./state.ts";
import { AwsError } from "./wire.ts";

export const securityHubRoutes = [route("POST /findings/import", "BatchImportFindings")];

const REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "CreatedAt",
  "UpdatedAt",
  "Severity",
  "Title",
  "Description",
  "Resources",
];

export const securityHubHandlers: Record<string, Handler> = {
  BatchImportFindings: (call, state) => {
    const findings = call.input.Findings as Record<string, unknown>[] | undefined;
    if (!Array.isArray(findings) || findings.length < 1 || findings.length > 100)
      throw new AwsError("InvalidInputException", "Findings must hold 1 to 100 findings");
    const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const f of findings) {
      const missing = REQUIRED.filter((k) => f[k] === undefined);
      if (missing.length > 0) {
        failed.push({
          Id: String(f.Id ?? ""),
          ErrorCode: "InvalidInput",
          ErrorMessage: `missing ${missing.join(", ")}`,
        });
        continue;
      }
      const workflow = (f.Workflow as { Status?: string } | undefined)?.Status ?? "NEW";
      state.published.push({
        service: "securityhub",
        target: String(f.ProductArn),
        message: JSON.stringify(f),
        attributes: { id: String(f.Id), workflow, recordState: String(f.RecordState ?? "ACTIVE") },
      });
    }
    return {
      FailedCount: failed.length,
      SuccessCount: findings.length - failed.length,
      FailedFindings: failed,
    };
  },
};
