// Adaptive pacing: one learning token bucket per rate-limit key (default: provider + account +
// service). It starts near the cloud's documented quota, and learns the real one from the cloud's
// own answers: a throttle cuts the rate to what the server was actually accepting, and a stretch
// without throttles, while requests are waiting on the bucket, probes a little higher. Users never
// tune it; `scan.requestsPerSecond` only caps it. Every HTTP attempt (pages and retries alike)
// takes a token and reports its answer, so retries never spend quota behind the limiter's back.
import type { Dispatch } from "./dispatch.ts";
import type { ShardSpec } from "./engine.ts";

/**
 * Where each cloud's pacing starts, in requests per second per rate key. Azure Resource Manager
 * documents a token bucket of 250 reads refilled at 25/s per subscription. AWS publishes few
 * control-plane quotas for these services; List/Describe calls throttle around 10/s per account
 * here, and 10 is the SDKs' own conservative figure. Google's Vertex AI and API Keys management
 * quotas are per minute and per project (hundreds per minute), so 10/s is near them.
 */
export const DOCUMENTED_RATE: Record<string, number> = { aws: 10, azure: 25, gcp: 10 };
const FALLBACK_RATE = 10;
/** AIMSCAN_TRACE_PACING=1: one stderr line per cut, to see why a key ran slow (bench/scan-aws.ts). */
const TRACE = process.env.AIMSCAN_TRACE_PACING === "1";

/** Never slower than this, however hard a cloud pushes back (one request every 2 s). */
const MIN_RATE = 0.5;
/**
 * Nor below this share of where pacing started: throttles that do not follow the rate (a quota
 * shared with other callers, a fraction of requests refused at random) would otherwise cut it
 * again every second, since what the server accepts shrinks with what is sent.
 */
const FLOOR_OF_START = 0.25;
/** The window over which "what the server accepted" is counted when it throttles. */
const WINDOW_MS = 1000;
/** After a cut, this long without a throttle before probing upward. */
const SETTLE_MS = 2000;
/** Each probe step: this fraction more, at most once per second. */
const PROBE = 0.05;
/** A window with at most one throttle per this many answers is bunching, not an overshoot. */
const FEW_THROTTLES = 4;
/** A second cut in one window needs this long since the first, */
const RECUT_AFTER_MS = 200;
/** and this many more throttles than answers since it (and two at least). */
const RECUT_EXCESS = 1;

export interface PacingOptions {
  /** The user's cap (scan.requestsPerSecond); the learned rate never goes above it. */
  cap?: number;
  /** The starting rate (default: the documented quota of the provider). */
  start?: number;
  /** Shared by the scan's buckets: a request also waits for a slot when the process is the bottleneck. */
  dispatch?: Dispatch;
  now?: () => number;
  /** Its rate key, for the trace. */
  label?: string;
  /** Requests on this key the cloud answered before this bucket's (planning's). */
  spent?: number;
  /** Asked at the first request: a rate other keys of the same service learned, if lower than the start. */
  prior?: () => number | undefined;
}

/** A token bucket whose refill rate follows the server's answers. */
export class LearningBucket {
  private current: number;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly cap: number;
  private floor: number;
  private readonly now: () => number;
  /** Times of answered (not throttled) requests within the last window. */
  private accepted: number[] = [];
  /** Times of throttled requests within the last window. */
  private refused: number[] = [];
  private lastCut = Number.NEGATIVE_INFINITY;
  private acceptedSinceCut = 0;
  private throttledSinceCut = 0;
  private lastProbe = Number.NEGATIVE_INFINITY;
  private lastWait = Number.NEGATIVE_INFINITY;
  private readonly dispatch: Dispatch | undefined;
  /** The tokens it started with. */
  private opening: number;
  /** When the bucket was made (its key's first request). */
  private born: number;
  /** Whether take() has been called yet. */
  private started = false;
  /** Callers of take() not yet let through: the work this key has queued. */
  private backlog = 0;
  /** When each request let through and not yet answered left, oldest first. */
  private readonly sent: number[] = [];
  /**
   * The last cut, if it measured the opening burst: its rate before, the answers it counted, when
   * the throttled one left, and how many of the burst's requests were then still unanswered.
   */
  private openingCut: { before: number; accepted: number; sentAt: number; pending: number } | undefined;
  /** Requests let through and not yet answered; each holds a dispatch slot. */
  private unanswered = 0;
  throttles = 0;
  /** Answers so far, throttles included. */
  private answers = 0;
  /** The rate its last measured cut settled on: what it learned of its server's quota. */
  quota: number | undefined;
  private readonly label: string;
  private readonly spent: number;
  private readonly prior: (() => number | undefined) | undefined;

