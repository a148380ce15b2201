// RecordFailedRun: the state machine's catch. Marks the run failed in the store so a failed
// night is history, never a silent gap. If Plan failed before opening the run, opens it first.
import { z } from "zod";
import { openStore, UnknownRun } from "../core/store/index.ts";
import { type Deps, defaultDeps, logger, metrics } from "./runtime.ts";

export const FailEvent = z.object({
  runId: z.string().min(1),
  error: z.string().nullish(),
  cause: z.string().nullish(),
});

export async function recordFailedRun(
  event: unknown,
  deps: Pick<Deps, "store">,
  now = () => new Date(),
): Promise<{ runId: string; status: "failed"; error: string }> {
  const { runId, error, cause } = FailEvent.parse(event);
  logger.removeKeys(["runId", "batch"]); // warm containers keep keys between invocations
  logger.appendKeys({ runId });
  // Step Functions' Cause is the Lambda error JSON; its message is enough, never a payload.
  const message = [error ?? "Error", causeMessage(cause)].filter(Boolean).join(": ").slice(0, 500);
  const store = await openStore(deps.store);
  try {
    try {
      await store.failRun(runId, message);
    } catch (e) {
      if (!(e instanceof UnknownRun)) throw e;
      await store.startRun({ runId, startedAt: now().toISOString() });
      await store.failRun(runId, message);
    }
  } finally {
    await store.close();
  }
  logger.error("run failed", { error: message });
  metrics.addMetric("runsFailed", "Count", 1);
  metrics.publishStoredMetrics();
  return { runId, status: "failed", error: message };
}

function causeMessage(cause: string | null | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === "string") return parsed.errorMessage;
  } catch {
    // Not JSON: a States.* cause is already a sentence.
  }
  return cause;
}

export const handler = (event: unknown) => recordFailedRun(event, defaultDeps());
