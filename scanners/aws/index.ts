// AWS discovery: plan shards, and execute one shard by running every declaration of its service.
import type { Asset, AwsConfig } from "../../core/model.ts";
import { describeError, type ShardContext, ShardSkipped, type ShardSpec } from "../engine.ts";
import { DEFAULT_SETTINGS, type ScanSettings } from "../settings.ts";
import { type AwsDeps, asShard, assumeRole, shardClients, stsRegion } from "./clients.ts";
import type { AwsScanContext, AwsService } from "./declaration.ts";
import { offered } from "./regions.ts";
import { AWS_SCANNERS } from "./registry.ts";
import { runScanner } from "./run.ts";

export { type AwsDeps, closeClients } from "./clients.ts";
export { PLAN_ACTIONS, planAws } from "./plan.ts";
export { AWS_SCANNERS } from "./registry.ts";

export async function executeAwsShard(
  spec: ShardSpec,
  cfg: AwsConfig,
  ctx: ShardContext,
  deps: AwsDeps = {},
  settings: ScanSettings = DEFAULT_SETTINGS,
): Promise<Asset[]> {
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
  const sts = stsRegion(spec.region);
  if (roleArn) await assumeRole(cfg, deps, roleArn, sts);
  const credentials = roleArn ? () => assumeRole(cfg, deps, roleArn, sts) : undefined;
  const clients = shardClients(cfg, deps, spec.region, credentials, roleArn ?? "caller");
  const c: AwsScanContext = {
    account: spec.account,
    region: spec.region,
    clients,
    now: deps.now?.() ?? new Date(),
    settings,
  };
  try {
    // Settle every declaration before closing clients; the first failure fails the shard.
    const results = await asShard(ctx, () => Promise.allSettled(scanners.map((s) => runScanner(s, c))));
    const failed = results.findIndex((r) => r.status === "rejected");
    if (failed >= 0) {
      const reason = (results[failed] as PromiseRejectedResult).reason;
      throw new Error(`${scanners[failed]!.kind}: ${describeError(reason)}`);
    }
    return results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  } finally {
    clients.close();
  }
}
