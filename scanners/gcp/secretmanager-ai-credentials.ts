// Third-party AI credentials kept in GCP Secret Manager, found by metadata only: ListSecrets returns
// names, labels, annotations, creation time, expiry and rotation schedule, never a payload; aimscan
// never calls AccessSecretVersion (its custom role does not hold secretmanager.versions.access).
// A secret is an asset when its name, annotations or labels point at an AI vendor
// (scanners/usage/vendors.ts; config `aiCredentials.vendors` adds more).
//
// Shard: (project, "global", "secretmanager"). Id: projects/PROJECT/secrets/NAME (project id, not
// number). Secret Manager lists no change time (that lives on versions, which are not read), so
// lastChangedAt is null; rotationEnabled is whether a rotation schedule is set.
import type { protos } from "@google-cloud/secret-manager";
import type { Asset, GcpConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import type { ScanSettings } from "../settings.ts";
import { VENDOR_ATTRIBUTE } from "../usage/credential-attributes.ts";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { type GcpDeps, secretManagerClient } from "./clients.ts";
import { type GcpDeclaration, type GcpScope, lastSegment, ownName, timestamp } from "./declaration.ts";
import { pagedList } from "./paged.ts";

type Secret = protos.google.cloud.secretmanager.v1.ISecret;
type ListRequest = protos.google.cloud.secretmanager.v1.IListSecretsRequest;

export interface FoundSecret {
  secret: Secret;
  match: VendorMatch;
}

export const secretManagerAiCredential: GcpDeclaration<FoundSecret> = {
  service: "secretmanager",
  kind: "ai-credential",
  attributes: {
    vendor: VENDOR_ATTRIBUTE,
    matchedOn: {
      type: "string",
      doc: "which metadata named the vendor: name, description (annotations) or tags (labels)",
    },
    store: { type: "string", doc: 'where the credential is kept: "secretmanager"' },
    annotations: { type: "object", doc: "the secret's annotations (free-form metadata its owner set)" },
    createdAt: { type: "string|null", doc: "when the secret was created" },
    lastChangedAt: {
      type: "string|null",
      doc: "always null: Secret Manager lists no change time for a secret",
    },
    expiresAt: { type: "string|null", doc: "when the secret expires; null without an expiry" },
    rotationEnabled: { type: "boolean", doc: "a rotation schedule is set (Pub/Sub notifications)" },
    rotationDays: { type: "number|null", doc: "rotation period in days; null without a schedule" },
    nextRotationAt: { type: "string|null", doc: "next scheduled rotation; null without a schedule" },
    kmsKeyId: {
      type: "string|null",
      doc: "customer-managed key of automatic replication; null = Google-managed (or per-replica keys)",
    },
    replication: { type: "string", doc: "automatic or user-managed" },
  },
  permissions: ["secretmanager.secrets.list"],
  toAsset({ secret: s, match }, scope): Asset {
    if (!s.name) throw new Error(`Secret Manager listed a secret without a name in ${scope.project}`);
    const id = ownName(s.name, scope);
    const period = Number(s.rotation?.rotationPeriod?.seconds ?? 0);
    return {
      id,
      provider: "gcp",
      service: "secretmanager",
      kind: "ai-credential",
      account: scope.project,
      region: "global",
      name: lastSegment(id),
      createdAt: timestamp(s.createTime),
      tags: s.labels ?? {},
      attributes: {
        vendor: match.vendor,
        matchedOn: match.matchedOn,
        store: "secretmanager",
        annotations: s.annotations ?? {},
        createdAt: timestamp(s.createTime),
        lastChangedAt: null,
        expiresAt: timestamp(s.expireTime),
        rotationEnabled: period > 0,
        rotationDays: period > 0 ? Math.round(period / 86_400) : null,
        nextRotationAt: timestamp(s.rotation?.nextRotationTime),
        kmsKeyId: s.replication?.automatic?.customerManagedEncryption?.kmsKeyName ?? null,
        replication: s.replication?.userManaged ? "user-managed" : "automatic",
      },
    };
  },
};

export async function executeSecretManagerShard(
  spec: ShardSpec,
  cfg: GcpConfig,
  ctx: ShardContext,
  deps: GcpDeps,
  settings: ScanSettings,
): Promise<ShardOutcome> {
  const client = await secretManagerClient(cfg, deps);
  const scope: GcpScope = { project: spec.account, location: "global" };
  if (spec.params?.projectNumber) scope.projectNumber = spec.params.projectNumber;
  const projects = [spec.account, ...(scope.projectNumber ? [scope.projectNumber] : [])];
  const secrets = await pagedList(
    ctx,
    deps,
    projects,
    `list Secret Manager secrets of ${spec.account}`,
    (req: ListRequest) => client.listSecrets(req, { autoPaginate: false, retry: null }),
    { parent: `projects/${spec.account}`, pageSize: 250 } as ListRequest,
  );
  const assets: Asset[] = [];
  for (const secret of secrets) {
    const match = credentialVendor(settings.vendors, {
      name: lastSegment(secret.name ?? ""),
      description: Object.values(secret.annotations ?? {}).join(" "),
      tags: secret.labels ?? {},
    });
    if (match) assets.push(secretManagerAiCredential.toAsset({ secret, match }, scope));
  }
  return { assets, kinds: [secretManagerAiCredential.kind] };
}
