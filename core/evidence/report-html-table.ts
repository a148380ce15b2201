// The findings table of report.html: filters (shown by the script), sortable headers, and the first
// page of rows as static markup, so a reader without JavaScript still sees the worst findings.
// `findingRow` must render exactly what the script's `row()` renders (a browser test compares them).
import { controlId, controlTitle } from "./controls.ts";
import { html, type Markup } from "./html-escape.ts";
import type { FindingRow } from "./report-html-data.ts";

/** Rows in the static markup; the script shows pages of the same size. */
export const STATIC_ROWS = 100;

const cell = (label: string, content: Markup | string) => html`<td data-label="${label}">${content}</td>`;

export function findingRow(r: FindingRow): Markup {
  const sev = r.severity ? html`<span class="sev sev-${r.severity}">${r.severity}</span>` : "\u2013";
  const st = html`<span class="${r.status}">${r.status}</span>${r.delta === "new" ? html` <span class="new">new</span>` : ""}`;
  const finding = html`<b>${r.title}</b>${r.ref && r.ref !== r.title ? html`<br><code>${r.ref}</code>` : ""}`;
  const asset = html`${r.name ? html`${r.name}<br>` : ""}${r.assetId ? html`<code>${r.assetId}</code><br>` : ""}<small>${[r.provider, r.type, r.where].filter(Boolean).join(" \u00b7 ")}</small>`;
  const system = html`${r.system}${r.owner ? html`<br><small>owner ${r.owner} \u00b7 risk ${r.risk}</small>` : ""}`;
  const controls = html`${r.controls.map((c, i) => html`${i ? html`<br>` : ""}${controlId(c)}<span class="ct"> ${controlTitle(c)}</span>`)}`;
  const detail = html`${r.detail}${r.fix ? html`${r.detail ? html`<br>` : ""}<b>Fix:</b> ${r.fix}` : ""}`;
  return html`<tr>${[
    cell("severity", sev),
    cell("status", st),
    cell("finding", finding),
    cell("asset", asset),
    cell("system", system),
    cell("ISO/IEC 42001", controls),
    cell("detail and fix", detail),
  ]}</tr>`;
}

const select = (name: string, label: string) =>
  html`<label>${label}<select name="${name}"><option value="">all</option></select></label>`;

export function findingsTable(rows: readonly FindingRow[]): Markup {
  if (rows.length === 0)
    return html`<p>No findings: every policy passed and every declared asset matched.</p>`;
  const shown = Math.min(rows.length, STATIC_ROWS);
  const th = (key: string, label: string) =>
    html`<th data-sort="${key}" aria-sort="none"><button type="button">${label}</button></th>`;
  return html`<form id="filters" class="filters" role="search" hidden>
${select("severity", "severity")}${select("status", "status")}${select("provider", "provider")}${select("system", "system")}${select("control", "ISO/IEC 42001 control")}
<label>search<input type="search" name="q" placeholder="asset, policy, owner, text…" autocomplete="off"></label>
<label><span>new only</span><input type="checkbox" name="newOnly"></label>
<button type="reset">clear</button></form>
<p id="findings-count" aria-live="polite">Showing 1–${shown} of ${rows.length} findings, worst first.</p>
${
  shown < rows.length
    ? html`<p class="js-off">The other ${rows.length - shown} findings are listed when JavaScript is on, and in full in policies.csv and drift.csv beside this file.</p>`
    : ""
}
<div class="scroll"><table class="findings" id="findings-table"><thead><tr>${[
    th("severity", "severity"),
    th("status", "status"),
    th("finding", "finding"),
    th("asset", "asset"),
    th("system", "system"),
    th("controls", "ISO/IEC 42001"),
  ]}<th>detail and fix</th></tr></thead><tbody id="findings-body">${rows.slice(0, shown).map(findingRow)}</tbody></table></div>
<div id="pager" class="pager" hidden><button type="button" id="prev">previous</button><button type="button" id="next">next</button><button type="button" id="all">Show all</button></div>`;
}

export function matchedRow(r: FindingRow): Markup {
  return html`<tr>${[
    cell("asset", html`${r.name}<br><code>${r.assetId}</code>`),
    cell("type", `${r.provider} ${r.type}`),
    cell("account / region", r.where),
    cell("system", r.system),
  ]}</tr>`;
}

/** The quiet majority, folded away on screen and printed in full (the script adds what is not static). */
export function matchedTable(rows: readonly FindingRow[]): Markup {
  const shown = Math.min(rows.length, STATIC_ROWS);
  const more =
    shown < rows.length
      ? html`<p class="js-off">The other ${rows.length - shown} are listed when JavaScript is on, and in assets.csv beside this file.</p>`
      : "";
  return html`<details id="matched"><summary>${rows.length} declared assets found as declared</summary>${more}
<div class="scroll"><table><thead><tr><th>asset</th><th>type</th><th>account / region</th><th>system</th></tr></thead><tbody id="matched-body">${rows
    .slice(0, shown)
    .map(matchedRow)}</tbody></table></div></details>`;
}
