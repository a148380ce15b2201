// One night of bench/night-rss.ts: what cli/night.ts does once the scan has returned its snapshot,
// run as `aimscan run` runs, from an esbuild bundle of its sources (bin/bundle.mjs) and not through
// tsx's loader, whose thread alone holds ~50 MB of the process's RSS.
//   node <bundle of this file> CONFIG SNAPSHOT RUNID STARTEDAT
import { readFileSync } from "node:fs";
import { loadRunConfig } from "../core/config.ts";
import { withLeanHeap } from "../core/lean-heap.ts";
import { finishNight, prepareNight } from "../core/night.ts";
import { readSnapshot } from "../core/snapshot-file.ts";
import { openStore } from "../core/store/index.ts";

/** The child: what cli/night.ts does once the scan has returned its snapshot. */
async function child(configFile: string, snapshotFile: string, runId: string, startedAt: string) {
  const t = performance.now();
  const config = loadRunConfig(configFile);
  const prepared = prepareNight(config);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  try {
    // As cli/night.ts holds it: from before the snapshot is loaded (the scan, there).
    await withLeanHeap(async () => {
      const snapshot = readSnapshot(snapshotFile);
      await store.startRun({ runId, startedAt, configHash: prepared.configHash });
      await store.recordCoverage(runId, snapshot.coverage);
      const loaded = performance.now();
      // Where the peak is reached: the peak RSS so far and the heap in use after each step (with
      // BENCH_LIVE=1, after a full GC: what is live there; the times then include the GCs).
      const stages: string[] = [
        `loaded ${mb(process.resourceUsage().maxRSS * 1024)}/${mb(process.memoryUsage().heapUsed)}`,
      ];
      const checkpoint = (name: string) => {
        // BENCH_LIVE=1: a full GC first, so the heap figure is what is still reachable there.
        const gc = (globalThis as { gc?: () => void }).gc;
        const ms = Math.round(performance.now() - loaded);
        gc?.();
        stageNow = name;
        stages.push(
          `${name} ${ms} ms ${mb(process.resourceUsage().maxRSS * 1024)}/${mb(process.memoryUsage().heapUsed)}`,
        );
      };
      const result = await finishNight({
        config,
        prepared,
        runId,
        startedAt,
        snapshot,
        store,
        deliver: false,
        checkpoint,
        stage: checkpoint,
      });
      const s = result.report.summary;
      console.log(
        `  ${runId}: ${s.observed} observed, ${s.matched} matched, ${s.changed} changed, ${s.undeclared} undeclared, ` +
          `${result.report.policyResults?.length ?? 0} policy results; load ${Math.round(loaded - t)} ms, ` +
          `night ${Math.round(performance.now() - loaded)} ms, written ${result.completed.written} items`,
      );
      console.log(`    peak RSS/heap used (MiB) at: ${stages.join(", ")}; RSS now ${rssSplit()}`);
    });
  } finally {
    stageNow = "completed, while the store closed";
    await store.close();
    sampler.stop();
    console.log(
      `    after the store closed: peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MiB; sampled every ` +
        `${SAMPLE_MS} ms: anonymous at most ${mb(sampler.anon)} MiB (${sampler.anonWhere}), file-backed ${mb(sampler.file)} MiB (${sampler.fileWhere})`,
    );
  }
}

/** MiB, as /usr/bin/time's figure the bench reports. */
const mb = (bytes: number) => Math.round(bytes / 1048576);

/** Resident bytes now: anonymous (heap, buffers, malloc) and file-backed (mapped files: LevelDB's tables). */
function rss(): { anon: number; file: number } {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m"))?.[1] ?? 0);
  return { anon: kb("RssAnon") * 1024, file: kb("RssFile") * 1024 };
}

const rssSplit = () => {
  const now = rss();
  return `${mb(now.anon)} MiB anonymous, ${mb(now.file)} MiB file-backed`;
};

const SAMPLE_MS = 50;
let stageNow = "load";
/**
 * The largest anonymous and file-backed RSS seen (sampled while the event loop turns, so a peak
 * inside one long synchronous step can be missed; the process's peak figure cannot be) and the
 * stage the file-backed one was seen in.
 */
const sampler = (() => {
  const state = { anon: 0, anonWhere: "", file: 0, fileWhere: "", stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    const now = rss();
    if (now.anon > state.anon) {
      const m = process.memoryUsage();
      [state.anon, state.anonWhere] = [
        now.anon,
        `after ${stageNow}: V8 heap ${mb(m.heapTotal)}, external ${mb(m.external)}`,
      ];
    }
    if (now.file > state.file) [state.file, state.fileWhere] = [now.file, `after ${stageNow}`];
  }, SAMPLE_MS);
  timer.unref();
  return state;
})();

const [configFile, snapshotFile, runId, startedAt] = process.argv.slice(2);
await child(configFile!, snapshotFile!, runId!, startedAt!);
