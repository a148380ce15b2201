// EventBridge sink: one event per new item (detail-type `aimscan.drift`, source `aimscan`), so
// rules can route each finding on its own (e.g. undeclared in production accounts → a ticket).
import type {
  EventBridgeClient,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { withinDeadline } from "./deadline.ts";
import type { Digest, DigestEntry } from "./digest.ts";

export const EVENT_SOURCE = "aimscan";
export const DETAIL_TYPE = "aimscan.drift";
const BATCH = 10; // PutEvents accepts at most 10 entries per call

export function driftEvents(d: Digest, bus: string): PutEventsRequestEntry[] {
  return d.new.map((e: DigestEntry) => ({
    Source: EVENT_SOURCE,
    DetailType: DETAIL_TYPE,
    EventBusName: bus,
    Time: new Date(d.generatedAt),
    // Resources must be ARNs; Azure ids and GCP names travel in the detail only.
    Resources: e.assetId?.startsWith("arn:") ? [e.assetId] : [],
    Detail: JSON.stringify({ runId: d.runId, ...e, ...(d.reportUrl ? { reportUrl: d.reportUrl } : {}) }),
  }));
}

export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly sent: number,
    /** Events of the digest accepted in order from the first (a re-send starts after them). */
    readonly through?: number,
  ) {
    super(message);
  }
}

export interface PutOptions {
  /** Deadline per PutEvents call (10 entries): a storm goes out whole, a hang fails one call. */
  callTimeoutMs: number;
  /** Skip the first `from` events: a re-send of a digest the bus accepted that far. */
  from?: number;
}

/**
 * Returns events accepted; throws PartialFailure (with the count sent and how far in order the
 * bus accepted them) if any were rejected or a call failed. It stops at the first failed call:
 * the rest stay in the outbox for the next run.
 */
export async function putDriftEvents(
  client: EventBridgeClient,
  bus: string,
  d: Digest,
  options: PutOptions,
): Promise<number> {
  const { PutEventsCommand } = await import("@aws-sdk/client-eventbridge");
  const entries = driftEvents(d, bus);
  const from = Math.min(options.from ?? 0, entries.length);
  let sent = 0;
  let through: number | undefined;
  const rejected: string[] = [];
  const accepted = () => through ?? entries.length;
  for (let i = from; i < entries.length; i += BATCH) {
    const batch = entries.slice(i, i + BATCH);
    let out: PutEventsCommandOutput;
    try {
      out = await withinDeadline(options.callTimeoutMs, (abortSignal) =>
        client.send(new PutEventsCommand({ Entries: batch }), { abortSignal }),
      );
    } catch (e) {
      through ??= i;
      if (sent === 0 && from === 0) throw e;
      throw new PartialFailure(
        `${from + sent} of ${entries.length} events sent, then: ${(e as Error).message}`,
        sent,
        accepted(),
      );
    }
    const results = out.Entries ?? [];
    batch.forEach((_, j) => {
      const r = results[j];
      if (r?.ErrorCode) {
        rejected.push(`${r.ErrorCode}: ${r.ErrorMessage ?? ""}`.trim());
        through ??= i + j;
      } else sent++;
    });
  }
  if (rejected.length) {
    throw new PartialFailure(
      `${rejected.length} of ${entries.length} events rejected (${rejected[0]})`,
      sent,
      accepted(),
    );
  }
  return sent;
}