  constructor(options: PacingOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.cap = options.cap ?? Number.POSITIVE_INFINITY;
    this.current = Math.max(MIN_RATE, Math.min(this.cap, options.start ?? FALLBACK_RATE));
    this.floor = Math.max(MIN_RATE, this.current * FLOOR_OF_START);
    // Half a burst at first: the cloud's bucket may already be partly spent (planning called it, or
    // our requests reach it bunched), and one throttle costs far more than half a second of waiting.
    this.tokens = Math.max(1, this.burst() / 2);
    this.opening = this.tokens;
    this.last = this.now();
    this.born = this.last;
    this.dispatch = options.dispatch;
    this.label = options.label ?? "bucket";
    this.spent = options.spent ?? 0;
    this.prior = options.prior;
  }

  /** Requests per second currently allowed. */
  get rate(): number {
    return this.current;
  }

  take(): Promise<void> {
    // Serialise waiters so each sees the bucket after its predecessor took a token.
    this.backlog++;
    const next = this.queue.then(() => this.wait()).finally(() => this.backlog--);
    this.queue = next.catch(() => {});
    return next;
  }

  /** The server's answer to one request: throttled, or anything else (which is not a quota signal). */
  answered(throttled: boolean): void {
    if (this.unanswered > 0) {
      this.unanswered--;
      this.dispatch?.leave();
    }
    const now = this.now();
    // When the answered request left, roughly: answers come back about in the order requests were
    // sent, and the oldest unanswered one is the best guess (a test answering without take(): now).
    const sentAt = this.sent.shift() ?? now;
    this.answers++;
    this.lateOpeningAnswer(throttled);
    if (!throttled) {
      this.acceptedSinceCut++;
      this.accepted.push(now);
      this.prune(now);
      // Probe only while callers wait on the bucket: an idle key learns nothing by rising.
      if (now - this.lastCut > SETTLE_MS && now - this.lastProbe > 1000 && now - this.lastWait < 1000) {
        this.lastProbe = now;
        this.current = Math.min(this.cap, this.current * (1 + PROBE));
      }
      return;
    }
    this.throttles++;
    this.refused.push(now);
    // The throttles of one overshoot arrive together: one cut per window, unless the throttles go
    // on after the cut, more of them than answers, while the requests sent since have had time to
    // come back: then the cut was far too small (a server well below where pacing started), and the
    // answers since the cut measure it.
    if (now - this.lastCut < WINDOW_MS) {
      // A request sent before the cut is the same overshoot, answered late (a loaded loop reads
      // answers hundreds of milliseconds after they arrive): it says nothing of the rate since.
      if (sentAt < this.lastCut) return;
      this.throttledSinceCut++;
      const since = now - this.lastCut;
      const excess = this.throttledSinceCut - this.acceptedSinceCut;
      if (since < RECUT_AFTER_MS || this.throttledSinceCut < 2 || excess < RECUT_EXCESS) return;
      this.cut(now, ((this.acceptedSinceCut + 1) * 1000) / since);
      return;
    }
    this.prune(now);
    // A few throttles among many answers are requests that reached the server bunched (a busy event
    // loop sends what it held back all at once), not a rate above its quota: the answers counted
    // then are what the key happened to send, often well under its rate, and cutting to them
    // ratcheted busy keys down to a third of their quota, from where probing climbs 5% a second.
    // So only a window with many throttles is measured; a few cost the minimum cut.
    // A lone throttle measures nothing either: its answer may come back before those of the
    // requests sent beside it (a busy loop reads the small error first), and a key that was idle,
    // or whose server stalled and then took a second's requests at once, shows few or no answers
    // in the window. Cutting to that count sent keys to their floor, from where they finished
    // last and set the scan's wall time. A server really below our rate keeps throttling, and the
    // re-cut within the window (below) measures it from the answers since this cut.
    const opening = this.inOpeningBurst(now, sentAt);
    const fewThrottles =
      !opening && (this.refused.length < 2 || this.refused.length * FEW_THROTTLES <= this.accepted.length);
    const before = this.current;
    // An opening burst measures the server's rate itself, from below (the throttled request's send
    // time is the oldest unanswered one's, at or after its own): no margin under it. A 4/s server
    // paced at 3.44/s for the seconds probing took to climb back cost a short scan a tenth.
    this.cut(
      now,
      fewThrottles ? Number.POSITIVE_INFINITY : this.acceptedRate(now, sentAt),
      opening ? 1 : 0.95,
    );
    // The rest of the opening burst's answers may still be on their way (the throttle's small
    // answer is often read first): those accepted raise the measure again (`lateOpeningAnswer`).
    // Only the burst's own requests count (those after it met a server already refilling at its
    // rate, and counting them over a guessed send time overshot the measure by a third).
    if (opening) {
      const pending = Math.max(0, Math.floor(this.opening) - this.answers);
      this.openingCut = { before, accepted: this.accepted.length + this.spent, sentAt, pending };
    }
  }

