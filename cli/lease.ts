// One night at a time on a store: `run` (and `demo`) take the store's night lease
// (core/store/outbox.ts LeaseTable, one conditional write with an expiry) before the run is started,
// renew it while the night runs, and release it at the end. A second process waits up to `waitMs`
// and then gives up with one line (exit 2, nothing written). A process killed -9 stops renewing,
// so its lease expires after `ms` and the next night takes it.
import { hostname } from "node:os";
import { LeaseHeld, type LeaseTable } from "../core/store/outbox.ts";
import { InputError } from "../core/yamlfile.ts";

/** Default lease: long enough for a stalled renewal or two, short enough that a crash costs little. */
export const DEFAULT_LEASE_MS = 120_000;
const POLL_MS = 1_000;

export interface LeaseOptions {
  /** How long the lease lasts without a renewal (renewed every third of it). */
  ms: number;
  /** How long to wait for another night to finish; 0: give up at once. */
  waitMs: number;
  /** Said once when we start waiting (stderr). */
  onWait?: (held: LeaseHeld) => void;
  now?: () => number;
}

export interface HeldLease {
  readonly owner: string;
  /** Set when a renewal found the lease taken by another night (ours had expired). */
  lost(): string | undefined;
  release(): Promise<void>;
}

export function leaseOwner(runId: string): string {
  return `${hostname()} pid ${process.pid} run ${runId}`;
}

export async function holdLease(lease: LeaseTable, owner: string, options: LeaseOptions): Promise<HeldLease> {
  const now = options.now ?? Date.now;
  const giveUpAt = now() + options.waitMs;
  for (let told = false; ; ) {
    try {
      await lease.acquire(owner, options.ms);
      break;
    } catch (e) {
      if (!(e instanceof LeaseHeld)) throw e;
      if (now() >= giveUpAt) {
        throw new InputError(
          `store busy: another night is running (${e.owner}, lease until ${e.until}); ` +
            "try again when it has finished, or give --wait SECONDS",
        );
      }
      if (!told) options.onWait?.(e);
      told = true;
      await sleep(Math.min(POLL_MS, Math.max(1, giveUpAt - now())));
    }
  }
  let lostTo: string | undefined;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing
        .then(() => lease.acquire(owner, options.ms))
        .catch((e) => {
          if (e instanceof LeaseHeld) lostTo = e.owner;
          // A failed renewal write is retried at the next tick; the lease still has two thirds left.
        });
    },
    Math.max(1, Math.floor(options.ms / 3)),
  );
  timer.unref();
  return {
    owner,
    lost: () => lostTo,
    async release() {
      clearInterval(timer);
      await renewing;
      if (!lostTo) await lease.release(owner);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
