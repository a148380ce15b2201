// bench/scan-aws.ts's throttled estate (20 accounts × 4 regions, 10 requests/s per account+service)
// scanned as the deployed stack scans it: the stack's own state machine runs Plan, then the Map of
// account batches, each a scan Lambda started from its SST bundle on Node 22 without node_modules
// (rehearsal/), then Finish. The scan-aws bench times the scanner library in one process; users'
// nights run here, where each account's batch is its own Lambda with its own pacing, cold starts
// included, and the Map's maxConcurrency decides how many accounts are scanned at once.
// The figure: the scan phase (first batch invoked → last batch answered) against the same
// rate-limit bound as scan-aws (the busiest account+service key's answered requests, less its
// one-second burst, at the rate). BENCH_MAX_CONCURRENCY sets AIMSCAN_MAX_CONCURRENCY.
//   npx tsx bench/scan-deployed.ts
import { cpus, loadavg } from "node:os";
import { startRehearsal, storeReport } from "../rehearsal/nights.ts";
import { CALLER } from "../rehearsal/stage.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";
import { EXPECTED_ASSETS, estate, RATE } from "./scan-aws.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// The bench reads the night back from the rehearsal's DynamoDB (dynalite checks no signature).
process.env.AWS_ACCESS_KEY_ID ??= "AKIABENCHREADER";
process.env.AWS_SECRET_ACCESS_KEY ??= "bench-not-a-secret";

export async function run(): Promise<Figure[]> {
  const settings: Record<string, string> = {};
  if (process.env.BENCH_MAX_CONCURRENCY) settings.AIMSCAN_MAX_CONCURRENCY = process.env.BENCH_MAX_CONCURRENCY;
  // The functions sign as the rehearsal's own account; every bench account is a member.
  const r = await startRehearsal(
    { aws: { ...estate(), callerAccount: CALLER } },
    { clouds: "aws", traceLoads: false, estate: { aws: { rateLimit: RATE } }, settings },
  );
  try {
    const started = Date.now();
    const night = await r.night("bench-deployed");
    const wall = (Date.now() - started) / 1000;
    if (night.status !== "SUCCEEDED") {
      for (const f of Object.values(r.fns)) console.error(`${f.spec.name}: ${f.logs.join("").slice(-1500)}`);
      throw new Error(`night: ${night.error} ${night.cause ?? ""}`);
    }
    const report = await storeReport("bench-deployed", r.fns.plan.spec.env.AWS_ENDPOINT_URL_DYNAMODB!);
    const coverage = report?.coverage ?? [];
    const errors = coverage.filter((c) => c.status === "error");

    const sim = r.estate.aws!;
    // Answered scanning requests only, as in scan-aws: a throttled one is waste the scan chose, and
    // the stack's own account is not scanned (its requests are Finish's alerts: SNS, EventBridge).
    const perKey = new Map<string, number>();
    for (const q of sim.requests)
      if (q.service !== "sts" && q.account !== CALLER && !/Throttl/.test(q.error ?? ""))
        perKey.set(`${q.account}/${q.service}`, (perKey.get(`${q.account}/${q.service}`) ?? 0) + 1);
    const [busiestKey, busiest] = [...perKey].sort((a, b) => b[1] - a[1])[0]!;
    const bound = Math.max(0, busiest - RATE) / RATE;
    const spans = r.fns.scan.spans;
    const phase = (Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / 1000;
    const cold = r.fns.scan.results.filter((x) => x.cold).length;
    // In Lambda each function has its own vCPU; here every batch shares this machine's cores.
    const cpu =
      (r.fns.scan.results.reduce((t, x) => t + x.cpuMs, 0) +
        r.fns.scan.inits.reduce((t, i) => t + i.cpuMs, 0)) /
      1000;
    const load = loadavg()[0]!.toFixed(1);
    console.log(
      `scan-deployed: night ${wall.toFixed(1)} s (plan ${secs(r.fns.plan.spans)}, finish ${secs(r.fns.finish.spans)}); ` +
        `${spans.length} scan batches at maxConcurrency ${r.stage.maxConcurrency} (${cold} cold starts); ` +
        `${sim.requests.length} requests (${sim.controls.throttled} throttled); busiest key ${busiestKey}: ` +
        `${busiest} answered (bound ${bound.toFixed(1)} s); scan phase ${phase.toFixed(1)} s = ` +
        `${(phase / bound).toFixed(2)}× at load ${load}; the scan Lambdas used ${cpu.toFixed(1)} s of CPU ` +
        `(${((cpu / phase / cpus().length) * 100).toFixed(0)}% of this machine's ${cpus().length} cores over the phase)`,
    );
    const walls = spans.map((s) => (s.end - s.start) / 1000).sort((a, b) => a - b);
    const firsts = new Map<string, number>();
    const lasts = new Map<string, number>();
    for (const q of sim.requests)
      if (q.account !== CALLER && q.service !== "sts") {
        firsts.set(q.account, Math.min(firsts.get(q.account) ?? Infinity, q.time));
        lasts.set(q.account, Math.max(lasts.get(q.account) ?? 0, q.time));
      }
    const t0 = Math.min(...spans.map((s) => s.start));
    const acc = [...firsts.keys()]
      .sort()
      .map(
        (a) =>
          `${a.slice(-2)}:${((firsts.get(a)! - t0) / 1000).toFixed(0)}-${((lasts.get(a)! - t0) / 1000).toFixed(0)}`,
      );
    console.log(
      `scan-deployed: batch walls min ${walls[0]!.toFixed(1)} / median ${walls[walls.length >> 1]!.toFixed(1)} / max ${walls.at(-1)!.toFixed(1)} s; ` +
        `per account, first-last scanning request (s after the first batch): ${acc.join(" ")}`,
    );
    for (const e of errors.slice(0, 5))
      console.log(`  error ${e.account}/${e.region}/${e.service}: ${e.error}`);
    const ratio = phase / bound;
    return [
      {
        figure: "scan-deployed assets found",
        value: report?.summary.observed ?? 0,
        unit: "assets",
        target: `= ${EXPECTED_ASSETS}`,
        met: report?.summary.observed === EXPECTED_ASSETS,
      },
      {
        figure: "scan-deployed shard errors",
        value: errors.length,
        unit: "shards",
        target: "= 0",
        met: errors.length === 0,
      },
      {
        figure: "scan-deployed scan phase / lower bound",
        value: Number(ratio.toFixed(2)),
        unit: "×",
        target: "≤ 1.25",
        met: ratio <= 1.25,
      },
    ];
  } finally {
    await r.stop();
  }
}

function secs(spans: ReadonlyArray<{ start: number; end: number }>): string {
  return `${(spans.reduce((t, s) => t + s.end - s.start, 0) / 1000).toFixed(1)} s`;
}

if (isMain(import.meta.url)) printFigures(await run());
