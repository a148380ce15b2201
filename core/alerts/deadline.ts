// A deadline per call, not per sink: a storm of 5,000 EventBridge events at 40 ms a call takes
// 20 s and must all go out, while one call that hangs must not hold the night. Each call gets its
// own signal (the SDK aborts the request) and the race is the backstop for anything ignoring it.
export class DeadlinePassed extends Error {}

export async function withinDeadline<T>(
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new DeadlinePassed(`no answer within ${ms / 1000} s (timed out)`);
      controller.abort(e);
      reject(e);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", stop);
  }
}
