// The retry strategy alone: which backoff a throttled attempt gets (fake timers, no network).
import { afterEach, describe, expect, it, vi } from "vitest";
import { PacedRetryStrategy } from "../../../scanners/aws/retry.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("PacedRetryStrategy", () => {
  it("skips the SDK's throttling backoff for two throttles in a row, and applies it from the third", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const strategy = new PacedRetryStrategy(8);
    let token = await strategy.acquireInitialRetryToken("");
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const next = strategy.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" });
      await vi.advanceTimersByTimeAsync(60_000);
      token = await next;
      delays.push(
        (token as unknown as { $retryLog: { acquisitionDelay: number } }).$retryLog.acquisitionDelay,
      );
    }
    // A transient error's base of 50 ms (×2 per retry), then the SDK's throttling base of 1 s (×4).
    expect(delays).toEqual([25, 50, 2000]);
  });
});
