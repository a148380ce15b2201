// EventBridge sink: one event per new item (detail-type `aimscan.drift`, source `aimscan`), so
// rules can route each finding on its own (e.g. undeclared in production accounts → a ticket).
import type {
  EventBridgeClient,
  PutEventsCommandOutput,
  PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
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
  ) {
    super(message);
  }
}

/** Returns events accepted; throws PartialFailure (with the count sent) if any were rejected. */
export async function putDriftEvents(
  client: EventBridgeClient,
  bus: string,
  d: Digest,
  abortSignal?: AbortSignal,
): Promise<number> {
  const { PutEventsCommand } = await import("@aws-sdk/client-eventbridge");
  const entries = driftEvents(d, bus);
  let sent = 0;
  const rejected: string[] = [];
  for (let i = 0; i < entries.length; i += BATCH) {
    const batch = entries.slice(i, i + BATCH);
    let out: PutEventsCommandOutput;
    try {
      out = await client.send(new PutEventsCommand({ Entries: batch }), { abortSignal });
    } catch (e) {
      if (sent === 0) throw e;
      throw new PartialFailure(
        `${sent} of ${entries.length} events sent, then: ${(e as Error).message}`,
        sent,
      );
    }
    const results = out.Entries ?? [];
    batch.forEach((_, j) => {
      const r = results[j];
      if (r?.ErrorCode) rejected.push(`${r.ErrorCode}: ${r.ErrorMessage ?? ""}`.trim());
      else sent++;
    });
  }
  if (rejected.length) {
    throw new PartialFailure(
      `${rejected.length} of ${entries.length} events rejected (${rejected[0]})`,
      sent,
    );
  }
  return sent;
}
