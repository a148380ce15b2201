// report.html's only script, allowed by its SHA-256 in the page's CSP. It reads the findings once
// from the page's JSON data block and re-renders one page of the findings table on every filter,
// search or sort; the ISO/IEC 42001 tab links back into the same table filtered by control.
// Plain ES2017, no template literals (this file holds it in one), every value escaped before use.
// Without JavaScript the page still shows the static first page of findings and the controls view.
import { STATIC_ROWS } from "./report-html-table.ts";

export const REPORT_SCRIPT = String.raw`(function () {
"use strict";
var PAGE = ${STATIC_ROWS};
var RANK = { critical: 4, high: 3, medium: 2, low: 1 };
var ENT = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ENT[c]; }); }
function $(id) { return document.getElementById(id); }
var data = JSON.parse($("findings-data").textContent);
var labels = data.controlLabels;
// A row keeps its array of string indexes; fields are read through getters, so opening a report of
// thousands of findings decodes nothing until a row is filtered, sorted or shown.
// An id is stored as [prefix, tail] (two other strings): joined once, on first read, in place.
var S = data.strings, SPLIT = {};
function str(k) { var v = S[k]; return typeof v === "string" ? v : (S[k] = str(v[0]) + str(v[1])); }
function rowType(fields) {
  function Row(a, n) { this.a = a; this.n = n; }
  fields.forEach(function (f, i) {
    Object.defineProperty(Row.prototype, f, f === "controls" ? {
      get: function () { var k = this.a[i]; return SPLIT[k] || (SPLIT[k] = str(k) ? str(k).split(" ") : []); }
    } : { get: function () { return str(this.a[i]); } });
  });
  return function (a, n) { return new Row(a, n); };
}
var rows = data.rows.map(rowType(data.fields));
var state = { severity: "", status: "", provider: "", system: "", control: "", q: "", newOnly: false, sort: "", dir: 1, page: 0, all: false };
var body = $("findings-body"), count = $("findings-count"), form = $("filters");

function haystack(r) {
  if (r.h === undefined) r.h = [r.title, r.ref, r.assetId, r.name, r.type, r.where, r.system, r.owner, r.detail, r.fix, r.controls.map(label).join(" ")].join(" ").toLowerCase();
  return r.h;
}
function label(c) { return labels[c] ? (labels[c].id + " " + labels[c].title).trim() : c; }
function matches(r) {
  return (!state.severity || r.severity === state.severity) && (!state.status || r.status === state.status) &&
    (!state.provider || r.provider === state.provider) && (!state.system || r.system === state.system) &&
    (!state.control || r.controls.indexOf(state.control) >= 0) && (!state.newOnly || r.delta === "new") &&
    (!state.q || haystack(r).indexOf(state.q) >= 0);
}
var KEYS = {
  severity: function (r) { return -(RANK[r.severity] || 0); },
  status: function (r) { return r.status; },
  finding: function (r) { return r.title.toLowerCase(); },
  asset: function (r) { return (r.name || r.assetId).toLowerCase(); },
  system: function (r) { return r.system.toLowerCase(); },
  controls: function (r) { return r.controls.length ? r.controls[0] : "~"; }
};
function sorted(list) {
  if (!state.sort) return list;
  var key = KEYS[state.sort], dir = state.dir;
  return list.map(function (r) { return [key(r), r]; }).sort(function (a, b) {
    return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1].n - b[1].n;
  }).map(function (p) { return p[1]; });
}
function cell(name, html) { return "<td data-label=\"" + name + "\">" + html + "</td>"; }
function row(r) {
  var sev = r.severity ? "<span class=\"sev sev-" + esc(r.severity) + "\">" + esc(r.severity) + "</span>" : "\u2013";
  var st = "<span class=\"" + esc(r.status) + "\">" + esc(r.status) + "</span>" + (r.delta === "new" ? " <span class=\"new\">new</span>" : "");
  var finding = "<b>" + esc(r.title) + "</b>" + (r.ref && r.ref !== r.title ? "<br><code>" + esc(r.ref) + "</code>" : "");
  var asset = (r.name ? esc(r.name) + "<br>" : "") + (r.assetId ? "<code>" + esc(r.assetId) + "</code><br>" : "") +
    "<small>" + esc([r.provider, r.type, r.where].filter(Boolean).join(" \u00b7 ")) + "</small>";
  var system = esc(r.system) + (r.owner ? "<br><small>owner " + esc(r.owner) + " \u00b7 risk " + esc(r.risk) + "</small>" : "");
  var controls = r.controls.map(function (c) { return esc(labels[c].id) + "<span class=\"ct\"> " + esc(labels[c].title) + "</span>"; }).join("<br>");
  var detail = esc(r.detail) + (r.fix ? (r.detail ? "<br>" : "") + "<b>Fix:</b> " + esc(r.fix) : "");
  return "<tr>" + cell("severity", sev) + cell("status", st) + cell("finding", finding) + cell("asset", asset) +
    cell("system", system) + cell("ISO/IEC 42001", controls) + cell("detail and fix", detail) + "</tr>";
}
function matchedRow(r) {
  return "<tr>" + cell("asset", esc(r.name) + "<br><code>" + esc(r.assetId) + "</code>") + cell("type", esc(r.provider + " " + r.type)) +
    cell("account / region", esc(r.where)) + cell("system", esc(r.system)) + "</tr>";
}
// The matched inventory is long and folded: its rows beyond the static ones are added when opened.
var matchedDone = false;
function matchedAll() {
  if (matchedDone || !$("matched-body")) return;
  matchedDone = true;
  $("matched-body").innerHTML = data.matched.map(rowType(data.matchedFields)).map(matchedRow).join("");
}
if ($("matched")) $("matched").addEventListener("toggle", matchedAll);
// keepStatic: on opening, the static markup already holds exactly the first page (a browser test
// compares the two), so parsing and laying out the same rows again is skipped.
function render(keepStatic) {
  var list = sorted(rows.filter(matches));
  var pages = Math.max(1, Math.ceil(list.length / PAGE));
  if (state.page >= pages) state.page = pages - 1;
  var from = state.all ? 0 : state.page * PAGE, to = state.all ? list.length : Math.min(list.length, from + PAGE);
  if (!keepStatic) body.innerHTML = list.slice(from, to).map(row).join("");
  count.textContent = list.length === 0 ? "No finding matches." :
    "Showing " + (from + 1) + "\u2013" + to + " of " + list.length + " findings" + (list.length === rows.length ? "." : " (of " + rows.length + " in this run).");
  $("prev").disabled = state.all || state.page === 0;
  $("next").disabled = state.all || state.page >= pages - 1;
  document.querySelectorAll("#findings-table th[data-sort]").forEach(function (th) {
    th.setAttribute("aria-sort", th.getAttribute("data-sort") === state.sort ? (state.dir > 0 ? "ascending" : "descending") : "none");
  });
}
function options(select, values) {
  values.forEach(function (v) {
    var o = document.createElement("option");
    o.value = v[0]; o.textContent = v[1];
    select.appendChild(o);
  });
}
// Filter choices with their counts, counted over the rows' raw string indexes (one pass a field).
function distinct(field) {
  var i = data.fields.indexOf(field), byIndex = {}, seen = {};
  data.rows.forEach(function (a) { byIndex[a[i]] = (byIndex[a[i]] || 0) + 1; });
  Object.keys(byIndex).forEach(function (k) {
    (field === "controls" ? (str(k) ? str(k).split(" ") : []) : [str(k)]).forEach(function (v) { if (v) seen[v] = (seen[v] || 0) + byIndex[k]; });
  });
  return Object.keys(seen).sort().map(function (v) { return [v, v + " (" + seen[v] + ")"]; });
}
options(form.elements.severity, distinct("severity").sort(function (a, b) { return RANK[b[0]] - RANK[a[0]]; }));
options(form.elements.status, distinct("status"));
options(form.elements.provider, distinct("provider"));
options(form.elements.system, distinct("system"));
options(form.elements.control, distinct("controls").map(function (v) { return [v[0], label(v[0]) + v[1].slice(v[0].length)]; }));
form.hidden = false;
$("pager").hidden = false;
document.querySelectorAll(".js-off").forEach(function (e) { e.hidden = true; });
document.querySelectorAll(".js-only").forEach(function (e) { e.hidden = false; });

function readForm() {
  ["severity", "status", "provider", "system", "control"].forEach(function (k) { state[k] = form.elements[k].value; });
  state.q = form.elements.q.value.trim().toLowerCase();
  state.newOnly = form.elements.newOnly.checked;
  state.page = 0;
  render();
}
form.addEventListener("input", readForm);
form.addEventListener("change", readForm);
form.addEventListener("submit", function (e) { e.preventDefault(); readForm(); });
form.addEventListener("reset", function () { setTimeout(readForm, 0); });
document.querySelectorAll("#findings-table th[data-sort] button").forEach(function (b) {
  b.addEventListener("click", function () {
    var key = b.parentNode.getAttribute("data-sort");
    state.dir = state.sort === key ? -state.dir : 1;
    state.sort = key; state.page = 0;
    render();
  });
});
$("prev").addEventListener("click", function () { state.page--; render(); });
$("next").addEventListener("click", function () { state.page++; render(); });
$("all").addEventListener("click", function () { state.all = !state.all; $("all").textContent = state.all ? "Show pages" : "Show all"; render(); });

function tab(name) {
  document.querySelectorAll(".panel").forEach(function (p) { p.hidden = p.id !== name; });
  document.querySelectorAll(".tabs a").forEach(function (a) { a.setAttribute("aria-selected", String(a.getAttribute("href") === "#" + name)); });
}
document.querySelectorAll(".tabs a").forEach(function (a) {
  a.addEventListener("click", function (e) { e.preventDefault(); tab(a.getAttribute("href").slice(1)); });
});
document.querySelectorAll("a.show[data-control]").forEach(function (a) {
  a.addEventListener("click", function (e) {
    e.preventDefault();
    form.reset();
    form.elements.control.value = a.getAttribute("data-control");
    readForm();
    tab("findings");
    $("findings").scrollIntoView();
  });
});
// Printing shows every finding that matches the filters, not just the page on screen.
window.addEventListener("beforeprint", function () { matchedAll(); state.printing = state.all; state.all = true; render(); });
window.addEventListener("afterprint", function () { state.all = state.printing; render(); });
tab("findings");
render(true);
})();`;
