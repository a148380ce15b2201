// A small inline-SVG line chart of open drift over the last runs. Inline SVG with presentation
// attributes only: no script, no style attributes, nothing the report's CSP would have to allow.
import type { DriftSummary } from "../model.ts";
import { html, type Markup } from "./html-escape.ts";

/** The part of the store's RunRecord the chart reads (structurally compatible with it). */
export interface TrendRun {
  runId: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
  summary?: DriftSummary;
  policySummary?: { fail: number };
  newCount?: number;
  resolvedCount?: number;
}

export const TREND_RUNS = 14;
const W = 520;
const H = 160;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

const label = (r: TrendRun) => r.startedAt.slice(0, 16).replace("T", " ");

export const openDrift = (s: DriftSummary) =>
  s.changed + s.undeclared + s.ambiguous + s.missing + s.unverified;

interface Series {
  label: string;
  colour: string;
  value: (r: TrendRun) => number;
}

const SERIES: Series[] = [
  { label: "open drift", colour: "#b3261e", value: (r) => openDrift(r.summary!) },
  { label: "undeclared", colour: "#e8710a", value: (r) => r.summary!.undeclared },
  { label: "policy failures", colour: "#1a73e8", value: (r) => r.policySummary?.fail ?? 0 },
];

/** `runs` newest first, as the store lists them; drawn oldest on the left. */
export function trendChart(runs: readonly TrendRun[]): Markup {
  const points = runs
    .filter((r) => r.status === "completed" && r.summary)
    .slice(0, TREND_RUNS)
    .reverse();
  if (points.length === 0) return html`<p>No completed runs to chart yet.</p>`;
  const max = Math.max(1, ...points.flatMap((r) => SERIES.map((s) => s.value(r))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const fmt = (n: number) => n.toFixed(1);
  const lines = SERIES.map((s) => {
    const coords = points.map((r, i) => `${fmt(x(i))},${fmt(y(s.value(r)))}`).join(" ");
    const dots = points.map(
      (r, i) =>
        html`<circle cx="${fmt(x(i))}" cy="${fmt(y(s.value(r)))}" r="3" fill="${s.colour}"><title>${r.runId}: ${s.value(r)} ${s.label}</title></circle>`,
    );
    return html`<polyline points="${coords}" fill="none" stroke="${s.colour}" stroke-width="2"/>${dots}`;
  });
  const legend = SERIES.map(
    (s, i) =>
      html`<rect x="${PAD.left + i * 130}" y="${H - 14}" width="10" height="10" fill="${s.colour}"/><text x="${PAD.left + i * 130 + 14}" y="${H - 5}" font-size="11">${s.label}</text>`,
  );
  const first = points[0]!;
  const last = points.at(-1)!;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="trend-title">
<title id="trend-title">Open drift, undeclared assets and policy failures over the last ${points.length} runs</title>
<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#888"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#888"/>
<text x="${PAD.left - 4}" y="${PAD.top + 4}" font-size="10" text-anchor="end">${max}</text>
<text x="${PAD.left - 4}" y="${PAD.top + plotH}" font-size="10" text-anchor="end">0</text>
<text x="${PAD.left}" y="${PAD.top + plotH + 12}" font-size="9">${label(first)}</text>
<text x="${W - PAD.right}" y="${PAD.top + plotH + 12}" font-size="9" text-anchor="end">${label(last)}</text>
${lines}${legend}</svg>`;
}
