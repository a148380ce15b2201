// `aimscan history`: the last runs from the store with their counts and the drift trend.
import type { Command } from "commander";
import { loadConfig } from "../../core/config.ts";
import { openStore, type RunRecord } from "../../core/store/index.ts";
import { action, defaultFormat } from "../action.ts";
import { paint, table, useColour } from "../style.ts";
import { configOption, formatOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("history")
    .description("the last runs in the store: counts, new and resolved drift, and the trend")
    .addOption(configOption())
    .option("--limit <n>", "runs to show", (v) => Number.parseInt(v, 10), 20)
    .addOption(formatOption(["table", "json"]))
    .action(
      action(async (opts: { config?: string; limit: number; format?: "table" | "json" }) => {
        const config = loadConfig(opts.config);
        const store = await openStore(config.store, { retentionDays: config.retentionDays });
        try {
          const runs = withTrend(await store.listRuns(Math.max(1, opts.limit || 20)));
          const format = opts.format ?? defaultFormat();
          process.stdout.write(
            format === "json"
              ? `${JSON.stringify({ runs }, null, 2)}\n`
              : `${formatHistory(runs, useColour())}\n`,
          );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}

export interface HistoryRow extends RunRecord {
  /** Open drift (everything but matched) in a completed run. */
  drift?: number;
  /** Change in open drift since the previous completed run listed. */
  trend?: number;
}

/** Open drift per completed run and its change from the completed run before it (runs newest first). */
export function withTrend(runs: RunRecord[]): HistoryRow[] {
  const rows: HistoryRow[] = runs.map((r) => (r.summary ? { ...r, drift: openDrift(r) } : { ...r }));
  let older: HistoryRow | undefined;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.status !== "completed" || row.drift === undefined) continue;
    if (older?.drift !== undefined) row.trend = row.drift - older.drift;
    older = row;
  }
  return rows;
}

function openDrift(r: RunRecord): number {
  const s = r.summary!;
  return s.changed + s.undeclared + s.ambiguous + s.missing + s.unverified;
}

const SPARK = "▁▂▃▄▅▆▇█";

export function formatHistory(rows: HistoryRow[], colour = false): string {
  if (rows.length === 0) return "No runs in the store yet. Run `aimscan run --config F` first.";
  const arrow = (t?: number) =>
    t === undefined
      ? ""
      : t > 0
        ? paint("red", `▲ +${t}`, colour)
        : t < 0
          ? paint("green", `▼ ${t}`, colour)
          : "=";
  const status = (s: RunRecord["status"]) =>
    paint(s === "completed" ? "green" : s === "failed" ? "red" : "yellow", s, colour);
  const n = (v?: number) => (v === undefined ? "" : String(v));
  const body = table(
    rows.map((r) => [
      r.runId,
      r.startedAt.replace("T", " ").slice(0, 16),
      status(r.status),
      n(r.summary?.observed),
      n(r.drift),
      n(r.summary?.undeclared),
      n(r.summary?.missing),
      n(r.summary?.changed),
      n(r.newCount),
      n(r.resolvedCount),
      n(r.policySummary?.fail),
      r.coverage ? `${r.coverage.ok}/${r.coverage.ok + r.coverage.error + r.coverage.skipped}` : "",
      r.status === "failed" ? (r.error ?? "") : arrow(r.trend),
    ]),
    [
      "RUN",
      "STARTED",
      "STATUS",
      "ASSETS",
      "DRIFT",
      "UNDECL",
      "MISSING",
      "CHANGED",
      "NEW",
      "RESOLVED",
      "FAILING",
      "SHARDS OK",
      "TREND",
    ],
  );
  const series = rows
    .filter((r) => r.drift !== undefined)
    .map((r) => r.drift!)
    .reverse();
  if (series.length < 2) return body;
  const max = Math.max(...series, 1);
  const spark = series.map((v) => SPARK[Math.round((v / max) * (SPARK.length - 1))]).join("");
  return `${body}\n\nopen drift, oldest → newest: ${spark}  (${series[0]} → ${series.at(-1)})`;
}
