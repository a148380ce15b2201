// Vertex AI endpoints of one location. Labels become tags.
import type { protos } from "@google-cloud/aiplatform";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, reference, timestamp } from "./declaration.ts";

type Endpoint = protos.google.cloud.aiplatform.v1.IEndpoint;

export const vertexEndpoint: GcpDeclaration<Endpoint> = {
  service: "vertexai",
  kind: "endpoint",
  attributes: {
    deployedModels: {
      type: "array",
      doc: "[{id, model, machineType, acceleratorType, acceleratorCount, minReplicaCount, maxReplicaCount}]",
    },
    dedicatedResources: { type: "boolean", doc: "some model runs on dedicated machines" },
    network: { type: "string|null", doc: "VPC peering network; null when public" },
    privateServiceConnect: { type: "boolean", doc: "reachable through Private Service Connect" },
    encryptionKmsKeyName: { type: "string|null", doc: "customer KMS key; null when Google-managed" },
    requestResponseLogging: { type: "boolean", doc: "requests and responses are logged to BigQuery" },
    trafficSplit: { type: "object", doc: "deployed model id → percent of traffic" },
  },
  permissions: ["aiplatform.endpoints.list"],
  toAsset(e, scope): Asset {
    const id = ownName(e.name, scope);
    const deployed = (e.deployedModels ?? []).map((d) => {
      const spec = d.dedicatedResources?.machineSpec;
      const accelerator = spec?.acceleratorType;
      return {
        id: d.id ?? null,
        model: reference(d.model, scope),
        machineType: orNull(spec?.machineType),
        // Numeric or string enum depending on the transport; "unspecified" means none.
        acceleratorType:
          accelerator && accelerator !== "ACCELERATOR_TYPE_UNSPECIFIED" ? String(accelerator) : null,
        acceleratorCount: spec?.acceleratorCount || 0,
        minReplicaCount: d.dedicatedResources?.minReplicaCount ?? null,
        maxReplicaCount: d.dedicatedResources?.maxReplicaCount ?? null,
      };
    });
    const psc =
      e.privateServiceConnectConfig?.enablePrivateServiceConnect === true || e.enablePrivateServiceConnect;
    return {
      id,
      provider: "gcp",
      service: "vertexai",
      kind: "endpoint",
      account: scope.project,
      region: scope.location,
      name: e.displayName || lastSegment(id),
      createdAt: timestamp(e.createTime),
      tags: { ...(e.labels ?? {}) },
      attributes: {
        deployedModels: deployed,
        dedicatedResources: (e.deployedModels ?? []).some((d) => !!d.dedicatedResources),
        network: reference(orNull(e.network), scope),
        privateServiceConnect: psc === true,
        encryptionKmsKeyName: orNull(e.encryptionSpec?.kmsKeyName),
        requestResponseLogging: e.predictRequestResponseLoggingConfig?.enabled === true,
        trafficSplit: { ...(e.trafficSplit ?? {}) },
      },
    };
  },
};
