// Per-test programmable misbehaviour: denial, forced or rate-based throttling, 5xx, slow answers and
// malformed bodies, each aimed at any mix of account, region, service and operation.
import type { AwsScenario } from "../scenario.ts";
import { type Call, partitionFor } from "./state.ts";
import { AwsError } from "./wire.ts";

export interface FaultMatch {
  account?: string;
  region?: string;
  /** Signing name: sagemaker, bedrock, iam, sts, organizations, account, sns, events. */
  service?: string;
  operation?: string;
}

type FaultKind = "deny" | "throttle" | "fail" | "error" | "malformed" | "html" | "slow" | "rewrite";
/** Turns the real answer into a hostile one that is still HTTP 200 (a missing list, foreign ids…). */
export type Rewrite = (output: any, call: Call) => unknown;
interface Fault extends FaultMatch {
  kind: FaultKind;
  status?: number;
  error?: AwsError;
  rewrite?: Rewrite;
  ms?: number;
  /** A held answer waits for this instead of `ms` (see `hold`). */
  until?: Promise<void>;
  /** Hit only this fraction of matching requests (deterministic: every ⌈1/f⌉-th-ish by a counter). */
  fraction?: number;
  seen?: number;
  /** How many requests it hits; default every one. */
  times?: number;
}

export type Decision =
  | { kind: "error"; error: AwsError }
  | { kind: "malformed" }
  | { kind: "rewrite"; rewrite: Rewrite }
  | { kind: "html"; status: number }
  | { kind: "slow"; ms: number; until?: Promise<void> }
  | { kind: "ok" };

export class Controls {
  /** Items per page for every list call (MaxResults may lower it). */
  pageSize = 50;
  /** Datapoints per GetMetricData page (CloudWatch's own limit is 100,800). */
  datapointsPerPage = 100_800;
  /** Requests per second allowed per account+service; above it, ThrottlingException. */
  rateLimit: number | undefined;
  /** Requests answered with a throttling error so far. */
  throttled = 0;
  private faults: Fault[] = [];
  private buckets = new Map<string, { tokens: number; last: number }>();

  deny(match: FaultMatch, times?: number): void {
    this.faults.push({ ...match, kind: "deny", times });
  }
  throttle(match: FaultMatch, times?: number): void {
    this.faults.push({ ...match, kind: "throttle", times });
  }
  fail(match: FaultMatch, status = 500, times?: number): void {
    this.faults.push({ ...match, kind: "fail", status, times });
  }
  /** Throttle a fraction of matching requests (e.g. 0.3), spread evenly and reproducibly. */
  throttleFraction(match: FaultMatch, fraction: number): void {
    this.faults.push({ ...match, kind: "throttle", fraction, seen: 0 });
  }
  /** Answers with a service error of this code (e.g. "Could not find endpoint" as SageMaker says it). */
  error(match: FaultMatch, code: string, message: string, status = 400, times?: number): void {
    this.faults.push({ ...match, kind: "error", error: new AwsError(code, message, status), times });
  }
  /** Answers 200 with `rewrite(real answer)`. */
  rewrite(match: FaultMatch, rewrite: Rewrite, times?: number): void {
    this.faults.push({ ...match, kind: "rewrite", rewrite, times });
  }
  /** An HTML page instead of an API answer (a proxy, captive portal or outage page), default 502. */
  html(match: FaultMatch, status = 502, times?: number): void {
    this.faults.push({ ...match, kind: "html", status, times });
  }
  malformed(match: FaultMatch, times?: number): void {
    this.faults.push({ ...match, kind: "malformed", times });
  }
  /**
   * Holds matching answers until the returned function is called: for tests that must keep a
   * request in flight until something else has happened, however slow the machine is.
   */
  hold(match: FaultMatch, times?: number): () => void {
    let release!: () => void;
    const until = new Promise<void>((r) => {
      release = r;
    });
    this.faults.push({ ...match, kind: "slow", until, times });
    return release;
  }
  slow(match: FaultMatch, ms: number, times?: number): void {
    this.faults.push({ ...match, kind: "slow", ms, times });
  }
  clear(): void {
    this.faults = [];
    this.buckets.clear();
    this.rateLimit = undefined;
    this.throttled = 0;
  }

