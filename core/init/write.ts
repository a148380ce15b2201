// Writes a drafted inventory as commented YAML, and adds new systems and entries to an existing
// one through the yaml Document API, so that the user's edits and comments stay as they were.
import { type Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import type { InventoryEntry } from "../model.ts";
import type { DraftSystem } from "./draft.ts";

const HEADER = [
  " Drafted by `aimscan init` from what runs. Fill in every TODO (owner, riskLevel, purpose):",
  " `aimscan validate --strict --inventory <this folder>` refuses the file until none is left.",
  " Rename, merge or split systems freely; `aimscan init --update` only ever adds what is new.",
].join("\n");

/**
 * A new inventory file holding `systems`, written as text: thousands of entries through the
 * Document API take seconds, and a fresh file has no user comments to keep.
 */
export function draftDocument(systems: readonly DraftSystem[]): string {
  const out = [...HEADER.split("\n").map((l) => `#${l}`), "", "version: 1", "systems:"];
  if (systems.length === 0) out[out.length - 1] = "systems: []";
  for (const s of systems) {
    out.push(
      `  - id: ${scalar(s.id)}`,
      `    name: ${scalar(s.name)}`,
      "    owner: TODO # TODO: team or person responsible",
      "    riskLevel: TODO # TODO: low | medium | high",
      "    purpose: TODO",
      s.assets.length === 0 ? "    assets: []" : "    assets:",
    );
    for (const e of s.assets) {
      out.push(e.id !== undefined ? `      - id: ${scalar(e.id)}` : `      - match: ${flow(e.match ?? {})}`);
      if (e.expect) out.push(`        expect: ${flow(e.expect)}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** A plain YAML scalar when it reads back as the same string, else a JSON (double-quoted) one. */
function scalar(v: unknown): string {
  if (typeof v !== "string") return JSON.stringify(v);
  const plain =
    /^[A-Za-z0-9/][A-Za-z0-9._/:@+-]*$/.test(v) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(v) &&
    !/^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(v) &&
    !/^0[xob]/i.test(v) &&
    !/^\d{4}-\d{2}-\d{2}/.test(v);
  return plain ? v : JSON.stringify(v);
}

function flow(v: unknown): string {
  if (typeof v === "object" && v !== null && !Array.isArray(v))
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${scalar(k)}: ${flow(x)}`)
      .join(", ")} }`;
  if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
  return scalar(v);
}

/** Adds `systems` (new ones) and `entries` (to systems already in the file) to its text. */
export function addToDocument(
  text: string,
  systems: readonly DraftSystem[],
  entries: ReadonlyMap<string, readonly InventoryEntry[]>,
): string {
  const doc = parseDocument(text);
  let seq = doc.get("systems");
  if (!isSeq(seq)) {
    doc.set("systems", doc.createNode([]));
    seq = doc.get("systems");
  }
  const list = seq as YAMLSeq;
  list.flow = false;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const add = entries.get(String(item.get("id")));
    if (!add || add.length === 0) continue;
    let assets = item.get("assets");
    if (!isSeq(assets)) {
      item.set("assets", doc.createNode([]));
      assets = item.get("assets");
    }
    const a = assets as YAMLSeq;
    a.flow = false;
    for (const e of add) a.items.push(entryNode(doc, e, "added by aimscan init --update"));
  }
  for (const s of systems) list.items.push(systemNode(doc, s, "added by aimscan init --update"));
  return doc.toString({ lineWidth: 0 });
}

function systemNode(doc: Document, s: DraftSystem, comment?: string): YAMLMap {
  const node = doc.createNode({
    id: s.id,
    name: s.name,
    owner: "TODO",
    riskLevel: "TODO",
    purpose: "TODO",
    assets: [],
  }) as YAMLMap;
  if (comment) node.commentBefore = ` ${comment}`;
  const owner = node.items.find((p) => String((p.key as { value?: unknown }).value) === "owner");
  if (owner) (owner.value as { comment?: string }).comment = " TODO: team or person responsible";
  const risk = node.items.find((p) => String((p.key as { value?: unknown }).value) === "riskLevel");
  if (risk) (risk.value as { comment?: string }).comment = " TODO: low | medium | high";
  const assets = node.get("assets") as YAMLSeq;
  for (const e of s.assets) assets.items.push(entryNode(doc, e));
  return node;
}

function entryNode(doc: Document, e: InventoryEntry, comment?: string): YAMLMap {
  const node = doc.createNode(e) as YAMLMap;
  // Selectors and expectations read best on one line each.
  for (const key of ["match", "expect"]) {
    const v = node.get(key, true);
    if (isMap(v)) v.flow = true;
  }
  const expect = node.get("expect", true);
  if (isMap(expect)) {
    const attrs = expect.get("attributes", true);
    if (isMap(attrs)) attrs.flow = true;
  }
  if (comment) node.commentBefore = ` ${comment}`;
  return node;
}
