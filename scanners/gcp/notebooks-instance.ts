// Vertex AI Workbench instances (Notebooks API v2). Instances are zonal: the shard lists every zone
// of the project at once (location "-") and each asset carries its zone as region. The instance's
// metadata values (startup scripts, tokens) are never copied: only their keys.
import type { protos } from "@google-cloud/notebooks";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, reference, timestamp } from "./declaration.ts";
import { enumName, keysOf } from "./values.ts";

type Instance = protos.google.cloud.notebooks.v2.IInstance;

/** projects/p/locations/{zone}/instances/i → the zone. */
function zoneOf(name: string): string {
  return /\/locations\/([^/]+)\//.exec(name)?.[1] ?? "global";
}

export const workbenchInstance: GcpDeclaration<Instance> = {
  service: "notebooks",
  kind: "instance",
  attributes: {
    machineType: { type: "string|null", doc: "Compute Engine machine type (e.g. e2-standard-4)" },
    gpus: { type: "array", doc: "[{type, count}]: attached accelerators" },
    disablePublicIp: { type: "boolean", doc: "true: the VM has no external IP address" },
    serviceAccount: { type: "string|null", doc: "service account the VM runs as" },
    network: { type: "string|null", doc: "VPC network of the first interface" },
    subnet: { type: "string|null", doc: "subnetwork of the first interface" },
    bootDiskEncryption: { type: "string|null", doc: "GMEK or CMEK" },
    bootDiskKmsKey: {
      type: "string|null",
      doc: "customer KMS key of the boot disk; null when Google-managed",
    },
    secureBoot: { type: "boolean", doc: "Shielded VM secure boot enabled" },
    proxyAccessDisabled: { type: "boolean", doc: "true: the JupyterLab proxy URL is turned off" },
    metadataKeys: { type: "array", doc: "names of the VM metadata entries (values are never read)" },
    state: { type: "string|null", doc: "ACTIVE, STOPPED, PROVISIONING…" },
    creator: { type: "string|null", doc: "who created the instance (email)" },
  },
  permissions: ["notebooks.instances.list"],
  toAsset(i, scope): Asset {
    const id = ownName(i.name, scope);
    const gce = i.gceSetup ?? {};
    const nic = gce.networkInterfaces?.[0];
    return {
      id,
      provider: "gcp",
      service: "notebooks",
      kind: "instance",
      account: scope.project,
      region: zoneOf(id),
      name: lastSegment(id),
      createdAt: timestamp(i.createTime),
      tags: { ...(i.labels ?? {}) },
      attributes: {
        machineType: orNull(gce.machineType),
        gpus: (gce.acceleratorConfigs ?? []).map((a) => ({
          type: enumName(a.type),
          count: Number(a.coreCount ?? 0),
        })),
        disablePublicIp: gce.disablePublicIp === true,
        serviceAccount: orNull(gce.serviceAccounts?.[0]?.email),
        network: reference(orNull(nic?.network), scope),
        subnet: reference(orNull(nic?.subnet), scope),
        bootDiskEncryption: enumName(gce.bootDisk?.diskEncryption),
        bootDiskKmsKey: orNull(gce.bootDisk?.kmsKey),
        secureBoot: gce.shieldedInstanceConfig?.enableSecureBoot === true,
        proxyAccessDisabled: i.disableProxyAccess === true,
        metadataKeys: keysOf(gce.metadata),
        state: enumName(i.state),
        creator: orNull(i.creator),
      },
    };
  },
};
