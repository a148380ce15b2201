// Alerts for one run: build the digest (pure), then send it to every configured sink. A sink that
// fails never fails the run: it comes back as a SinkResult with ok false and the reason.
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { AlertsConfig } from "../model.ts";
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
  /** Messages (SNS, Slack) or events (EventBridge) accepted. */
  sent: number;
  error?: string;
}

export interface AlertDeps {
  sns?: SNSClient;
  eventBridge?: EventBridgeClient;
  securityHub?: SecurityHubClient;
  fetch?: typeof fetch;
  /** Deadline per sink (default 10 s): a sink that hangs is recorded as failed, the run goes on. */
  timeoutMs?: number;
}

export const SINK_TIMEOUT_MS = 10_000;

/** One result per configured sink; an empty digest sends nothing (each sink reports sent 0). */
export async function sendAlerts(
  digest: Digest,
  cfg: AlertsConfig,
  deps: AlertDeps = {},
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
    jobs.push(
      attempt("eventbridge", digest, async (signal) =>
        digest.new.length === 0
          ? 0
          : withClient(
              deps.eventBridge,
              () => eventBridgeClient(bus),
              (c) => putDriftEvents(c, bus, digest, signal),
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
    jobs.push(
      attempt("securityhub", digest, async (signal) =>
        withClient(
          deps.securityHub,
          () => securityHubClient(hub === true ? undefined : hub.region),
          async (c) => importFindings(c, await securityHubTarget(c, hub), digest, signal),
        ),
      ),
    );
  }
  return Promise.all(jobs);
}

/**
 * Runs one sink under a deadline. The signal aborts the sink's request (SDK or fetch); the race is
 * the backstop for anything that ignores it, so a hanging endpoint can never hold the run.
 */
async function attemptWithin(
  sink: SinkName,
  digest: Digest,
  timeoutMs: number,
  send: (signal: AbortSignal) => Promise<number>,
): Promise<SinkResult> {
  if (digest.empty) return { sink, ok: true, sent: 0 };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`no answer within ${timeoutMs / 1000} s (timed out)`);
      controller.abort(e);
      reject(e);
    }, timeoutMs);
  });
  try {
    return { sink, ok: true, sent: await Promise.race([send(controller.signal), deadline]) };
  } catch (e) {
    const sent = e instanceof PartialFailure ? e.sent : 0;
    return { sink, ok: false, sent, error: describe(e) };
  } finally {
    clearTimeout(timer);
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
