// A night in its own process, so the crash test can kill it with SIGKILL at a checkpoint
// (finishNight's `checkpoint` option; env CRASH_AT names it) and redo it by the same run id.
// Args: <dir> <runId> <night: 1|2|3>; env SLACK_URL: a webhook to alert (the outbox is then used).
import { join } from "node:path";
import { newRunId } from "../../../cli/night.ts";
import { parseConfig } from "../../../core/config.ts";
import type { Asset, Snapshot } from "../../../core/model.ts";
import { finishNight, prepareNight } from "../../../core/night.ts";
import { openStore } from "../../../core/store/index.ts";
import { RunAlreadyExists } from "../../../core/store/types.ts";

const [dir, runId = newRunId(), night = "1"] = process.argv.slice(2);
const ACCOUNT = "111122223333";
const endpoint = (name: string): Asset => ({
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
const slack = process.env.SLACK_URL ? `alerts: { slackWebhookUrl: "${process.env.SLACK_URL}" }\n` : "";
const config = parseConfig(
  `inventory: ./inventory\nstore: { type: embedded, path: ./db }\nevidence: { dir: ./evidence }\n${slack}`,
  join(dir!, "aimscan.config.yaml"),
);
const crashAt = process.env.CRASH_AT;
const snapshot: Snapshot = {
  schemaVersion: 1,
  scannedAt: `2026-03-0${night}T02:00:00.000Z`,
  assets: (night === "1" ? ["fraud-scorer", "shadow"] : ["fraud-scorer", "newcomer"]).map(endpoint),
  coverage: [{ provider: "aws", account: ACCOUNT, region: "us-east-1", service: "sagemaker", status: "ok" }],
};
const prepared = prepareNight(config);
const store = await openStore(config.store);
try {
  const startedAt = snapshot.scannedAt;
  try {
    await store.startRun({ runId, startedAt, configHash: prepared.configHash });
  } catch (e) {
    if (!(e instanceof RunAlreadyExists)) throw e;
  }
  const result = await finishNight({
    config,
    prepared,
    runId,
    startedAt,
    snapshot,
    store,
    now: () => new Date(snapshot.scannedAt),
    checkpoint: (name) => {
      if (name === crashAt) process.kill(process.pid, "SIGKILL");
    },
  });
  process.stdout.write(
    `${JSON.stringify({ manifestHash: result.evidence.manifestHash, newItems: result.completed.newItems.length, sinks: result.sinks, resent: result.resent })}\n`,
  );
} finally {
  await store.close();
}
