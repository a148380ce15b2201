// Vertex AI models of one location. Labels become tags.
import type { protos } from "@google-cloud/aiplatform";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, reference, timestamp } from "./declaration.ts";

type Model = protos.google.cloud.aiplatform.v1.IModel;

export const vertexModel: GcpDeclaration<Model> = {
  service: "vertexai",
  kind: "model",
  attributes: {
    versionId: { type: "string|null", doc: "the model version" },
    versionAliases: { type: "array", doc: "aliases of that version (e.g. default)" },
    encryptionKmsKeyName: { type: "string|null", doc: "customer KMS key; null when Google-managed" },
    containerImage: { type: "string|null", doc: "serving container image" },
    artifactUri: { type: "string|null", doc: "where the model artifacts are stored" },
    deployedEndpoints: { type: "array", doc: "names of the endpoints the model is deployed to" },
    modelSourceType: {
      type: "string|null",
      doc: "where the model came from (MODEL_GARDEN, AUTOML, CUSTOM…)",
    },
  },
  permissions: ["aiplatform.models.list"],
  toAsset(m, scope): Asset {
    const id = ownName(m.name, scope);
    return {
      id,
      provider: "gcp",
      service: "vertexai",
      kind: "model",
      account: scope.project,
      region: scope.location,
      name: m.displayName || lastSegment(id),
      createdAt: timestamp(m.createTime),
      tags: { ...(m.labels ?? {}) },
      attributes: {
        versionId: orNull(m.versionId),
        versionAliases: m.versionAliases ?? [],
        encryptionKmsKeyName: orNull(m.encryptionSpec?.kmsKeyName),
        containerImage: orNull(m.containerSpec?.imageUri),
        artifactUri: orNull(m.artifactUri),
        deployedEndpoints: (m.deployedModels ?? []).map((d) => reference(d.endpoint, scope)),
        modelSourceType: m.modelSourceInfo?.sourceType ?? null,
      },
    };
  },
};
