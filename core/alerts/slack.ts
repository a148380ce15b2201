// Slack incoming-webhook sink: blocks with counts, the top items and a link to the report. Cloud
// strings are escaped for Slack's mrkdwn, so an asset named `<!channel>` cannot ping anyone.
import { type Digest, type DigestEntry, describeEntry } from "./digest.ts";
import { digestCounts } from "./title.ts";

const TOP = 10;
const TIMEOUT_MS = 10_000;

/** Slack's own escaping: only &, < and > are control characters in mrkdwn text. */
export function slackEscape(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const line = (e: DigestEntry) => `• ${slackEscape(clip(describeEntry(e), 280))}`;

export function slackPayload(d: Digest): Record<string, unknown> {
  const title = `aimscan: ${digestCounts(d)} since the last run`;
  const field = (label: string, n: number) => ({ type: "mrkdwn", text: `*${label}*\n${n}` });
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: clip(title, 150) } },
    {
      type: "section",
      fields: [
        field("New undeclared", d.counts.undeclared),
        field("New ambiguous", d.counts.ambiguous),
        field("New missing", d.counts.missing),
        field("New high/critical policy failures", d.counts.policy),
        field("Resolved", d.counts.resolved),
        field("Open drift (all)", d.totals.undeclared + d.totals.ambiguous + d.totals.missing),
        field("Failing policy results (all)", d.failingPolicies),
      ],
    },
  ];
  if (d.new.length) {
    const more = d.new.length > TOP ? `\n…and ${d.new.length - TOP} more` : "";
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*New*\n${d.new.slice(0, TOP).map(line).join("\n")}${more}`, 3000) },
    });
  }
  if (d.resolved.length) {
    const more = d.resolved.length > 5 ? `\n…and ${d.resolved.length - 5} more` : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: clip(`*Resolved*\n${d.resolved.slice(0, 5).map(line).join("\n")}${more}`, 3000),
      },
    });
  }
  const link = safeLink(d.reportUrl);
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `${d.resent ? "Re-sent (not delivered before) · " : ""}Run ${slackEscape(d.runId)} · severity ${d.severity}${link ? ` · <${link}|Open the report>` : ""}${d.manifestHash ? ` · evidence sha256 ${d.manifestHash.slice(0, 16)}` : ""}`,
      },
    ],
  });
  return { text: title, blocks };
}

// A link inside <…|…> must not contain the delimiters; anything odd is left out rather than mangled.
function safeLink(url: string | undefined): string | undefined {
  if (!url || /[<>|\s]/.test(url)) return undefined;
  return /^https?:\/\//.test(url) ? url : undefined;
}

/** A Retry-After this short is waited for within the sink's deadline; a longer one is left to the next run. */
const MAX_RETRY_AFTER_S = 5;

export async function postSlack(
  webhookUrl: string,
  d: Digest,
  doFetch: typeof fetch = fetch,
  signal: AbortSignal = AbortSignal.timeout(TIMEOUT_MS),
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(slackPayload(d)),
        signal,
      });
    } catch (e) {
      // The webhook URL is a secret: report the failure without it.
      throw new Error(`Slack webhook unreachable: ${reason(e, signal)}`);
    }
    let body: string;
    try {
      body = (await res.text()).slice(0, 200);
    } catch (e) {
      throw new Error(`Slack webhook answered HTTP ${res.status}, then: ${reason(e, signal)}`);
    }
    if (res.ok) return 1;
    if (res.status === 429) {
      // Slack says when to come back: honour it, here if it is soon, else on the next run (outbox).
      const wait = Number(res.headers.get("retry-after") ?? "1");
      const seconds = Number.isFinite(wait) && wait >= 0 ? wait : 1;
      if (attempt < 3 && seconds <= MAX_RETRY_AFTER_S) {
        await sleepUnlessAborted(seconds * 1000, signal);
        continue;
      }
      throw new Error(`Slack webhook answered HTTP 429 (retry after ${seconds} s); re-sent by the next run`);
    }
    throw new Error(`Slack webhook answered HTTP ${res.status}: ${body}`);
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

function reason(e: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}
