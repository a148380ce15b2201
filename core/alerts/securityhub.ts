// Security Hub sink: the digest's new and resolved entries as ASFF findings through
// BatchImportFindings, at most 100 a call (the API's limit). A resolved entry re-imports the same
// finding Id with Workflow RESOLVED, so Security Hub closes the finding it already holds.
import type {
  BatchImportFindingsCommandInput,
  BatchImportFindingsCommandOutput,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { asffFinding, type SecurityHubTarget } from "../export/asff.ts";
import { DRIFT, driftFindingUid, type ExportFinding, policyFindingUid } from "../export/findings.ts";
import { withinDeadline } from "./deadline.ts";
import type { Digest, DigestEntry } from "./digest.ts";
import { PartialFailure } from "./eventbridge.ts";

export const IMPORT_BATCH = 100;

export function digestFindings(d: Digest): ExportFinding[] {
  return [...d.new, ...d.resolved].map((e) => entryFinding(e));
}

function entryFinding(e: DigestEntry): ExportFinding {
  const policy = e.kind === "policy";
  const name = e.name ?? e.assetId ?? e.source ?? "";
  const title = policy
    ? (e.title ?? e.policyId!)
    : `${e.kind[0]!.toUpperCase()}${e.kind.slice(1)} AI asset: ${name}`;
  const out: ExportFinding = {
    uid: policy
      ? policyFindingUid(e.policyId!, e.assetId!)
      : driftFindingUid(e.kind, e.assetId, e.systemId, e.source),
    kind: policy ? "policy" : "drift",
    ruleId: policy ? e.policyId! : `drift-${e.kind}`,
    title,
    description: e.message ?? title,
    severity: e.severity,
    state: e.change === "resolved" ? "resolved" : "new",
    status: policy ? "fail" : e.kind,
    controls: e.controls ?? (policy ? [] : ["ISO42001:A.4.2"]),
  };
  for (const k of [
    "remediation",
    "assetId",
    "provider",
    "account",
    "region",
    "systemId",
    "owner",
    "riskLevel",
  ] as const)
    if (e[k]) out[k] = e[k];
  const drift = policy ? undefined : DRIFT[e.kind as "undeclared"];
  if (drift && !out.remediation) out.remediation = drift.fix;
  if (e.assetKind) out.assetKind = e.assetKind;
  if (e.name) out.assetName = e.name;
  return out;
}

export interface ImportOptions {
  /** Deadline per BatchImportFindings call (100 findings). */
  callTimeoutMs: number;
  /** Findings of the digest already imported by an earlier attempt (the outbox's progress). */
  from?: number;
}

/**
 * Returns findings imported; throws PartialFailure (with how far in order Security Hub took them)
 * when a call fails or refuses some, so the outbox re-sends only the rest. Re-importing a finding
 * Id updates it in place, so a re-send never duplicates one.
 */
export async function importFindings(
  client: SecurityHubClient,
  target: SecurityHubTarget,
  d: Digest,
  options: ImportOptions,
): Promise<number> {
  const { BatchImportFindingsCommand } = await import("@aws-sdk/client-securityhub");
  const run = { runId: d.runId, generatedAt: d.generatedAt, toolVersion: "" };
  const findings = digestFindings(d).map((f) => asffFinding(f, run, target));
  const from = Math.min(options.from ?? 0, findings.length);
  let sent = 0;
  for (let i = from; i < findings.length; i += IMPORT_BATCH) {
    const batch = findings.slice(i, i + IMPORT_BATCH);
    // ASFF objects are built to the API's shape (asff.ts); the SDK's input type is that shape.
    const Findings = batch as unknown as NonNullable<BatchImportFindingsCommandInput["Findings"]>;
    let out: BatchImportFindingsCommandOutput;
    try {
      out = await withinDeadline(options.callTimeoutMs, (abortSignal) =>
        client.send(new BatchImportFindingsCommand({ Findings }), { abortSignal }),
      );
    } catch (e) {
      if (sent === 0 && from === 0) throw e;
      throw new PartialFailure(
        `${from + sent} of ${findings.length} findings imported, then: ${(e as Error).message}`,
        sent,
        i,
      );
    }
    sent += out.SuccessCount ?? 0;
    if ((out.FailedCount ?? 0) > 0) {
      const first = out.FailedFindings?.[0];
      throw new PartialFailure(
        `${out.FailedCount} findings refused (${first?.Id}: ${first?.ErrorCode} ${first?.ErrorMessage})`,
        sent,
        i,
      );
    }
  }
  return sent;
}

/** Where findings go: the config's account and region, else the caller's account and the SDK's region. */
export async function securityHubTarget(
  client: SecurityHubClient,
  cfg: true | { region?: string | undefined; account?: string | undefined },
): Promise<SecurityHubTarget> {
  const region = (cfg !== true && cfg.region) || (await client.config.region());
  let account = cfg !== true ? cfg.account : undefined;
  if (!account) {
    const { STSClient, GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
    const sts = new STSClient({ region, credentials: client.config.credentials });
    try {
      account = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
    } finally {
      sts.destroy();
    }
  }
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
  return { account, region, partition };
}
