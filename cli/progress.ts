// Scan progress for people, on stderr: a line rewritten in place on a terminal; one line every
// 10 s otherwise (a cron log, a CI job, `2>scan.log`), so a long scan is never silent.
export interface ScanProgress {
  done: number;
  total: number;
  assets: number;
  errors: number;
}

export interface ProgressOptions {
  /** Default: process.stderr. */
  stream?: { isTTY?: boolean; write(text: string): unknown };
  intervalMs?: number;
  now?: () => number;
}

export interface ProgressReporter {
  update(p: ScanProgress): void;
  /** Ends the in-place line (terminal) or prints the final line (elsewhere). */
  end(): void;
}

export function progressLine(p: ScanProgress, elapsedMs: number): string {
  const base = `scanning: ${p.done}/${p.total} shards, ${p.assets} assets, ${p.errors} errors`;
  if (p.done === 0 || p.done >= p.total) return base;
  const etaSeconds = Math.ceil(((elapsedMs / p.done) * (p.total - p.done)) / 1000);
  return `${base}, ETA ${formatSeconds(etaSeconds)}`;
}

function formatSeconds(s: number): string {
  return s < 90 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function progressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  let latest: ScanProgress | undefined;
  if (stream.isTTY) {
    return {
      update: (p) => {
        latest = p;
        stream.write(`\r${progressLine(p, now() - started)}\x1b[K`);
      },
      end: () => {
        if (latest) stream.write("\n");
      },
    };
  }
  let printed: ScanProgress | undefined;
  const print = () => {
    if (!latest || latest === printed) return;
    printed = latest;
    stream.write(`${progressLine(latest, now() - started)}\n`);
  };
  const timer = setInterval(print, options.intervalMs ?? 10_000);
  timer.unref();
  return {
    update: (p) => {
      latest = p;
    },
    end: () => {
      clearInterval(timer);
      print();
    },
  };
}
