// report.html's one stylesheet, allowed by its hash in the page's CSP (no style attributes anywhere).
// Screen: a 1280 px layout whose findings table becomes stacked cards under 700 px, so nothing is
// wider than a 390 px phone. Print: A4, every section expanded, controls and filters hidden, long
// ids wrapped instead of clipped, and the run id and report hash in the top margin of every page.

const SCREEN = `*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem 1.25rem;color:#1f1f1f;max-width:1280px}
h1{font-size:1.4rem;margin:.25rem 0;overflow-wrap:anywhere}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:1rem 0 .25rem}p{margin:.4rem 0}p,li{overflow-wrap:anywhere}.meta{color:#444;font-size:12px;overflow-wrap:anywhere}
code{font-size:12px;overflow-wrap:anywhere;word-break:break-all}small{color:#555}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
table.findings{table-layout:fixed}.findings th:nth-child(1){width:7%}.findings th:nth-child(2){width:9%}
.findings th:nth-child(3){width:18%}.findings th:nth-child(4){width:24%}.findings th:nth-child(5){width:11%}.findings th:nth-child(6){width:12%}
table.controls{table-layout:fixed}.controls th:nth-child(1){width:64%}
th{background:#f5f5f5}td.n,th.n{text-align:right}.scroll{overflow-x:auto;max-width:100%}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.5rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.4rem .75rem}.card b{display:block;font-size:1.4rem}
.card.bad b{color:#b3261e}.card.ok b{color:#188038}
.new{color:#b3261e;font-weight:600}.resolved{color:#188038;font-weight:600}
.fail,.error,.undeclared,.ambiguous,.missing{color:#b3261e}.waived,.unverified,.changed{color:#8a6d00}
.sev{font-weight:600;font-size:11px;text-transform:uppercase;letter-spacing:.03em}
.sev-critical{color:#8c1d18}.sev-high{color:#b3261e}.sev-medium{color:#b06000}.sev-low{color:#555}
ol.worst li{margin:.25rem 0}svg{max-width:100%;height:auto}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:1px solid #bbb;margin-top:2rem}
.tabs a{padding:.4rem .8rem;border:1px solid #bbb;border-bottom:0;border-radius:6px 6px 0 0;color:inherit;text-decoration:none}
.tabs a[aria-selected=true]{background:#eef3fd;font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.75rem 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#444;max-width:100%}
.filters select,.filters input{font:inherit;max-width:100%}.filters input[type=search]{width:16rem}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
.pager{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.pager button,a.show{font:inherit;cursor:pointer}.filters[hidden],.pager[hidden]{display:none}
details>summary{cursor:pointer;font-weight:600}footer{margin-top:2rem;color:#555;font-size:12px}
@media (max-width:700px){
body{padding:.5rem .6rem}.filters input[type=search]{width:100%}.filters label{flex:1 1 45%}
table.findings,table.findings tbody,table.findings tr,table.findings td{display:block;width:100%}
table.findings thead{display:none}
table.findings tr{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.25rem .4rem}
table.findings td{border:0;padding:.1rem 0}table.findings td:empty{display:none}
table.findings td:nth-child(-n+2){display:inline-block;width:auto;margin-right:1.5rem}
table.findings td::before{content:attr(data-label);display:block;font-size:11px;color:#666;text-transform:uppercase}
}`;

const PRINT = `@media print{
body{max-width:none;padding:0;font-size:10px}code{font-size:8px}table{font-size:9px;line-height:1.3}small{font-size:8px}
.filters,.pager,.tabs,.js-only{display:none!important}
.panel[hidden]{display:block}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
.scroll{overflow:visible}
table{table-layout:fixed}thead{display:table-header-group}tr{break-inside:avoid}th,td{padding:.15rem .3rem}
.sev{letter-spacing:0;font-size:8px}.findings .ct{display:none}.findings th:nth-child(6){width:7%}.findings th:nth-child(3){width:20%}.findings th:nth-child(4){width:27%}
h2,h3{break-after:avoid}.cards{grid-template-columns:repeat(6,1fr)}
.tabs a,.show{color:inherit}
}`;

/** A CSS string literal: anything but plain id characters becomes an escape, so input stays text. */
const cssString = (s: string) =>
  `"${s.replace(/[^A-Za-z0-9 ._:/-]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

/** The stylesheet for one report: the print margin names its run and the hash of its report.json. */
export function reportStyle(runHeader: string): string {
  const page = `@page{size:A4;margin:16mm 10mm 14mm;@top-left{content:${cssString(runHeader)};font:8pt system-ui,sans-serif;color:#444}@bottom-right{content:"page " counter(page) " of " counter(pages);font:8pt system-ui,sans-serif;color:#444}}`;
  return `${SCREEN}\n${PRINT}\n${page}`;
}
