// Alerts for one run: build the digest (pure), then send it to every configured sink. A sink that
// fails never fails the run: it comes back as a SinkResult with ok false and the reason.
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { AlertsConfig } from "../model.ts";
import { withinDeadline } from "./deadline.ts";
import type { Digest } from "./digest.ts";
import { PartialFailure, putDriftEvents } from "./eventbridge.ts";
import { importFindings, securityHubTarget } from "./securityhub.ts";
import { postSlack } from "./slack.ts";
import { publishSns, regionOfArn } from "./sns.ts";

export { buildDigest, type Digest, type DigestEntry, type DigestInput, formatDigest } from "./digest.ts";

export type SinkName = "sns" | "eventbridge" | "slack" | "securityhub";
export interface SinkResult {
  sink: SinkName;
  ok: boolean;
  /** Messages (SNS, Slack), events (EventBridge) or findings (Security Hub) accepted. */
  sent: number;
  /** A batched sink (EventBridge, Security Hub) after a partial failure: entries accepted in order
   * from the first; a re-send starts there. */
  through?: number;
  error?: string;
}

/** Where a re-send starts, per sink (the outbox's record of how far a sink accepted a digest). */
export type SinkProgress = Partial<Record<SinkName, number>>;

export interface AlertDeps {
  sns?: SNSClient;
  eventBridge?: EventBridgeClient;
  securityHub?: SecurityHubClient;
  fetch?: typeof fetch;
  /**
   * Deadline per call (default 10 s): one Slack post, one SNS message, one EventBridge batch of 10.
   * A call that hangs fails its sink (the rest stays in the outbox); a long storm of fast calls goes out.
   */
  timeoutMs?: number;
}

export const SINK_TIMEOUT_MS = 10_000;

/** One result per configured sink; an empty digest sends nothing (each sink reports sent 0). */
export async function sendAlerts(
  digest: Digest,
  cfg: AlertsConfig,
  deps: AlertDeps = {},
  progress: SinkProgress = {},
): Promise<SinkResult[]> {
  const jobs: Promise<SinkResult>[] = [];
  const timeoutMs = deps.timeoutMs ?? SINK_TIMEOUT_MS;
  const attempt = (sink: SinkName, d: Digest, send: (signal: AbortSignal) => Promise<number>) =>
    attemptWithin(sink, d, timeoutMs, send);
  if (cfg.sns) {
    const topic = cfg.sns;
    jobs.push(
      attempt("sns", digest, async (signal) =>
        withClient(
          deps.sns,
          () => snsClient(topic),
          (c) => publishSns(c, topic, digest, signal),
        ),
      ),
    );
  }
  if (cfg.eventbridge) {
    const bus = cfg.eventbridge;
    // Batched: each PutEvents call has its own deadline, so there is none on the sink as a whole.
    jobs.push(
      attemptWithin("eventbridge", digest, undefined, async () =>
        digest.new.length === 0
          ? 0
          : withClient(
              deps.eventBridge,
              () => eventBridgeClient(bus),
              (c) =>
                putDriftEvents(c, bus, digest, {
                  callTimeoutMs: timeoutMs,
                  ...(progress.eventbridge ? { from: progress.eventbridge } : {}),
                }),
            ),
      ),
    );
  }
  if (cfg.slackWebhookUrl) {
    const url = cfg.slackWebhookUrl;
    jobs.push(attempt("slack", digest, (signal) => postSlack(url, digest, deps.fetch, signal)));
  }
  if (cfg.securityhub) {
    const hub = cfg.securityhub;
    // Batched like EventBridge: a deadline per BatchImportFindings call of 100, and a re-send
    // starts after the findings already imported.
    jobs.push(
      attemptWithin("securityhub", digest, undefined, async () =>
        withClient(
          deps.securityHub,
          () => securityHubClient(hub === true ? undefined : hub.region),
          async (c) =>
            importFindings(c, await withinDeadline(timeoutMs, () => securityHubTarget(c, hub)), digest, {
              callTimeoutMs: timeoutMs,
              ...(progress.securityhub ? { from: progress.securityhub } : {}),
            }),
        ),
      ),
    );
  }
  return Promise.all(jobs);
}

/**
 * Runs one sink under a deadline (`timeoutMs`; undefined for a batched sink whose calls each have
 * their own, core/alerts/deadline.ts). The signal aborts the sink's request (SDK or fetch); the race
 * is the backstop for anything that ignores it, so a hanging endpoint can never hold the run.
 */
async function attemptWithin(
  sink: SinkName,
  digest: Digest,
  timeoutMs: number | undefined,
  send: (signal: AbortSignal) => Promise<number>,
): Promise<SinkResult> {
  if (digest.empty) return { sink, ok: true, sent: 0 };
  try {
    const sent =
      timeoutMs === undefined
        ? await send(new AbortController().signal)
        : await withinDeadline(timeoutMs, send);
    return { sink, ok: true, sent };
  } catch (e) {
    const sent = e instanceof PartialFailure ? e.sent : 0;
    const through = e instanceof PartialFailure ? e.through : undefined;
    return { sink, ok: false, sent, ...(through ? { through } : {}), error: describe(e) };
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.name && e.name !== "Error" && !e.message.startsWith(e.name)
    ? `${e.name}: ${e.message}`
    : e.message;
}

/** Uses the caller's client, or creates one (standard credential chain) and destroys it after. */
async function withClient<C extends { destroy(): void }>(
  given: C | undefined,
  make: () => Promise<C>,
  use: (c: C) => Promise<number>,
): Promise<number> {
  const client = given ?? (await make());
  try {
    return await use(client);
  } finally {
    if (!given) client.destroy();
  }
}

// SDKs load only when a sink is configured, so the CLI's cold start does not pay for them.
async function snsClient(topicArn: string): Promise<SNSClient> {
  const { SNSClient } = await import("@aws-sdk/client-sns");
  const region = regionOfArn(topicArn);
  return new SNSClient(region ? { region } : {});
}

async function securityHubClient(region: string | undefined): Promise<SecurityHubClient> {
  const { SecurityHubClient } = await import("@aws-sdk/client-securityhub");
  return new SecurityHubClient(region ? { region } : {});
}

async function eventBridgeClient(bus: string): Promise<EventBridgeClient> {
  const { EventBridgeClient } = await import("@aws-sdk/client-eventbridge");
  const region = regionOfArn(bus);
  return new EventBridgeClient(region ? { region } : {});
}