  /**
   * An answer read after an opening-burst cut, while requests sent before it are unanswered (they
   * most likely come back first): if accepted, the server let one more through than counted then.
   * Seeing two of three accepted before the throttle, a 3/s server was cut to 2/s; a 4/s server,
   * whose large pages took longer to read than the small 429, to its floor.
   */
  private lateOpeningAnswer(throttled: boolean): void {
    const o = this.openingCut;
    if (!o || o.pending <= 0) return;
    o.pending--;
    if (throttled) return;
    o.accepted++;
    const measured = o.accepted / (1 + (o.sentAt - this.born) / 1000);
    this.current = Math.max(this.current, Math.min(o.before * 0.9, measured, this.cap));
    this.quota = this.current;
  }

  /** Sets the rate just under `accepted` (per second) after a throttle, and empties the bucket. */
  private cut(now: number, accepted: number, margin = 0.95): void {
    const before = this.current;
    this.openingCut = undefined;
    this.lastCut = now;
    this.acceptedSinceCut = 0;
    this.throttledSinceCut = 0;
    // What the server accepted in the last second is its refill rate (plus any burst it had left;
    // in the first second, its burst, which clouds size at one second or more of refill), so aim
    // just under it. Never cut by less than 10% (the overshoot must end), nor to below a quarter in
    // one step (a quiet second says little about the quota).
    const target = Math.min(this.current * 0.9, Math.max(accepted * margin, this.current * 0.25));
    this.current = Math.max(this.floor, target);
    // A measured cut is a quota estimate other accounts' keys can open at; the minimum cut is not.
    if (Number.isFinite(accepted)) this.quota = this.current;
    if (TRACE) {
      const at = (ms: number) => (ms / 1000).toFixed(2);
      console.error(
        `pacing: ${this.label} cut ${before.toFixed(2)} -> ${this.current.toFixed(2)}/s at age ${at(now - this.born)} s ` +
          `(measured ${accepted.toFixed(2)}/s; ${this.accepted.length} answered, ${this.refused.length} throttled in the window)`,
      );
    }
    // The server's bucket is empty: so is ours, and the next request waits one interval.
    this.tokens = 0;
    this.last = now;
  }