  /** Decides the fate of one request, consuming `times` and rate tokens. */
  decide(call: Call, scenario: AwsScenario): Decision {
    const denied = scenarioDenies(call, scenario) || this.take(call, "deny");
    if (denied) return { kind: "error", error: accessDenied(call) };
    if (this.take(call, "throttle") || !this.withinRate(call)) {
      this.throttled++;
      return { kind: "error", error: throttling(call) };
    }
    const failed = this.take(call, "fail");
    if (failed)
      return { kind: "error", error: new AwsError("InternalFailure", "simulated failure", failed.status) };
    const coded = this.take(call, "error");
    if (coded?.error) return { kind: "error", error: coded.error };
    if (this.take(call, "malformed")) return { kind: "malformed" };
    const rewrite = this.take(call, "rewrite");
    if (rewrite?.rewrite) return { kind: "rewrite", rewrite: rewrite.rewrite };
    const html = this.take(call, "html");
    if (html) return { kind: "html", status: html.status ?? 502 };
    const slow = this.take(call, "slow");
    if (!slow) return { kind: "ok" };
    return slow.until ? { kind: "slow", ms: 0, until: slow.until } : { kind: "slow", ms: slow.ms ?? 0 };
  }

  private take(call: Call, kind: FaultKind): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.kind === kind && matches(f, call) && (f.times ?? 1) > 0 && hitsFraction(f),
    );
    if (fault && fault.times !== undefined) fault.times--;
    return fault;
  }

  /** A token bucket per account+service, burst equal to one second's allowance. */
  private withinRate(call: Call): boolean {
    const rate = this.rateLimit;
    if (rate === undefined) return true;
    const key = `${call.account}/${call.service}`;
    const now = performance.now();
    const capacity = Math.max(1, rate);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, last: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.last) / 1000) * rate);
    bucket.last = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** For fractional faults: the n-th matching request is hit when ⌊n·f⌋ grows (exactly f of them). */
function hitsFraction(f: Fault): boolean {
  if (f.fraction === undefined) return true;
  const n = (f.seen ?? 0) + 1;
  f.seen = n;
  return Math.floor(n * f.fraction) > Math.floor((n - 1) * f.fraction);
}

function matches(m: FaultMatch, call: Call): boolean {
  return (
    (m.account === undefined || m.account === call.account) &&
    (m.region === undefined || m.region === call.region) &&
    (m.service === undefined || m.service === call.service) &&
    (m.operation === undefined || m.operation === call.operation)
  );
}

function scenarioDenies(call: Call, scenario: AwsScenario): boolean {
  const account = scenario.accounts[call.account];
  return Boolean(
    account?.deniedServices?.includes(call.service) ||
      account?.regions[call.region]?.deniedServices?.includes(call.service),
  );
}

// Each protocol names these errors as the real services do.
function accessDenied(call: Call): AwsError {
  const code = ["iam", "sts", "sns"].includes(call.service) ? "AccessDenied" : "AccessDeniedException";
  const message = `User: arn:${partitionFor(call)}:sts::${call.account}:assumed-role/AimscanReadOnly/aimscan is not authorized to perform: ${call.service}:${call.operation}`;
  return new AwsError(code, message, 403);
}

function throttling(call: Call): AwsError {
  if (["iam", "sts", "sns"].includes(call.service)) return new AwsError("Throttling", "Rate exceeded", 400);
  if (call.service.startsWith("bedrock") || call.service === "account") {
    return new AwsError("ThrottlingException", "Too many requests, please wait before trying again.", 429);
  }
  return new AwsError("ThrottlingException", "Rate exceeded", 400);
}
