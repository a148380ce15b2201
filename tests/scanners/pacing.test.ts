import { afterEach, describe, expect, it, vi } from "vitest";
import { Dispatch } from "../../scanners/dispatch.ts";
import { LearningBucket, Pacer, shardConcurrency } from "../../scanners/pacing.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** Takes `n` tokens and returns how many passed after each of the given waits. */
async function passedAfter(bucket: LearningBucket, n: number, waits: number[]): Promise<number[]> {
  let passed = 0;
  for (let i = 0; i < n; i++) void bucket.take().then(() => passed++);
  const out: number[] = [];
  for (const ms of waits) {
    await vi.advanceTimersByTimeAsync(ms);
    out.push(passed);
  }
  return out;
}

describe("LearningBucket", () => {
  it("lets half a burst through at first and then one request per 1/rate seconds", async () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 5, now: () => Date.now() });
    // 2.5 tokens at first: 2 now, the third after 100 ms, then one every 200 ms.
    expect(await passedAfter(bucket, 8, [0, 150, 200, 200])).toEqual([2, 3, 4, 5]);
  });

  it("opens with half a burst at its first request, however long after it was made", async () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    // Made when its shard started; the first request comes 3 s later (a role session to assume).
    vi.advanceTimersByTime(3000);
    expect(await passedAfter(bucket, 12, [0, 120])).toEqual([5, 6]);
  });

  it("cuts its rate to just under what the server accepted in the last second when throttled", () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 12, now: () => Date.now() });
    vi.advanceTimersByTime(1000);
    for (let i = 0; i < 4; i++) bucket.answered(false);
    vi.advanceTimersByTime(100);
    // One throttle among four answers is a bunch that reached the server together: the minimum cut.
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(10.8);
    // The throttles of the same overshoot are one signal.
    vi.advanceTimersByTime(50);
    bucket.answered(true);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(10.8);
    // A window with as many throttles as answers measures the server: 4 accepted, just under 4/s.
    vi.advanceTimersByTime(850);
    for (let i = 0; i < 4; i++) bucket.answered(false);
    vi.advanceTimersByTime(150);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(3.8);
    // A lone throttle after a quiet second measures nothing (its answer may have overtaken those
    // of the requests sent beside it): the minimum cut, not a cut to the empty window.
    vi.advanceTimersByTime(1001);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(3.42);
    // Throttles that go on across windows with nothing accepted cut by at most three quarters, and
    // never below a quarter of where it started (throttles that do not follow the rate must not
    // spiral it down).
    vi.advanceTimersByTime(500);
    bucket.answered(true);
    vi.advanceTimersByTime(600);
    bucket.answered(true);
    expect(bucket.rate).toBe(3);
    expect(bucket.throttles).toBe(7);
  });

  it("counts a young key's accepted requests over its own age, so an early throttle is no quiet second", () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    // Six accepted in the key's first 200 ms is 30/s, not 6/s: the cut is the minimum 10%.
    vi.advanceTimersByTime(100);
    for (let i = 0; i < 6; i++) bucket.answered(false);
    vi.advanceTimersByTime(100);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(9);
  });

  it("takes a throttle within its opening burst as a server whose burst, and so rate, is smaller", () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    // Five tokens at first; the server let three through by 50 ms: about 3/s, and no margin under
    // it (the opening measures the server itself, from below).
    for (let i = 0; i < 3; i++) bucket.answered(false);
    vi.advanceTimersByTime(50);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(2.86, 1);
  });

  it("raises an opening cut again for the burst's accepted answers read after its throttle", async () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    // A server with a burst of three at 3/s: five sent at once, three let through; the loop reads
    // two accepted answers, then a throttle, then the third accepted.
    expect(await passedAfter(bucket, 5, [0])).toEqual([5]);
    vi.advanceTimersByTime(200);
    bucket.answered(false);
    bucket.answered(false);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(2.5);
    bucket.answered(false);
    expect(bucket.rate).toBeCloseTo(3);
    // The other throttle of the same burst, read late, is the same overshoot: no second cut.
    vi.advanceTimersByTime(300);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(3);
  });

  it("counts the requests planning spent on its key in the opening measure", () => {
    vi.useFakeTimers();
    // GetCallerIdentity took one of a 3/s server's three: two of our opening let through.
    const bucket = new LearningBucket({ start: 10, spent: 1, now: () => Date.now() });
    for (let i = 0; i < 2; i++) bucket.answered(false);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(3);
  });

  it("cuts again within the window when throttles outnumber answers after a cut", () => {
    vi.useFakeTimers();
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    vi.advanceTimersByTime(100);
    for (let i = 0; i < 6; i++) bucket.answered(false);
    vi.advanceTimersByTime(50);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(9);
    // A server at ~3/s: after the cut, one answer and two throttles in 550 ms.
    vi.advanceTimersByTime(300);
    bucket.answered(false);
    bucket.answered(true);
    expect(bucket.rate).toBeCloseTo(9);
    vi.advanceTimersByTime(250);
    bucket.answered(true);
    // (1 + 1) answers in 0.55 s, just under: 3.45/s.
    expect(bucket.rate).toBeCloseTo(3.45, 1);
  });

  it("probes upward only while callers wait on it, and never above the user's cap", async () => {
    vi.useFakeTimers();
    const idle = new LearningBucket({ start: 10, now: () => Date.now() });
    for (let s = 0; s < 5; s++) {
      vi.advanceTimersByTime(1100);
      idle.answered(false);
    }
    expect(idle.rate).toBe(10);

    const busy = new LearningBucket({ start: 10, cap: 11, now: () => Date.now() });
    let stop = false;
    const load = (async () => {
      while (!stop) {
        await busy.take();
        busy.answered(false);
      }
    })();
    await vi.advanceTimersByTimeAsync(2500);
    const risen = busy.rate;
    await vi.advanceTimersByTimeAsync(5000);
    stop = true;
    await vi.advanceTimersByTimeAsync(200);
    await load;
    expect(risen).toBeGreaterThan(10);
    expect(busy.rate).toBe(11);
  });

  it("converges on a server's real rate from a documented start well above it", async () => {
    vi.useFakeTimers();
    // A server bucket of 4/s with a burst of 4, the shape the simulators and ARM use.
    let tokens = 4;
    let last = Date.now();
    const server = () => {
      const now = Date.now();
      tokens = Math.min(4, tokens + ((now - last) / 1000) * 4);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };
    // Google's case: documented 10/s, the simulator's project quota 4/s.
    const bucket = new LearningBucket({ start: 10, now: () => Date.now() });
    let accepted = 0;
    let stop = false;
    const lanes = Array.from({ length: 8 }, async () => {
      while (!stop) {
        await bucket.take();
        const ok = server();
        bucket.answered(!ok);
        if (ok) accepted++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    await vi.advanceTimersByTimeAsync(20_000);
    stop = true;
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(lanes);
    expect(bucket.rate).toBeGreaterThan(3);
    expect(bucket.rate).toBeLessThan(5);
    // Nearly all of the server's capacity was used, and throttles stayed a small share of the work.
    expect(accepted).toBeGreaterThan(0.85 * 4 * 20);
    expect(bucket.throttles).toBeLessThan(accepted / 3);
  });
});

describe("Pacer", () => {
  it("keeps one bucket per provider, account and service, starting at the user's rate or the documented one", () => {
    const pacer = new Pacer();
    const spec = {
      provider: "azure" as const,
      account: "sub",
      region: "global",
      service: "cognitiveservices",
    };
    expect(pacer.bucketFor(spec)).toBe(pacer.bucketFor({ ...spec, region: "westeurope" }));
    expect(pacer.bucketFor(spec).rate).toBe(25);
    expect(new Pacer({ cap: 3 }).bucketFor(spec).rate).toBe(3);
  });

  it("opens a new account's key at the rate its service's other accounts learned, when lower", async () => {
    vi.useFakeTimers();
    const pacer = new Pacer();
    const spec = { provider: "aws" as const, account: "1", region: "us-east-1", service: "monitoring" };
    const first = pacer.bucketFor(spec);
    const third = pacer.bucketFor({ ...spec, account: "3" });
    // Made at once (every shard starts together), before anything was learned.
    const second = pacer.bucketFor({ ...spec, account: "2" });
    const otherService = pacer.bucketFor({ ...spec, account: "2", service: "sagemaker" });
    // A 3/s server: three of the opening five let through.
    const measure = async (b: LearningBucket) => {
      await b.take();
      for (let i = 0; i < 3; i++) b.answered(false);
      b.answered(true);
    };
    await measure(first);
    expect(first.rate).toBeCloseTo(3);
    // One measure may be wrong: a second account must agree before others open at it.
    expect(pacer.bucketFor({ ...spec, account: "4" }).rate).toBe(10);
    await pacer.bucketFor({ ...spec, account: "4" }).take();
    expect(pacer.bucketFor({ ...spec, account: "4" }).rate).toBe(10);
    await measure(third);
    await second.take();
    expect(second.rate).toBeCloseTo(3);
    // And with the whole burst the server was measured to have: two more at once, then 1/3 s each.
    expect(await passedAfter(second, 4, [0, 340])).toEqual([2, 3]);
    await otherService.take();
    expect(otherService.rate).toBe(10);
  });

  it("lets calls that unlock other work (AssumeRole) past a full dispatch", async () => {
    const dispatch = new Dispatch(1);
    const pacer = new Pacer({ dispatch });
    const spec = { provider: "aws" as const, account: "1", region: "us-east-1", service: "sagemaker" };
    await pacer.bucketFor(spec).take();
    let queued = false;
    void pacer
      .bucketFor(spec)
      .take()
      .then(() => (queued = true));
    await pacer.bucketForKey("aws/caller/sts", "aws", true).take();
    await new Promise((r) => setTimeout(r, 10));
    // The shard's second request still waits for the one slot; the STS call did not.
    expect(queued).toBe(false);
    expect(dispatch.queued).toBe(1);
    pacer.bucketFor(spec).answered(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(queued).toBe(true);
  });
});

describe("shardConcurrency", () => {
  it("is four shards per rate key, at least 16 and at most 256, within the user's cap and the shard count", () => {
    expect(shardConcurrency(60, 180)).toBe(180);
    expect(shardConcurrency(2, 100)).toBe(16);
    expect(shardConcurrency(1000, 8000)).toBe(256);
    expect(shardConcurrency(60, 180, 32)).toBe(32);
    expect(shardConcurrency(60, 5)).toBe(5);
  });
});
