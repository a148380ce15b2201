// Vertex AI generative-AI kinds of one location: tuning jobs (with the tuned model and endpoint they
// produced, so "tuned models" are read through the job that made them) and reasoning engines (Agent
// Engine). A tuning job's dataset examples and a reasoning engine's environment values are never
// copied: only the names of environment variables and of the secrets they reference.
import type { protos } from "@google-cloud/aiplatform";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, reference, timestamp } from "./declaration.ts";
import { enumName } from "./values.ts";

type TuningJob = protos.google.cloud.aiplatform.v1.ITuningJob;
type ReasoningEngine = protos.google.cloud.aiplatform.v1.IReasoningEngine;

function vertexAsset(kind: string, id: string, name: string, scope: { project: string; location: string }) {
  return {
    id,
    provider: "gcp" as const,
    service: "vertexai",
    kind,
    account: scope.project,
    region: scope.location,
    name,
  };
}

export const vertexTuningJob: GcpDeclaration<TuningJob> = {
  service: "vertexai",
  kind: "tuning-job",
  attributes: {
    baseModel: { type: "string|null", doc: "the foundation model tuned (e.g. gemini-2.0-flash-001)" },
    tuningType: { type: "string|null", doc: "supervised, or null when the job names another method" },
    state: { type: "string|null", doc: "JOB_STATE_SUCCEEDED, JOB_STATE_RUNNING, JOB_STATE_FAILED…" },
    tunedModelDisplayName: { type: "string|null", doc: "display name given to the tuned model" },
    tunedModel: { type: "string|null", doc: "the tuned model in the Model Registry; null until it exists" },
    tunedModelEndpoint: {
      type: "string|null",
      doc: "the endpoint serving the tuned model; null until deployed",
    },
    trainingDatasetUri: { type: "string|null", doc: "Cloud Storage URI of the training data" },
    validationDatasetUri: {
      type: "string|null",
      doc: "Cloud Storage URI of the validation data; null when none",
    },
    encryptionKmsKeyName: {
      type: "string|null",
      doc: "customer KMS key of the job and its tuned model; null when Google-managed",
    },
    serviceAccount: {
      type: "string|null",
      doc: "service account the job ran as; null: the Vertex AI service agent",
    },
    endTime: { type: "string|null", doc: "ISO time the job ended; null while running" },
  },
  permissions: ["aiplatform.tuningJobs.list"],
  toAsset(j, scope): Asset {
    const id = ownName(j.name, scope);
    const supervised = j.supervisedTuningSpec;
    return {
      ...vertexAsset("tuning-job", id, j.tunedModelDisplayName || lastSegment(id), scope),
      createdAt: timestamp(j.createTime),
      tags: { ...(j.labels ?? {}) },
      attributes: {
        baseModel: orNull(j.baseModel),
        tuningType: supervised ? "supervised" : null,
        state: enumName(j.state),
        tunedModelDisplayName: orNull(j.tunedModelDisplayName),
        tunedModel: reference(orNull(j.tunedModel?.model), scope),
        tunedModelEndpoint: reference(orNull(j.tunedModel?.endpoint), scope),
        trainingDatasetUri: orNull(supervised?.trainingDatasetUri),
        validationDatasetUri: orNull(supervised?.validationDatasetUri),
        encryptionKmsKeyName: orNull(j.encryptionSpec?.kmsKeyName),
        serviceAccount: orNull(j.serviceAccount),
        endTime: timestamp(j.endTime),
      },
    };
  },
};

export const vertexReasoningEngine: GcpDeclaration<ReasoningEngine> = {
  service: "vertexai",
  kind: "reasoning-engine",
  attributes: {
    agentFramework: { type: "string|null", doc: "e.g. langchain, langgraph, google-adk, custom" },
    pythonVersion: { type: "string|null", doc: "Python version of the packaged agent" },
    packageUri: {
      type: "string|null",
      doc: "Cloud Storage URI of the pickled agent; null when built from source",
    },
    containerImage: { type: "string|null", doc: "container image when deployed from one; null otherwise" },
    serviceAccount: {
      type: "string|null",
      doc: "service account the agent runs as; null: the service agent",
    },
    envNames: { type: "array", doc: "names of plain environment variables (values are never read)" },
    secretEnv: { type: "array", doc: "[{name, secret}]: variables taken from Secret Manager (names only)" },
    encryptionKmsKeyName: { type: "string|null", doc: "customer KMS key; null when Google-managed" },
  },
  permissions: ["aiplatform.reasoningEngines.list"],
  toAsset(r, scope): Asset {
    const id = ownName(r.name, scope);
    const spec = r.spec ?? {};
    const deployment = spec.deploymentSpec ?? {};
    return {
      ...vertexAsset("reasoning-engine", id, r.displayName || lastSegment(id), scope),
      createdAt: timestamp(r.createTime),
      tags: { ...(r.labels ?? {}) },
      attributes: {
        agentFramework: orNull(spec.agentFramework),
        pythonVersion: orNull(spec.packageSpec?.pythonVersion),
        packageUri: orNull(spec.packageSpec?.pickleObjectGcsUri),
        containerImage: orNull(spec.containerSpec?.imageUri),
        serviceAccount: orNull(spec.serviceAccount),
        envNames: (deployment.env ?? [])
          .map((e) => e.name ?? "")
          .filter(Boolean)
          .sort(),
        secretEnv: (deployment.secretEnv ?? []).map((e) => ({
          name: e.name ?? null,
          secret: reference(orNull(e.secretRef?.secret), scope),
        })),
        encryptionKmsKeyName: orNull(r.encryptionSpec?.kmsKeyName),
      },
    };
  },
};
