// Clients of the newer GCP kinds (Vertex AI tuning, Agent Engine, Feature Store serving, Vector
// Search; Workbench; Discovery Engine), over REST like clients.ts and pooled the same way. Each is
// imported from its own module path so a shard loads only the services it lists, through
// cjsExports (a CommonJS package in an SST bundle chunk has only a default export).
import type { GcpConfig } from "../../core/model.ts";
import { cjsExports } from "../cjs.ts";
import { type GcpDeps, hostFor, pooled, transport, vertexHost } from "./clients.ts";

export function tuningClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = vertexHost(location);
  return pooled(deps, `tuning ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(
      await import("@google-cloud/aiplatform/build/src/v1/gen_ai_tuning_service_client.js"),
    );
    return new m.GenAiTuningServiceClient(await transport(cfg, deps, host));
  });
}

export function reasoningEngineClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = vertexHost(location);
  return pooled(deps, `reasoning ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(
      await import("@google-cloud/aiplatform/build/src/v1/reasoning_engine_service_client.js"),
    );
    return new m.ReasoningEngineServiceClient(await transport(cfg, deps, host));
  });
}

export function featureOnlineStoreClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = vertexHost(location);
  return pooled(deps, `featureonline ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(
      await import("@google-cloud/aiplatform/build/src/v1/feature_online_store_admin_service_client.js"),
    );
    return new m.FeatureOnlineStoreAdminServiceClient(await transport(cfg, deps, host));
  });
}

export function indexEndpointClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = vertexHost(location);
  return pooled(deps, `indexendpoints ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(
      await import("@google-cloud/aiplatform/build/src/v1/index_endpoint_service_client.js"),
    );
    return new m.IndexEndpointServiceClient(await transport(cfg, deps, host));
  });
}

export function notebooksClient(cfg: GcpConfig, deps: GcpDeps) {
  const host = "notebooks.googleapis.com";
  return pooled(deps, `notebooks ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(await import("@google-cloud/notebooks/build/src/v2/notebook_service_client.js"));
    return new m.NotebookServiceClient(await transport(cfg, deps, host));
  });
}

/** Discovery Engine is multi-regional: global, or the us / eu hosts. */
export function discoveryHost(location: string): string {
  return location === "global"
    ? "discoveryengine.googleapis.com"
    : `${location}-discoveryengine.googleapis.com`;
}

export function engineClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = discoveryHost(location);
  return pooled(deps, `engines ${hostFor(cfg, host).base}`, async () => {
    const m = cjsExports(await import("@google-cloud/discoveryengine/build/src/v1/engine_service_client.js"));
    return new m.EngineServiceClient(await transport(cfg, deps, host));
  });
}
