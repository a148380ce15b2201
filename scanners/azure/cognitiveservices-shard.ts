// One Cognitive Services shard per subscription: the accounts, then each account's lists — model
// deployments, RAI (content filter) policies, and for AI Services accounts their connections, Foundry
// projects and each project's connections. Each of those lists settles on its own: one that fails
// (denied, 5xx, an answer that cannot be trusted) fails the shard, and every other list is kept
// (ShardPartlyFailed), so a refused `raiPolicies/read` never hides the accounts and deployments. The
// coverage line names each failing kind with its own reason and where it failed. Accounts are the
// root: if they cannot be listed, nothing else can, and the shard fails on that error alone.
import type { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import type { Asset, AzureConfig } from "../../core/model.ts";
import {
  describeError,
  type ShardContext,
  type ShardOutcome,
  ShardPartlyFailed,
  type ShardSpec,
} from "../engine.ts";
import { type AzureDeps, cognitiveServicesClient } from "./clients.ts";
import { cognitiveServicesAccount } from "./cognitiveservices-account.ts";
import { cognitiveServicesDeployment } from "./cognitiveservices-deployment.ts";
import { foundryConnection, foundryProject, foundryRaiPolicy } from "./cognitiveservices-foundry.ts";
import { mapLimit } from "./map-limit.ts";

/** Accounts whose lists run at once; the rate limit still gates each request. */
const CONCURRENCY = 8;
/** Account kinds (lower case) with RAI policies, and with Foundry projects and connections. */
const RAI_KINDS = new Set(["aiservices", "openai"]);
const FOUNDRY_KINDS = new Set(["aiservices"]);
/** Parents named per failing kind in the coverage line; the rest are counted. */
const NAMED_PARENTS = 3;

/** One list of one kind under one parent (an account, or account/project): what it found, or why not. */
interface Settled {
  kind: string;
  parent: string;
  assets: Asset[];
  error?: unknown;
}

type Client = CognitiveServicesManagementClient;
type Options = { abortSignal: AbortSignal };

export async function executeCognitiveServicesShard(
  spec: ShardSpec,
  cfg: AzureConfig,
  ctx: ShardContext,
  deps: AzureDeps,
  kinds: string[],
): Promise<ShardOutcome> {
  const client = await cognitiveServicesClient(spec.account, cfg, deps, ctx);
  const options = { abortSignal: ctx.signal };
  const accounts: Asset[] = [];
  for await (const page of client.accounts.list(options).byPage()) {
    for (const item of page) accounts.push(cognitiveServicesAccount.toAsset(item, spec.account));
  }
  const lists = (
    await mapLimit(accounts, CONCURRENCY, (a) => accountLists(client, a, spec.account, options))
  ).flat();
  const assets = [...accounts, ...lists.flatMap((l) => l.assets)];
  const failed = lists.filter((l) => l.error !== undefined);
  if (failed.length > 0) throw new ShardPartlyFailed(failureLine(failed, kinds), assets);
  return { assets, kinds };
}

/** Every list under one account, each settled on its own. */
async function accountLists(client: Client, account: Asset, subscription: string, options: Options) {
  const { resourceGroup: rg, name } = resourceGroupAndName(account.id);
  const kind = String(account.attributes.kind ?? "").toLowerCase();
  const at = { accountId: account.id, location: account.region };
  const lists: Promise<Settled>[] = [
    settle("deployment", name, async (out) => {
      for await (const deployment of client.deployments.list(rg, name, options))
        out.push(cognitiveServicesDeployment.toAsset({ deployment, ...at }, subscription));
    }),
  ];
  if (RAI_KINDS.has(kind)) {
    lists.push(
      settle("rai-policy", name, async (out) => {
        for await (const item of client.raiPolicies.list(rg, name, options))
          out.push(foundryRaiPolicy.toAsset({ item, ...at }, subscription));
      }),
    );
  }
  const foundry = FOUNDRY_KINDS.has(kind);
  if (foundry) {
    lists.push(
      settle("connection", name, async (out) => {
        for await (const item of client.accountConnections.list(rg, name, options))
          out.push(foundryConnection.toAsset({ item, ...at }, subscription));
      }),
    );
  }
  const nested = foundry ? projectsAndTheirConnections(client, rg, name, at, subscription, options) : [];
  return [...(await Promise.all(lists)), ...(await nested)];
}

/** The projects of an account, then each project's connections; unlisted projects leave theirs unlisted. */
async function projectsAndTheirConnections(
  client: Client,
  rg: string,
  name: string,
  at: { accountId: string; location: string },
  subscription: string,
  options: Options,
): Promise<Settled[]> {
  const projects = await settle("project", name, async (out) => {
    for await (const item of client.projects.list(rg, name, options))
      out.push(foundryProject.toAsset({ item, ...at }, subscription));
  });
  if (projects.error !== undefined) {
    const notListed = new Error("project connections not listed: the account's projects could not be listed");
    return [projects, { kind: "connection", parent: `${name} projects`, assets: [], error: notListed }];
  }
  const connections = await mapLimit(projects.assets, CONCURRENCY, (project) =>
    settle("connection", `${name}/${project.name}`, async (out) => {
      for await (const item of client.projectConnections.list(rg, name, project.name, options))
        out.push(
          foundryConnection.toAsset(
            { item, ...at, location: project.region, projectId: project.id },
            subscription,
          ),
        );
    }),
  );
  return [projects, ...connections];
}

/** A list's items, or its error: a list that failed part-way keeps none of its pages. */
async function settle(kind: string, parent: string, list: (out: Asset[]) => Promise<void>): Promise<Settled> {
  const out: Asset[] = [];
  try {
    await list(out);
    return { kind, parent, assets: out };
  } catch (error) {
    return { kind, parent, assets: [], error };
  }
}

/**
 * "deployment: AuthorizationFailed (HTTP 403): … (under openai); rai-policy: …", one part per kind and
 * error code, in the shard's kind order, so every failing kind carries its own reason.
 */
function failureLine(failed: readonly Settled[], kinds: readonly string[]): string {
  const order = (k: string) => (kinds.includes(k) ? kinds.indexOf(k) : kinds.length);
  const groups = new Map<string, Settled[]>();
  for (const f of [...failed].sort((a, b) => order(a.kind) - order(b.kind))) {
    const key = `${f.kind}\n${errorCode(f.error)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()]
    .map((fs) => {
      const parents = fs.map((f) => f.parent);
      const named = parents.slice(0, NAMED_PARENTS).join(", ");
      const more = parents.length > NAMED_PARENTS ? ` +${parents.length - NAMED_PARENTS} more` : "";
      return `${fs[0]!.kind}: ${describeArmError(fs[0]!.error)} (under ${named}${more})`;
    })
    .join("; ");
}

/** What the Azure SDK's RestError carries: ARM's error code and the HTTP status. */
interface ArmFailure {
  code?: unknown;
  statusCode?: unknown;
}

const errorCode = (e: unknown) => String((e as ArmFailure)?.code ?? (e as Error)?.name ?? "error");

/** ARM's code and status before its message ("AuthorizationFailed (HTTP 403): The client …"). */
function describeArmError(e: unknown): string {
  const { code, statusCode } = (e ?? {}) as ArmFailure;
  if (typeof code !== "string" || !(e instanceof Error)) return describeError(e);
  const status = typeof statusCode === "number" ? ` (HTTP ${statusCode})` : "";
  return `${code}${status}: ${e.message.split("\n")[0]!.slice(0, 600)}`;
}

function resourceGroupAndName(id: string): { resourceGroup: string; name: string } {
  const m = /\/resourceGroups\/([^/]+)\/providers\/[^/]+\/accounts\/([^/]+)$/i.exec(id);
  if (!m) throw new Error(`unexpected account id ${id}`);
  return { resourceGroup: m[1]!, name: m[2]! };
}