  /**
   * What the server accepted in the last window, per second. A key younger than the window has
   * been answered for less than a second: its count is over its own age, or a throttle in its first
   * moments (requests that left a busy event loop bunched) reads as a near-idle server and cuts the
   * key to its floor, from which probing took half a minute to climb back.
   */
  private acceptedRate(now: number, sentAt: number): number {
    const age = now - this.born;
    // Throttled within our own opening burst: the server's burst is smaller than half of ours, and
    // clouds size a burst at a second of refill or more, so its rate is at most what it let through
    // by the time the throttled request reached it: its burst plus its refill until then. (Counted
    // to the answer instead, a loaded loop's late reading of it cut a 3/s server to 2.4/s.)
    // Requests planning sent on the key came out of the same server burst.
    if (this.inOpeningBurst(now, sentAt))
      return (this.accepted.length + this.spent) / (1 + (sentAt - this.born) / 1000);
    const span = Math.min(WINDOW_MS, Math.max(100, age));
    return this.accepted.length * (1000 / span);
  }

  /** Whether a request sent at `sentAt` falls within the key's opening half-burst (its first second). */
  private inOpeningBurst(now: number, sentAt: number): boolean {
    // Answered within the first second too: the send time is a guess (the oldest unanswered
    // request's), and a throttle two seconds in, read as the opening's, cut a 10/s key to 2.8/s.
    return (
      now - this.born < WINDOW_MS && sentAt - this.born < WINDOW_MS && this.accepted.length <= this.opening
    );
  }

  private burst(): number {
    return Math.max(1, this.current);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.accepted.length && now - this.accepted[drop]! > WINDOW_MS) drop++;
    if (drop > 0) this.accepted.splice(0, drop);
    drop = 0;
    while (drop < this.refused.length && now - this.refused[drop]! > WINDOW_MS) drop++;
    if (drop > 0) this.refused.splice(0, drop);
  }

  private async wait(): Promise<void> {
    if (!this.started) {
      this.started = true;
      // The key's first request: its opening half-burst, and the question of what its siblings
      // learned, start now. Buckets are made when their shards start, all at once and long before
      // their first requests (a role session to assume): refilling from then handed the first
      // request a whole burst, as large as the cloud's own, and nothing had been learned yet.
      this.born = this.now();
      this.last = this.born;
      const learned = this.prior?.();
      if (learned !== undefined && learned < this.current) {
        this.current = Math.max(MIN_RATE, learned);
        this.floor = Math.max(MIN_RATE, this.current * FLOOR_OF_START);
        // What the siblings learned is a server whose burst was one second of this rate or more
        // (that is how it was measured): a whole burst of it is safe, where half of it cost the
        // last accounts of a scan half a second each.
        this.tokens = this.burst();
        this.opening = this.tokens;
      }
    }
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst(), this.tokens + ((now - this.last) / 1000) * this.current);
      this.last = now;
      if (this.tokens >= 1) {
        if (this.dispatch && !this.dispatch.tryEnter()) {
          // The token is spent only when the request leaves, so our bucket stays in step with the cloud's.
          await this.dispatch.enter(() => this.backlog / this.current);
          if (this.tokens < 1) {
            // A throttle answered while we waited emptied the bucket: give the slot back.
            this.dispatch.leave();
            continue;
          }
        }
        this.tokens -= 1;
        this.sent.push(this.now());
        if (this.dispatch) this.unanswered++;
        return;
      }
      this.lastWait = now;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.current) * 1000)),
      );
    }
  }
}

/** One learning bucket per rate key, created on first use. */
export class Pacer {
  private readonly buckets = new Map<string, LearningBucket>();
  /** The buckets of one rate family (`rateFamily`: the rate key without its account). */
  private readonly families = new Map<string, LearningBucket[]>();
  constructor(
    private readonly options: {
      cap?: number;
      rateKey?: (spec: ShardSpec) => string;
      dispatch?: Dispatch;
      /** Requests sent per key before the pacing began (planning's). */
      spent?: ReadonlyMap<string, number>;
    } = {},
  ) {}

  key(spec: ShardSpec): string {
    return this.options.rateKey?.(spec) ?? defaultRateKey(spec);
  }

