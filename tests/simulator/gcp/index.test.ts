import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";

const scenario: GcpScenario = {
  projects: [
    {
      id: "proj-a",
      number: "123456789012",
      vertex: { "us-central1": { endpoints: [{ id: "1" }, { id: "2" }, { id: "3" }] } },
      apiKeys: [{ uid: "k1", keyString: "AIza-CANARY" }],
    },
  ],
};

let sim: GcpSimulator;
beforeAll(async () => {
  sim = await startGcpSimulator(scenario, { pageSize: 2, requestsPerSecond: 3 });
});
afterAll(() => sim.stop());

const get = async (path: string, auth = true) => {
  const res = await fetch(`${sim.apiEndpoint}${path}`, {
    headers: auth ? { authorization: "Bearer t" } : {},
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe("GCP simulator", () => {
  it("refuses calls without a bearer token as UNAUTHENTICATED", async () => {
    const res = await get("/v1/projects/proj-a/locations/us-central1/endpoints", false);
    expect(res.status).toBe(401);
    expect(res.body.error.status).toBe("UNAUTHENTICATED");
  });

  it("names resources by project number whether the request used the id or the number, and pages", async () => {
    const first = await get("/v1/projects/proj-a/locations/us-central1/endpoints");
    expect(first.body.endpoints.map((e: { name: string }) => e.name)).toEqual([
      "projects/123456789012/locations/us-central1/endpoints/1",
      "projects/123456789012/locations/us-central1/endpoints/2",
    ]);
    const second = await get(
      `/v1/projects/123456789012/locations/us-central1/endpoints?pageToken=${first.body.nextPageToken}`,
    );
    expect(second.body.endpoints).toHaveLength(1);
    expect(second.body.nextPageToken).toBeUndefined();
    expect((await get("/v1/projects/proj-a")).body).toMatchObject({
      projectId: "proj-a",
      projectNumber: "123456789012",
    });
  });

  it("answers RESOURCE_EXHAUSTED once a project exceeds its quota", async () => {
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => get("/v2/projects/proj-a/locations/global/keys")),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
  });

  it("lists keys without their key string and refuses getKeyString", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the quota refill
    const list = await get("/v2/projects/proj-a/locations/global/keys");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain("CANARY");
    const secret = await get("/v2/projects/proj-a/locations/global/keys/k1/keyString");
    expect(secret.status).toBe(403);
    expect(JSON.stringify(secret.body)).not.toContain("CANARY");
    expect(sim.requests.at(-1)).toMatchObject({ service: "apikeys", project: "proj-a", status: 403 });
  });
});
