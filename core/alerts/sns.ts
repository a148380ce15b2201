// SNS sink: one message per digest. Email subscribers read the text; SQS, Lambda and HTTPS
// subscribers get JSON; message attributes let subscriptions filter (e.g. severity, kinds).
import { createHash } from "node:crypto";
import type { MessageAttributeValue, SNSClient } from "@aws-sdk/client-sns";
import { type Digest, formatDigest } from "./digest.ts";
import { machinePayload } from "./payload.ts";
import { digestCounts } from "./title.ts";

// SNS caps a message at 256 KiB; stay below with room for the envelope.
const MAX_MESSAGE_BYTES = 240 * 1024;

export function snsSubject(d: Digest): string {
  const s = `aimscan: ${digestCounts(d)} (${d.severity})`;
  return s.slice(0, 100); // SNS subject: at most 100 printable ASCII characters
}

export function snsAttributes(d: Digest): Record<string, MessageAttributeValue> {
  const attrs: Record<string, MessageAttributeValue> = {
    severity: { DataType: "String", StringValue: d.severity },
    runId: { DataType: "String", StringValue: d.runId },
    newCount: { DataType: "Number", StringValue: String(d.counts.new) },
    resolvedCount: { DataType: "Number", StringValue: String(d.counts.resolved) },
  };
  const list = (name: string, values: string[]) => {
    if (values.length) attrs[name] = { DataType: "String.Array", StringValue: JSON.stringify(values) };
  };
  list("kinds", d.kinds);
  list("providers", d.providers);
  list("accounts", d.accounts.slice(0, 50));
  return attrs;
}

/** The `MessageStructure: "json"` body: text by default, JSON for machine protocols. */
export function snsMessage(d: Digest): string {
  for (let limit = 100; ; limit = Math.floor(limit / 2)) {
    const json = JSON.stringify(machinePayload(d, limit));
    const text = formatDigest({ ...d, new: d.new.slice(0, limit), resolved: d.resolved.slice(0, limit) });
    const body = JSON.stringify({
      default: text,
      email: text,
      sqs: json,
      lambda: json,
      http: json,
      https: json,
    });
    if (Buffer.byteLength(body) <= MAX_MESSAGE_BYTES || limit === 0) return body;
  }
}

export async function publishSns(
  client: SNSClient,
  topicArn: string,
  d: Digest,
  abortSignal?: AbortSignal,
): Promise<number> {
  const { PublishCommand } = await import("@aws-sdk/client-sns");
  const fifo = topicArn.endsWith(".fifo");
  await client.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: snsSubject(d),
      Message: snsMessage(d),
      MessageStructure: "json",
      MessageAttributes: snsAttributes(d),
      // FIFO topics deduplicate: a run re-done under the same id does not alert twice.
      ...(fifo
        ? {
            MessageGroupId: "aimscan",
            MessageDeduplicationId: createHash("sha256").update(d.runId).digest("hex"),
          }
        : {}),
    }),
    { abortSignal },
  );
  return 1;
}

/** arn:aws:sns:REGION:ACCOUNT:NAME → REGION */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return arn.startsWith("arn:") && region ? region : undefined;
}
