import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDigest, sendAlerts } from "../../../core/alerts/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { ACCOUNT, awsClients, BUS, emptyReport, failure, item, TOPIC, undeclared } from "./fixtures.ts";
import { type SlackReceiver, startSlackReceiver } from "./slack-receiver.ts";

let sim: AwsSimulator;
let slack: SlackReceiver;
let clients: ReturnType<typeof awsClients>;

beforeAll(async () => {
  sim = await startAwsSimulator({ accounts: { [ACCOUNT]: { regions: {} } } });
  slack = await startSlackReceiver();
  clients = awsClients(sim.endpoint);
});
afterAll(async () => {
  clients.sns.destroy();
  clients.eventBridge.destroy();
  await Promise.all([sim.stop(), slack.stop()]);
});
afterEach(() => {
  sim.published.length = 0;
  slack.received.length = 0;
  sim.controls.clear();
  slack.failWith(200, "ok");
});

const digest = (over: Partial<Parameters<typeof buildDigest>[0]> = {}) =>
  buildDigest({
    runId: "run-2",
    report: emptyReport("run-2"),
    newItems: [
      undeclared("shadow-a"),
      undeclared("shadow-b"),
      item("missing", `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/gone`),
    ],
    resolvedItems: [undeclared("removed", "resolved")],
    newPolicyFailures: [failure("aws-bedrock-invocation-logging-enabled", "high")],
    reportUrl: "https://reports.example.com/run-2/report.html",
    ...over,
  });

const cfg = () => ({ sns: TOPIC, eventbridge: BUS, slackWebhookUrl: slack.url });

describe("sendAlerts", () => {
  it("publishes one SNS message with filterable attributes and text plus JSON bodies", async () => {
    const results = await sendAlerts(digest(), { sns: TOPIC }, clients);
    expect(results).toEqual([{ sink: "sns", ok: true, sent: 1 }]);
    const [msg, ...rest] = sim.published;
    expect(rest).toEqual([]);
    expect(msg).toMatchObject({
      service: "sns",
      target: TOPIC,
      subject: "aimscan: new: 2 undeclared, 1 missing, 1 policy failure; 1 resolved (high)",
    });
    expect(msg!.attributes).toMatchObject({
      severity: "high",
      kinds: '["missing","policy","undeclared","resolved"]',
      newCount: "4",
      resolvedCount: "1",
      providers: '["aws"]',
    });
    const body = JSON.parse(msg!.message);
    expect(body.default).toContain('NEW       undeclared: aws sagemaker endpoint "shadow-a"');
    expect(JSON.parse(body.sqs)).toMatchObject({
      source: "aimscan",
      runId: "run-2",
      counts: { new: 4, resolved: 1 },
    });
  });

  it("puts one EventBridge event per new item, detail-type aimscan.drift, batching by ten", async () => {
    const many = Array.from({ length: 23 }, (_, i) => undeclared(`shadow-${String(i).padStart(2, "0")}`));
    const results = await sendAlerts(
      digest({ newItems: many, newPolicyFailures: [] }),
      { eventbridge: BUS },
      clients,
    );
    expect(results).toEqual([{ sink: "eventbridge", ok: true, sent: 23 }]);
    expect(sim.published).toHaveLength(23);
    expect(sim.requests.filter((r) => r.operation === "PutEvents")).toHaveLength(3);
    const first = sim.published[0]!;
    expect(first).toMatchObject({
      service: "events",
      target: BUS,
      attributes: { source: "aimscan", detailType: "aimscan.drift" },
    });
    expect(JSON.parse(first.message)).toMatchObject({
      runId: "run-2",
      kind: "undeclared",
      change: "new",
      name: "shadow-00",
    });
  });

  it("posts Slack blocks with counts, the top items and a report link, escaping cloud strings", async () => {
    const results = await sendAlerts(digest({ newItems: [undeclared("<!channel> & co")] }), {
      slackWebhookUrl: slack.url,
    });
    expect(results).toEqual([{ sink: "slack", ok: true, sent: 1 }]);
    const { body } = slack.received[0]!;
    expect(body.text).toBe("aimscan: new: 1 undeclared, 1 policy failure; 1 resolved since the last run");
    const text = JSON.stringify(body.blocks);
    expect(text).toContain("*New undeclared*\\n1");
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("<https://reports.example.com/run-2/report.html|Open the report>");
  });

  it("sends to every configured sink at once", async () => {
    const results = await sendAlerts(digest(), cfg(), clients);
    expect(results.map((r) => [r.sink, r.ok, r.sent])).toEqual([
      ["sns", true, 1],
      ["eventbridge", true, 4],
      ["slack", true, 1],
    ]);
  });

  it("sends nothing for an empty digest", async () => {
    const empty = digest({ newItems: [], resolvedItems: [], newPolicyFailures: [] });
    const results = await sendAlerts(empty, cfg(), clients);
    expect(results.every((r) => r.ok && r.sent === 0)).toBe(true);
    expect(sim.published).toEqual([]);
    expect(slack.received).toEqual([]);
  });

  it("records a failing sink as a result and still delivers to the others", async () => {
    sim.controls.deny({ service: "sns" });
    slack.failWith(404, "no_service");
    const results = await sendAlerts(digest(), cfg(), clients);
    expect(results[0]).toMatchObject({
      sink: "sns",
      ok: false,
      sent: 0,
      error: expect.stringContaining("AccessDenied"),
    });
    expect(results[1]).toEqual({ sink: "eventbridge", ok: true, sent: 4 });
    expect(results[2]).toEqual({
      sink: "slack",
      ok: false,
      sent: 0,
      error: "Slack webhook answered HTTP 404: no_service",
    });
  });

  it("never puts the Slack webhook URL (a secret) into an error", async () => {
    const closed = `http://127.0.0.1:1/services/T000/B000/XXXXSECRETXXXX`;
    const [result] = await sendAlerts(digest(), { slackWebhookUrl: closed });
    expect(result).toMatchObject({ sink: "slack", ok: false });
    expect(result!.error).not.toContain("XXXXSECRETXXXX");
  });
});
