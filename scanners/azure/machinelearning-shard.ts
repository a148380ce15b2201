// One Azure ML shard per subscription: workspaces (hubs and projects included) and registries of the
// subscription, then each workspace's online endpoints (+ deployments) and serverless endpoints.
// Every list goes through the arm-machinelearning client's pipeline (arm-raw.ts); any failed list
// fails the shard. A workspace whose own lists fail (denied, or answering e.g. 409 while it is being
// provisioned or deleted) fails the shard naming it, and keeps the workspaces, registries and the
// other workspaces' children, which were listed to the end (ShardPartlyFailed).
import type { Asset, AzureConfig } from "../../core/model.ts";
import {
  describeError,
  type ShardContext,
  ShardPartlyFailed,
  ShardSkipped,
  type ShardSpec,
} from "../engine.ts";
import { failedKindsMessage } from "../failed-kinds.ts";
import { ArmError, armListAll, ML_API_VERSION } from "./arm-raw.ts";
import { type AzureDeps, clientOptions, credentialFor } from "./clients.ts";
import {
  machineLearningOnlineDeployment,
  machineLearningOnlineEndpoint,
  machineLearningRegistry,
  machineLearningServerlessEndpoint,
} from "./machinelearning-endpoints.ts";
import { machineLearningWorkspace, mlItem } from "./machinelearning-workspace.ts";
import { mapLimit } from "./map-limit.ts";

const PROVIDER = "providers/Microsoft.MachineLearningServices";
const CONCURRENCY = 8;

export async function executeAzureMlShard(
  spec: ShardSpec,
  cfg: AzureConfig,
  ctx: ShardContext,
  deps: AzureDeps,
): Promise<Asset[]> {
  const { AzureMachineLearningWorkspaces } = await import("@azure/arm-machinelearning");
  const options = clientOptions(cfg, deps, ctx);
  const client = new AzureMachineLearningWorkspaces(await credentialFor(deps, cfg), spec.account, options);
  const list = (path: string) => armListAll(client, options.endpoint, path, ML_API_VERSION, ctx.signal);
  const sub = `/subscriptions/${spec.account}`;

  const [workspaces, registries] = await Promise.all([
    list(`${sub}/${PROVIDER}/workspaces`),
    list(`${sub}/${PROVIDER}/registries`),
  ]).catch(unlessUnregistered);
  const wsAssets = workspaces.map((w) =>
    machineLearningWorkspace.toAsset(mlItem(w, "workspace"), spec.account),
  );
  const registryAssets = registries.map((r) =>
    machineLearningRegistry.toAsset(mlItem(r, "registry"), spec.account),
  );

  const children = await mapLimit(wsAssets, CONCURRENCY, (ws) =>
    workspaceChildren(ws).then(
      (assets) => ({ ws, assets, error: undefined as unknown }),
      (error: unknown) => ({ ws, assets: [] as Asset[], error }),
    ),
  );
  const listed = [...wsAssets, ...registryAssets, ...children.flatMap((c) => c.assets)];
  const failed = children.filter((c) => c.error !== undefined);
  if (failed.length > 0) {
    const described = failed.map((f) => ({ label: `workspace ${f.ws.name}`, why: describeError(f.error) }));
    throw new ShardPartlyFailed(failedKindsMessage(described), listed);
  }
  return listed;

  async function workspaceChildren(ws: Asset): Promise<Asset[]> {
    const [endpoints, serverless] = await Promise.all([
      list(`${ws.id}/onlineEndpoints`),
      list(`${ws.id}/serverlessEndpoints`),
    ]);
    const online = endpoints.map((e) =>
      machineLearningOnlineEndpoint.toAsset(
        { item: mlItem(e, "online endpoint"), parentId: ws.id, location: ws.region },
        spec.account,
      ),
    );
    const deployments = await mapLimit(online, CONCURRENCY, async (ep) =>
      (await list(`${ep.id}/deployments`)).map((d) =>
        machineLearningOnlineDeployment.toAsset(
          { item: mlItem(d, "online deployment"), parentId: ep.id, location: ep.region },
          spec.account,
        ),
      ),
    );
    const maas = serverless.map((s) =>
      machineLearningServerlessEndpoint.toAsset(
        { item: mlItem(s, "serverless endpoint"), parentId: ws.id, location: ws.region },
        spec.account,
      ),
    );
    return [...online, ...deployments.flat(), ...maas];
  }
}

/**
 * ARM names an unregistered provider with more than one code: `MissingSubscriptionRegistration`
 * (409) is the documented one, `SubscriptionNotRegistered` also reaches clients (404 or 409, seen in
 * azure-sdk-for-go#19900), so every one of them counts.
 */
const UNREGISTERED = new Set(["MissingSubscriptionRegistration", "SubscriptionNotRegistered"]);

/**
 * A subscription that never registered the Microsoft.MachineLearningServices provider cannot hold
 * any of its resources: the shard is `skipped` (as a disabled API on GCP), not an error every night.
 */
function unlessUnregistered(e: unknown): never {
  if (e instanceof ArmError && UNREGISTERED.has(e.code)) {
    throw new ShardSkipped(
      `Microsoft.MachineLearningServices is not registered in the subscription (${e.message})`,
    );
  }
  throw e;
}
