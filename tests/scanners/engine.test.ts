import { describe, expect, it, vi } from "vitest";
import type { Asset } from "../../core/model.ts";
import { runShards, ShardSkipped, type ShardSpec, sleep } from "../../scanners/engine.ts";

const spec = (region: string, service = "sagemaker", account = "111122223333"): ShardSpec => ({
  provider: "aws",
  account,
  region,
  service,
});

const asset = (s: ShardSpec, name: string): Asset => ({
  id: `arn:aws:${s.service}:${s.region}:${s.account}:endpoint/${name}`,
  provider: "aws",
  service: s.service,
  kind: "endpoint",
  account: s.account,
  region: s.region,
  name,
  tags: {},
  attributes: {},
});

describe("runShards", () => {
  it("returns exactly one coverage record per shard, in shard order", async () => {
    const specs = [spec("us-east-1"), spec("eu-west-1"), spec("ap-south-1")];
    const result = await runShards(specs, async (s) => [asset(s, "a")], { concurrency: 2 });
    expect(result.coverage.map((c) => [c.region, c.status, c.assets])).toEqual([
      ["us-east-1", "ok", 1],
      ["eu-west-1", "ok", 1],
      ["ap-south-1", "ok", 1],
    ]);
    expect(result.assets).toHaveLength(3);
  });

  it("turns a thrown error into coverage error with the reason and keeps the other shards", async () => {
    const result = await runShards([spec("us-east-1"), spec("eu-west-1")], async (s) => {
      if (s.region === "eu-west-1") {
        const e = new Error("User is not authorized to perform: sagemaker:ListEndpoints");
        e.name = "AccessDeniedException";
        throw e;
      }
      return [asset(s, "a")];
    });
    expect(result.coverage[1]).toMatchObject({
      status: "error",
      error: "AccessDeniedException: User is not authorized to perform: sagemaker:ListEndpoints",
    });
    expect(result.coverage[0]!.status).toBe("ok");
    expect(result.assets).toHaveLength(1);
  });

  it("drops the partial assets of a failed shard rather than reporting half a region", async () => {
    const result = await runShards([spec("us-east-1")], async () => {
      throw new Error("page 2 failed");
    });
    expect(result.assets).toEqual([]);
    expect(result.coverage[0]!.status).toBe("error");
  });

  it("marks a shard skipped when the service is not offered there", async () => {
    const result = await runShards([spec("ap-east-2", "bedrock")], async () => {
      throw new ShardSkipped("bedrock is not offered in ap-east-2");
    });
    expect(result.coverage[0]).toMatchObject({
      status: "skipped",
      error: "ShardSkipped: bedrock is not offered in ap-east-2",
    });
  });

  it("times a hung shard out as an error", async () => {
    const result = await runShards([spec("us-east-1")], () => new Promise<Asset[]>(() => {}), {
      timeoutMs: 50,
    });
    expect(result.coverage[0]).toMatchObject({ status: "error", error: "timed out after 50 ms" });
  });

  it("never runs more shards at once than the concurrency cap", async () => {
    let running = 0;
    let peak = 0;
    const specs = Array.from({ length: 12 }, (_, i) => spec(`r-${i}`));
    await runShards(
      specs,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return [];
      },
      { concurrency: 3 },
    );
    expect(peak).toBe(3);
  });

  it("shares one rate limiter per account and service", async () => {
    vi.useFakeTimers();
    try {
      const done: string[] = [];
      const specs = [spec("us-east-1"), spec("eu-west-1"), spec("us-east-1", "bedrock")];
      const run = runShards(
        specs,
        async (s, ctx) => {
          await ctx.throttle();
          done.push(`${s.service}/${s.region}`);
          return [];
        },
        { requestsPerSecond: 1 },
      );
      await vi.advanceTimersByTimeAsync(10);
      // One token per key: sagemaker's second shard waits, bedrock's own bucket lets it through.
      expect(done.sort()).toEqual(["bedrock/us-east-1", "sagemaker/us-east-1"]);
      await vi.advanceTimersByTimeAsync(1000);
      await run;
      expect(done).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("derives concurrency from the rate keys when no cap is given, and starts every key first", async () => {
    let running = 0;
    let peak = 0;
    const started: string[] = [];
    // 6 keys (sagemaker and bedrock of three accounts), 6 shards each, listed key by key.
    const specs = ["1", "2", "3"].flatMap((a) =>
      ["sagemaker", "bedrock"].flatMap((service) =>
        Array.from({ length: 6 }, (_, i) => spec(`r-${i}`, service, a)),
      ),
    );
    await runShards(specs, async (s) => {
      started.push(`${s.account}/${s.service}`);
      running++;
      peak = Math.max(peak, running);
      await sleep(5);
      running--;
      return [];
    });
    // 4 per key: 24 of the 36 shards at once, and the first six started are one of each key.
    expect(peak).toBe(24);
    expect(new Set(started.slice(0, 6)).size).toBe(6);
  });

  it("with a concurrency cap, hands the next slot to the key with the fewest shards in flight", async () => {
    const started: string[] = [];
    const specs = [
      ...Array.from({ length: 4 }, (_, i) => spec(`r-${i}`, "sagemaker")),
      spec("r-0", "bedrock"),
      spec("r-1", "bedrock"),
    ];
    await runShards(
      specs,
      async (s) => {
        started.push(s.service);
        await sleep(5);
        return [];
      },
      { concurrency: 2 },
    );
    expect(started.slice(0, 2).sort()).toEqual(["bedrock", "sagemaker"]);
  });
});