  bucketFor(spec: ShardSpec): LearningBucket {
    return this.bucketForKey(this.key(spec), spec.provider, false, rateFamily(spec));
  }

  /**
   * The bucket of any rate key (one a shard spends on another identity's quota, e.g. STS).
   * `unlocks`: its calls unlock other work (AssumeRole into a member account, on which every shard
   * of that account waits), so they skip the dispatch queue: behind the first accounts' opening
   * bursts they waited there for seconds, and the last accounts' busiest keys started late.
   */
  bucketForKey(key: string, provider: string, unlocks = false, family?: string): LearningBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // A rate the user gave is their quota: start there (and never go above it).
      const cap = this.options.cap;
      const start = cap ?? DOCUMENTED_RATE[provider] ?? FALLBACK_RATE;
      bucket = new LearningBucket({
        start,
        ...(family !== undefined ? { prior: () => learnedRate(this.families.get(family)) } : {}),
        label: key,
        spent: this.options.spent?.get(key) ?? 0,
        ...(cap !== undefined ? { cap } : {}),
        ...(this.options.dispatch && !unlocks ? { dispatch: this.options.dispatch } : {}),
      });
      this.buckets.set(key, bucket);
      if (family !== undefined) {
        const siblings = this.families.get(family);
        if (siblings) siblings.push(bucket);
        else this.families.set(family, [bucket]);
      }
    }
    return bucket;
  }

  /** Throttles answered so far, across every key. */
  get throttles(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.throttles;
    return n;
  }
}

/**
 * Where a new key of a service starts once other accounts' keys of it have measured their quota:
 * the highest of those measures (a minimum cut, 10% off a lone throttle, measures nothing). An organisation's accounts share the cloud's default quotas, so
 * a key that learned its quota tells the next account's key where to open: starting at the
 * documented rate instead, each account coming online (one role session after another) spent its
 * opening burst on throttles and their retries' back-off. The highest, not the lowest: one account
 * whose quota others share must not slow every other account's start.
 */
function learnedRate(siblings: readonly LearningBucket[] | undefined): number | undefined {
  let best: number | undefined;
  let measured = 0;
  for (const b of siblings ?? []) {
    if (b.quota === undefined) continue;
    measured++;
    if (best === undefined || b.quota > best) best = b.quota;
  }
  // Two measures at least: one may be wrong (a bunch of answers read late), and a lone wrong one
  // opened every later account of the service at a third of its quota.
  return measured >= 2 ? best : undefined;
}

/**
 * The quota a shard's requests count against. AWS and Google meter each service of an account or
 * project on its own. Azure Resource Manager meters reads per subscription (and principal) across
 * every resource provider behind it, so Cognitive Services, Monitor metrics, Key Vault and Azure ML
 * share one key: paced as four, they sent four times the subscription's quota and a fifth of
 * their requests came back 429.
 */
export function defaultRateKey(spec: Pick<ShardSpec, "provider" | "account" | "service">): string {
  if (spec.provider === "azure") return `azure/${spec.account}`;
  return `${spec.provider}/${spec.account}/${spec.service}`;
}

/** The keys that likely share a quota size, across accounts: the rate key without its account. */
function rateFamily(spec: Pick<ShardSpec, "provider" | "account" | "service">): string {
  return defaultRateKey({ ...spec, account: "*" });
}

/** Shards in flight per rate key: enough that a key never idles while its next shard starts. */
const SHARDS_PER_KEY = 4;
/** Sockets and clients stay reasonable however large the estate. */
export const MAX_CONCURRENCY = 256;

/**
 * Shards scanned at once, from the number of rate keys (each key is paced on its own, so more keys
 * can run side by side), capped by the user's `scan.concurrency` when given.
 */
export function shardConcurrency(keys: number, shards: number, cap?: number): number {
  const derived = Math.min(MAX_CONCURRENCY, Math.max(16, keys * SHARDS_PER_KEY));
  return Math.max(1, Math.min(shards, cap ?? derived));
}
