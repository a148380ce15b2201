// The sample run with `count` more failures of its high-severity policy, one per asset: enough
// findings for the report's paging, filters and print layout to matter.
import type { EvidenceInput } from "../../../core/evidence/index.ts";
import { sampleInput } from "./fixtures.ts";

export function manyFindings(dir: string, count: number): EvidenceInput {
  const input = sampleInput(dir);
  const [first, ...rest] = input.report.policyResults;
  const extra = Array.from({ length: count }, (_, n) => ({
    ...first!,
    assetId: `arn:aws:bedrock:us-east-1:111122223333:custom-model/x/${n}`,
    message: `logging off for model ${n}`,
  }));
  return { ...input, report: { ...input.report, policyResults: [first!, ...extra, ...rest] } };
}
