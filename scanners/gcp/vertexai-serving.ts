// Vertex AI serving infrastructure of one location: feature online stores (Feature Store serving)
// and index endpoints (Vector Search), with how they are reached (public, VPC, Private Service Connect).
import type { protos } from "@google-cloud/aiplatform";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, reference, timestamp } from "./declaration.ts";
import { enumName } from "./values.ts";

type FeatureOnlineStore = protos.google.cloud.aiplatform.v1.IFeatureOnlineStore;
type IndexEndpoint = protos.google.cloud.aiplatform.v1.IIndexEndpoint;

export const vertexFeatureOnlineStore: GcpDeclaration<FeatureOnlineStore> = {
  service: "vertexai",
  kind: "feature-online-store",
  attributes: {
    storageType: { type: "string|null", doc: "bigtable or optimized; null when the answer names neither" },
    minNodeCount: { type: "number|null", doc: "Bigtable autoscaling minimum nodes; null when optimized" },
    maxNodeCount: { type: "number|null", doc: "Bigtable autoscaling maximum nodes; null when optimized" },
    publicEndpointDomainName: {
      type: "string|null",
      doc: "the dedicated public serving endpoint; null when none",
    },
    privateServiceConnect: { type: "boolean", doc: "served through Private Service Connect" },
    encryptionKmsKeyName: { type: "string|null", doc: "customer KMS key; null when Google-managed" },
    state: { type: "string|null", doc: "STABLE, UPDATING…" },
  },
  permissions: ["aiplatform.featureOnlineStores.list"],
  toAsset(s, scope): Asset {
    const id = ownName(s.name, scope);
    const serving = s.dedicatedServingEndpoint;
    const scaling = s.bigtable?.autoScaling;
    return {
      id,
      provider: "gcp",
      service: "vertexai",
      kind: "feature-online-store",
      account: scope.project,
      region: scope.location,
      name: lastSegment(id),
      createdAt: timestamp(s.createTime),
      tags: { ...(s.labels ?? {}) },
      attributes: {
        storageType: s.bigtable ? "bigtable" : s.optimized ? "optimized" : null,
        minNodeCount: scaling?.minNodeCount ?? null,
        maxNodeCount: scaling?.maxNodeCount ?? null,
        publicEndpointDomainName: orNull(serving?.publicEndpointDomainName),
        privateServiceConnect: serving?.privateServiceConnectConfig?.enablePrivateServiceConnect === true,
        encryptionKmsKeyName: orNull(s.encryptionSpec?.kmsKeyName),
        state: enumName(s.state),
      },
    };
  },
};

export const vertexIndexEndpoint: GcpDeclaration<IndexEndpoint> = {
  service: "vertexai",
  kind: "index-endpoint",
  attributes: {
    deployedIndexes: { type: "array", doc: "[{id, index, accessLogging}]: the vector indexes served" },
    publicEndpointEnabled: { type: "boolean", doc: "reachable on a public endpoint" },
    publicEndpointDomainName: { type: "string|null", doc: "the public endpoint's host; null when none" },
    network: { type: "string|null", doc: "VPC peering network; null when public or PSC" },
    privateServiceConnect: { type: "boolean", doc: "reachable through Private Service Connect" },
    encryptionKmsKeyName: { type: "string|null", doc: "customer KMS key; null when Google-managed" },
  },
  permissions: ["aiplatform.indexEndpoints.list"],
  toAsset(e, scope): Asset {
    const id = ownName(e.name, scope);
    return {
      id,
      provider: "gcp",
      service: "vertexai",
      kind: "index-endpoint",
      account: scope.project,
      region: scope.location,
      name: e.displayName || lastSegment(id),
      createdAt: timestamp(e.createTime),
      tags: { ...(e.labels ?? {}) },
      attributes: {
        deployedIndexes: (e.deployedIndexes ?? []).map((d) => ({
          id: d.id ?? null,
          index: reference(orNull(d.index), scope),
          accessLogging: d.enableAccessLogging === true,
        })),
        publicEndpointEnabled: e.publicEndpointEnabled === true,
        publicEndpointDomainName: orNull(e.publicEndpointDomainName),
        network: reference(orNull(e.network), scope),
        privateServiceConnect:
          e.privateServiceConnectConfig?.enablePrivateServiceConnect === true ||
          e.enablePrivateServiceConnect === true,
        encryptionKmsKeyName: orNull(e.encryptionSpec?.kmsKeyName),
      },
    };
  },
};
