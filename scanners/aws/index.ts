// AWS discovery: plan shards, and execute one shard by running every declaration of its service.
import type { AwsConfig } from "../../core/model.ts";
import {
  type ShardContext,
  type ShardOutcome,
  ShardPartlyFailed,
  ShardSkipped,
  type ShardSpec,
} from "../engine.ts";
import { failedKindsMessage } from "../failed-kinds.ts";
import { DEFAULT_SETTINGS, type ScanSettings } from "../settings.ts";
import { type AwsDeps, asShard, assumeRole, shardClients } from "./clients.ts";
import type { AwsScanContext, AwsService } from "./declaration.ts";
import { describeAwsError } from "./errors.ts";
import { shardPartition } from "./partition.ts";
import { offered } from "./regions.ts";
import { AWS_SCANNERS } from "./registry.ts";
import { KindPartlyListed, runScanner } from "./run.ts";

export { type AwsDeps, closeClients } from "./clients.ts";
export { PLAN_ACTIONS, planAws } from "./plan.ts";
export { AWS_SCANNERS } from "./registry.ts";

export async function executeAwsShard(
  spec: ShardSpec,
  cfg: AwsConfig,
  ctx: ShardContext,
  deps: AwsDeps = {},
  settings: ScanSettings = DEFAULT_SETTINGS,
): Promise<ShardOutcome> {
  const params = spec.params ?? {};
  if (params.planError) throw new Error(params.planError);
  const scanners = AWS_SCANNERS.filter((s) => s.service === spec.service);
  if (scanners.length === 0) throw new Error(`unknown AWS service "${spec.service}"`);
  if (!offered(spec.service as AwsService, spec.region)) {
    throw new ShardSkipped(`${spec.service} is not offered in ${spec.region}`);
  }
  const roleArn = params.roleArn;
  // Assume once up front so a refused role fails the shard with STS's own reason; the provider
  // then renews the session for long scans.
  const partition = shardPartition(spec.region, params);
  const sts = partition.home;
  if (roleArn) {
    try {
      await asShard(ctx, () => assumeRole(cfg, deps, roleArn, sts));
    } catch (e) {
      throw new Error(`cannot assume ${roleArn}: ${describeAwsError(e, { service: "sts" })}`);
    }
  }
  const credentials = roleArn ? () => assumeRole(cfg, deps, roleArn, sts) : undefined;
  const clients = shardClients(cfg, deps, spec.region, credentials, roleArn ?? "caller", partition.name);
  const c: AwsScanContext = {
    account: spec.account,
    region: spec.region,
    partition: partition.name,
    clients,
    now: deps.now?.() ?? new Date(),
    settings,
  };
  try {
    // Settle every declaration before closing clients. Any failure fails the shard; the kinds that
    // were listed to the end are still reported (ShardPartlyFailed keeps them).
    const results = await asShard(ctx, () => Promise.allSettled(scanners.map((s) => runScanner(s, c))));
    const assets = results.flatMap((r) =>
      r.status === "fulfilled" ? r.value.assets : r.reason instanceof KindPartlyListed ? r.reason.assets : [],
    );
    const failed = scanners.flatMap((s, i) => {
      const r = results[i]!;
      return r.status === "rejected"
        ? [{ kind: s.kind, service: s.service, reason: r.reason as unknown }]
        : [];
    });
    if (failed.length > 0) {
      const described = failed.map((f) => {
        const partly = f.reason instanceof KindPartlyListed ? f.reason : undefined;
        const who = { principal: roleArn, service: f.service };
        return { label: f.kind, why: describeAwsError(partly ? partly.cause : f.reason, who), partly };
      });
      const note = described[0]!.partly ? ` (${described[0]!.partly.note})` : "";
      throw new ShardPartlyFailed(failedKindsMessage(described, note), assets);
    }
    return {
      assets,
      warnings: results.flatMap((r) => (r.status === "fulfilled" ? r.value.warnings : [])),
      kinds: scanners.map((s) => s.kind),
    };
  } finally {
    clients.close();
  }
}
