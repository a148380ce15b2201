// Model usage at scale: 20 accounts × 4 regions, 50 Bedrock models in use in each region, the
// simulator throttling every account+service above RATE requests/s (the caller's STS too: every
// member's role is assumed through it). Prints metric calls per shard (target: 2 plus paging) and,
// with the DEFAULT scan settings, wall time against the rate-limit bound measured in the same run:
// the busiest account+service key's answered requests, less its one-second burst, at RATE, or, when
// longer, the roles' chain (roleChainBound: an account's calls wait for its AssumeRole on STS).
// BENCH_TUNED=1 gives the old hand-tuned settings (2.5 requests/s, 32 shards) for comparison.
import { loadavg } from "node:os";
import { Config } from "../core/model.ts";
import { scan } from "../scanners/index.ts";
import { startAwsSimulator } from "../simulator/aws/index.ts";
import type { AwsScenario } from "../simulator/scenario.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const ACCOUNTS = 20;
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const MODELS = 50;
const RATE = 3;
const CLIENT_RATE = 2.5;

export function estate(): AwsScenario {
  const accounts: AwsScenario["accounts"] = {};
  for (let a = 0; a < ACCOUNTS; a++) {
    const bedrockUsage = Array.from({ length: MODELS }, (_, m) => ({
      modelId: m % 2 ? `us.vendor${m}.model-${m}-v1:0` : `vendor${m}.model-${m}-v1:0`,
      invocations: 100 + m,
      inputTokens: 1000 * m,
      outputTokens: 10 * m,
      firstDaysAgo: m % 14,
    }));
    accounts[String(100000000000 + a)] = {
      regions: Object.fromEntries(REGIONS.map((r) => [r, { bedrockUsage }])),
    };
  }
  return { callerAccount: "100000000000", accounts };
}

export async function run(): Promise<Figure[]> {
  const sim = await startAwsSimulator(estate(), { rateLimit: RATE, pageSize: 500 });
  try {
    const config = Config.parse({
      aws: { regions: REGIONS, accounts: Object.keys(sim.scenario.accounts), services: ["cloudwatch"] },
      ...(process.env.BENCH_TUNED ? { scan: { requestsPerSecond: CLIENT_RATE, concurrency: 32 } } : {}),
    });
    const started = Date.now();
    const snapshot = await scan(config, {
      deps: {
        aws: { endpoint: sim.endpoint, credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "x" } },
      },
    });
    const wall = (Date.now() - started) / 1000;
    // Answered calls only: a throttled attempt is counted in `throttled`, not as a call.
    const metric = sim.requests.filter((r) => r.service === "monitoring" && r.status === 200);
    const perShard = new Map<string, number>();
    const perAccount = new Map<string, number>();
    for (const r of metric) {
      perShard.set(`${r.account}/${r.region}`, (perShard.get(`${r.account}/${r.region}`) ?? 0) + 1);
      perAccount.set(r.account, (perAccount.get(r.account) ?? 0) + 1);
    }
    // Every key's answered requests (AssumeRole included): a throttled attempt is waste, not work.
    const perKey = new Map<string, number>();
    for (const r of sim.requests)
      if (!/Throttl/.test(r.error ?? ""))
        perKey.set(`${r.account}/${r.service}`, (perKey.get(`${r.account}/${r.service}`) ?? 0) + 1);
    const [busiestKey, busiest] = [...perKey].sort((a, b) => b[1] - a[1])[0]!;
    const keyBound = Math.max(0, busiest - RATE) / RATE;
    const chain = roleChainBound(perKey, sim.scenario.callerAccount ?? "");
    const bound = Math.max(keyBound, chain);
    if (process.env.BENCH_TIMELINE) {
      // When each request reached the simulator, in seconds from the scan's start: S AssumeRole,
      // m CloudWatch, upper case when throttled.
      const line = sim.requests
        .map((r) => {
          const c = r.service === "sts" ? "s" : "m";
          return `${((r.time - started) / 1000).toFixed(2)}${/Throttl/.test(r.error ?? "") ? c.toUpperCase() : c}${r.account.slice(-2)}`;
        })
        .join(" ");
      console.error(`usage timeline: ${line}`);
    }
    const usage = snapshot.assets.filter((a) => a.kind === "model-usage").length;
    const errors = snapshot.coverage.filter((c) => c.status !== "ok").length;
    const ratio = Math.round((wall / bound) * 100) / 100;
    console.error(
      `usage bench: ${usage} model-usage assets (expected ${ACCOUNTS * REGIONS.length * MODELS}), ${perShard.size} shards, ` +
        `${metric.length} CloudWatch calls, ${sim.controls.throttled} throttled, ${errors} shard errors, ` +
        `wall ${wall.toFixed(2)} s vs bound ${bound.toFixed(2)} s (busiest key ${busiestKey}: ${busiest} answered ` +
        `at ${RATE}/s, ${keyBound.toFixed(2)} s; roles assumed then each account's own calls: ${chain.toFixed(2)} s; ` +
        `CloudWatch calls of the busiest account: ${Math.max(...perAccount.values())}), ` +
        `${ratio}× at load ${loadavg()[0]!.toFixed(1)}, default settings: ${process.env.BENCH_TUNED ? "NO, BENCH_TUNED" : "yes"}`,
    );
    return [
      {
        figure: "usage: metric calls per shard (max)",
        value: Math.max(...perShard.values()),
        unit: "calls",
        target: "≤ 2",
        met:
          Math.max(...perShard.values()) <= 2 && usage === ACCOUNTS * REGIONS.length * MODELS && errors === 0,
      },
      {
        figure: "usage: wall time vs rate-limit bound",
        value: ratio,
        unit: "×",
        target: "≤ 1.25",
        met: ratio <= 1.25,
      },
    ];
  } finally {
    await sim.stop();
  }
}

/**
 * The rate limits' other lower bound: a member account's calls cannot start before its role is
 * assumed, and every AssumeRole spends the caller's STS key, whose k-th answer (burst RATE) comes
 * no sooner than (k − RATE) / RATE seconds. Even with the roles assumed in the best order (the
 * account with the most work first, and the caller's own STS calls left for last), the account
 * whose role comes last still needs its own busiest key's (n − RATE) / RATE after its session.
 */
function roleChainBound(perKey: ReadonlyMap<string, number>, caller: string): number {
  const tails = new Map<string, number>();
  for (const [key, n] of perKey) {
    const [account, service] = key.split("/") as [string, string];
    if (account === caller || service === "sts") continue;
    tails.set(account, Math.max(tails.get(account) ?? 0, Math.max(0, n - RATE) / RATE));
  }
  const sorted = [...tails.values()].sort((a, b) => b - a);
  return Math.max(0, ...sorted.map((tail, k) => Math.max(0, k + 1 - RATE) / RATE + tail));
}

if (isMain(import.meta.url)) printFigures(await run());
