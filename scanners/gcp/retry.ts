// Retries of Google calls, outside gax so that every attempt takes a token from the shard's
// pacing and tells it whether Google throttled: gax's own retry loop would re-send behind the
// limiter's back and the pacing would never learn the project's real quota.
import type { ShardContext } from "../engine.ts";
import type { GcpDeps } from "./clients.ts";

/** gRPC RESOURCE_EXHAUSTED (8) and UNAVAILABLE (14), and the HTTP statuses of the REST transport. */
const THROTTLED = new Set([8, 429]);
const TRANSIENT = new Set([14, 503]);

function codeOf(e: unknown): number | undefined {
  const err = e as { code?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const c of [err?.code, err?.status, err?.response?.status])
    if (typeof c === "number" && (THROTTLED.has(c) || TRANSIENT.has(c))) return c;
  return undefined;
}

export async function paced<T>(ctx: ShardContext, deps: GcpDeps, call: () => Promise<T>): Promise<T> {
  const initial = deps.retry?.initialDelayMs ?? 250;
  const max = deps.retry?.maxDelayMs ?? 8000;
  const retries = deps.retry?.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    // Aborted before the token is taken: a token taken is always answered (it holds a dispatch slot).
    ctx.signal.throwIfAborted();
    await ctx.throttle();
    try {
      const out = await call();
      ctx.answered(false);
      return out;
    } catch (e) {
      const code = codeOf(e);
      const throttled = code !== undefined && THROTTLED.has(code);
      ctx.answered(throttled);
      if (code === undefined || attempt >= retries) throw e;
      // A throttle is re-paced by the bucket that just cut its rate; only a third one in a row, or
      // an unavailable service, also backs off.
      if (!throttled || attempt > 1)
        await delay(Math.min(max, initial * 2 ** attempt) * (0.5 + Math.random() / 2), ctx.signal);
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
