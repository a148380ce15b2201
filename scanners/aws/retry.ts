// The SDK's standard retries, except for throttles: the SDK would wait up to a second or two
// before re-sending (its own backoff), on top of the shard's pacing, which has already cut its rate
// and emptied its bucket on that same answer (pacing.ts). A throttled attempt is therefore retried
// with the short backoff of a transient error and waits for its token like every other request, so
// it is paced once, by the limiter that learns the account's quota. Only from the third throttle in
// a row (a quota below the pacing's floor, shared with other callers) does the SDK's backoff return,
// so a starved shard still waits as long as before rather than failing sooner.
import { StandardRetryStrategy } from "@smithy/core/retry";

type Strategy = InstanceType<typeof StandardRetryStrategy>;
type Token = Parameters<Strategy["recordSuccess"]>[0];
type ErrorInfo = Parameters<Strategy["refreshRetryTokenForRetry"]>[1];

/** Throttled retries in a row that skip the SDK's backoff, before it applies again. */
const QUICK_THROTTLE_RETRIES = 2;

export class PacedRetryStrategy {
  readonly mode = "standard";
  private readonly standard: Strategy;

  constructor(readonly maxAttempts: number) {
    this.standard = new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<Token> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<Token> {
    const quick = errorInfo.errorType === "THROTTLING" && token.getRetryCount() < QUICK_THROTTLE_RETRIES;
    const paced: ErrorInfo = quick ? { ...errorInfo, errorType: "TRANSIENT" } : errorInfo;
    return this.standard.refreshRetryTokenForRetry(token, paced);
  }

  recordSuccess(token: Token): void {
    this.standard.recordSuccess(token);
  }
}
