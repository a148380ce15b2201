import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import { generateAzureScenario, subscriptionId } from "../../../simulator/azure/scenario.ts";

let sim: AzureSimulator;
const SUB = subscriptionId(1);

beforeAll(async () => {
  sim = await startAzureSimulator(
    generateAzureScenario({ subscriptions: 2, accountsPerSubscription: 3, deploymentsPerAccount: 1 }),
    {
      pageSize: 2,
      requestsPerSecond: 5,
    },
  );
});
afterAll(() => sim.stop());

function get(
  path: string,
  method = "GET",
  auth = true,
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.endpoint}${path}`,
      { method, ca: sim.ca, headers: auth ? { authorization: "Bearer t" } : {} },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("Azure simulator", () => {
  it("refuses calls without a bearer token", async () => {
    const res = await get("/subscriptions?api-version=2022-12-01", "GET", false);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AuthenticationFailed");
  });

  it("lists subscriptions and accounts with an absolute nextLink on the same endpoint", async () => {
    const subs = await get("/subscriptions?api-version=2022-12-01");
    expect(subs.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([
      SUB,
      subscriptionId(2),
    ]);
    const page1 = await get(
      `/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/accounts?api-version=2025-09-01`,
    );
    expect(page1.body.value).toHaveLength(2);
    expect(page1.body.nextLink).toMatch(new RegExp(`^${sim.endpoint}/subscriptions/${SUB}/providers/`));
    const page2 = await get(new URL(page1.body.nextLink).pathname + new URL(page1.body.nextLink).search);
    expect(page2.body.value).toHaveLength(1);
    expect(page2.body.nextLink).toBeUndefined();
  });

  it("answers 429 with Retry-After once a subscription exceeds its request rate", async () => {
    const path = `/subscriptions/${subscriptionId(2)}/providers/Microsoft.CognitiveServices/accounts?api-version=2025-09-01`;
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(path)));
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(Number(throttled[0]!.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(throttled[0]!.headers["retry-after-ms"])).toBeGreaterThan(0);
    expect(throttled[0]!.body.error.code).toBe("TooManyRequests");
  });

  it("logs a listKeys call and never answers it with keys", async () => {
    const res = await get(
      `/subscriptions/${SUB}/resourceGroups/rg-0/providers/Microsoft.CognitiveServices/accounts/ai-1-0/listKeys?api-version=2025-09-01`,
      "POST",
    );
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toMatch(/key1|key2/);
    expect(sim.requests.at(-1)).toMatchObject({ method: "POST", subscription: SUB, status: 403 });
  });
});
