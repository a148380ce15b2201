// Which request goes next when this process, not the cloud, is the bottleneck. Each rate key's
// bucket (pacing.ts) lets requests through at the cloud's rate; with a hundred keys that can be more
// requests per second than one event loop signs, sends and parses. An overloaded loop serves them
// first come, first served, so every key gets the same small share and the keys with the most work
// (those that bound the scan) fall as far behind as the ones that would have finished anyway. The
// dispatch caps the requests in flight and hands each freed slot to the key with the most work
// queued, in seconds at its own rate; a key that has waited long gains on it, so none starves. The
// cap grows with the number of keys: against a real cloud, with its latency, it does not bind.

/** Slots per rate key: a key paced at 10/s with 100–200 ms answers keeps one or two in flight. */
const SLOTS_PER_KEY = 2;
const MIN_SLOTS = 64;
/** Each second spent waiting for a slot counts as this many seconds of queued work. */
const AGE_WEIGHT = 10;

/** Requests in flight at most, for a scan of `keys` rate keys. */
export function dispatchSlots(keys: number): number {
  return Math.max(MIN_SLOTS, keys * SLOTS_PER_KEY);
}

interface Waiter {
  /** Seconds of work the key has queued, asked when a slot frees. */
  queued: () => number;
  since: number;
  grant: () => void;
}

export class Dispatch {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private readonly now: () => number;

  constructor(
    readonly slots: number,
    now?: () => number,
  ) {
    this.now = now ?? (() => performance.now());
  }

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Takes a slot if one is free and nobody is queued for one. */
  tryEnter(): boolean {
    if (this.inFlight < this.slots && this.waiting.length === 0) {
      this.inFlight++;
      return true;
    }
    return false;
  }

  /** Resolves when a slot is handed over: the caller holds it until it calls `leave`. */
  enter(queued: () => number): Promise<void> {
    return new Promise((grant) => {
      this.waiting.push({ queued, since: this.now(), grant });
      this.handOver();
    });
  }

  leave(): void {
    if (this.inFlight > 0) this.inFlight--;
    this.handOver();
  }

  private handOver(): void {
    while (this.inFlight < this.slots && this.waiting.length > 0) {
      const now = this.now();
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      this.waiting.forEach((w, i) => {
        const score = w.queued() + (AGE_WEIGHT * (now - w.since)) / 1000;
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      });
      const [waiter] = this.waiting.splice(best, 1);
      this.inFlight++;
      waiter!.grant();
    }
  }
}
