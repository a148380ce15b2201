// At-least-once alerts: a run's digest goes into the store's outbox before the run is marked
// completed, and leaves it sink by sink as each sink accepts it. Whatever a sink refused (500,
// 429, a hang, a process killed mid-send) is re-sent by the next invocation or night, marked as a
// re-send in the digest; `aimscan run` exits 3 while a sink still has something undelivered.
import type { AlertsConfig } from "../model.ts";
import type { OutboxTable } from "../store/outbox.ts";
import type { Digest } from "./digest.ts";
import { type AlertDeps, type SinkName, type SinkResult, sendAlerts } from "./index.ts";

/** `aimscan run` exit code when a sink still failed after this run's attempt (README "Exit codes"). */
export const EXIT_ALERTS_UNDELIVERED = 3;

export function configuredSinks(cfg: AlertsConfig): SinkName[] {
  const sinks: SinkName[] = [];
  if (cfg.sns) sinks.push("sns");
  if (cfg.eventbridge) sinks.push("eventbridge");
  if (cfg.slackWebhookUrl) sinks.push("slack");
  if (cfg.securityhub) sinks.push("securityhub");
  return sinks;
}

function only(cfg: AlertsConfig, sinks: readonly string[]): AlertsConfig {
  return {
    ...cfg,
    sns: sinks.includes("sns") ? cfg.sns : undefined,
    eventbridge: sinks.includes("eventbridge") ? cfg.eventbridge : undefined,
    slackWebhookUrl: sinks.includes("slack") ? cfg.slackWebhookUrl : undefined,
    securityhub: sinks.includes("securityhub") ? cfg.securityhub : undefined,
  } as AlertsConfig;
}

export interface Delivery {
  runId: string;
  /** True for a digest of an earlier run (or attempt) being re-sent. */
  resent: boolean;
  sinks: SinkResult[];
}

/**
 * Delivers every pending outbox entry (oldest first) to the sinks still owed it. Sinks no longer
 * configured are dropped from an entry (nothing can deliver to them).
 */
export async function deliverOutbox(
  outbox: OutboxTable,
  cfg: AlertsConfig,
  deps: AlertDeps = {},
  currentRunId?: string,
): Promise<Delivery[]> {
  const configured = configuredSinks(cfg);
  const out: Delivery[] = [];
  for (const entry of await outbox.pending()) {
    const owed = entry.pending.filter((s) => configured.includes(s as SinkName));
    const resent = entry.runId !== currentRunId || entry.attempts > 0;
    const digest: Digest = {
      ...(entry.digest as Digest),
      ...(resent
        ? { resent: { attempts: entry.attempts, ...(entry.lastError ? { lastError: entry.lastError } : {}) } }
        : {}),
    };
    const results = owed.length > 0 ? await sendAlerts(digest, only(cfg, owed), deps, entry.progress) : [];
    const accepted = [
      ...results.filter((r) => r.ok).map((r) => r.sink as string),
      ...entry.pending.filter((s) => !configured.includes(s as SinkName)),
    ];
    const errors = results.filter((r) => !r.ok).map((r) => `${r.sink}: ${r.error ?? "failed"}`);
    // A batched sink that got part-way keeps its place: the next run sends only the rest.
    const progress = { ...entry.progress };
    for (const r of results) if (!r.ok && r.through !== undefined) progress[r.sink] = r.through;
    await outbox.record(entry, accepted, errors.join("; ") || undefined, progress);
    out.push({ runId: entry.runId, resent, sinks: results });
  }
  return out;
}

export const undelivered = (deliveries: readonly Delivery[]): boolean =>
  deliveries.some((d) => d.sinks.some((s) => !s.ok));
