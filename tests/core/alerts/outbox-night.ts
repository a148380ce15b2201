// One night of SageMaker endpoints through finishNight, for the alert-outbox tests: the store, the
// evidence folder, the alert sinks and their clients are the test's; everything else is empty.
import type { AlertDeps } from "../../../core/alerts/index.ts";
import { type Asset, Config, type Snapshot } from "../../../core/model.ts";
import { finishNight } from "../../../core/night.ts";
import type { Store } from "../../../core/store/index.ts";
import { ACCOUNT } from "./fixtures.ts";

export const endpoint = (name: string): Asset => ({
  id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${name}`,
  provider: "aws",
  service: "sagemaker",
  kind: "endpoint",
  account: ACCOUNT,
  region: "us-east-1",
  name,
  tags: {},
  attributes: {},
});

export async function outboxNight(
  n: number,
  assets: Asset[],
  env: { store: Store; dir: string; alerts: Record<string, unknown>; alertDeps: AlertDeps },
) {
  const runId = `night-${n}`;
  const startedAt = `2026-03-0${n}T02:00:00.000Z`;
  const snapshot: Snapshot = {
    schemaVersion: 1,
    scannedAt: startedAt,
    assets,
    coverage: [
      { provider: "aws", account: ACCOUNT, region: "us-east-1", service: "sagemaker", status: "ok" },
    ],
  };
  await env.store.startRun({ runId, startedAt });
  return finishNight({
    config: Config.parse({ evidence: { dir: env.dir }, alerts: env.alerts }),
    prepared: {
      inventory: { systems: [] },
      policies: { policies: [], waivers: [], files: [] },
      configHash: "0".repeat(64),
    },
    runId,
    startedAt,
    snapshot,
    store: env.store,
    alertDeps: env.alertDeps,
  });
}
