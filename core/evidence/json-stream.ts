// JSON.stringify(value, replacer, 2) written piece by piece: the containers near the root are walked
// here and every array element (and anything deeper) is stringified natively, then indented. The
// bytes are those of the one-shot call (tests/core/evidence/json-stream.test.ts compares them), but
// the text never exists whole, and a replacer's copies exist one element at a time.
import { inOrder, inSortedOrder, isPlain, sortedCopy } from "../sorted-copy.ts";
import type { Write } from "./sink.ts";

/** JSON.stringify's replacer argument as a function. */
export type Replacer = (this: unknown, key: string, value: unknown) => unknown;

// Objects this close to the root are walked key by key; deeper ones are one native call each.
const WALKED_DEPTH = 2;

/** Writes `JSON.stringify(value, replacer, 2)`; nothing for a value JSON has no text for. */
export function writeJson(value: unknown, write: Write, replacer?: Replacer): void {
  const root = resolved({ "": value }, "", value, replacer);
  if (hasText(root)) writeResolved(root, "", 0, write, replacer);
}

/**
 * An array whose elements are produced as it is written (its iterable is called once per write), so
 * a document with 100k entries never holds them all. Only read as one where containers are walked:
 * the root's values and theirs (deeper, it is an object with no keys).
 */
export class StreamedArray {
  constructor(readonly elements: () => Iterable<unknown>) {}
}

/** Keys sorted (the order JSON.stringify gives an object built from them: array indices first). */
export function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof StreamedArray)
    return value;
  const keys = Object.keys(value);
  // The object itself where its keys are in that order already: the same text, no copy.
  if (isPlain(value) && inOrder(keys)) return value;
  const source = value as Record<string, unknown>;
  return inSortedOrder(
    keys,
    keys.map((k) => source[k]),
  );
}

/** What JSON.stringify serialises for `holder[key]`: the value through its toJSON, then the replacer. */
function resolved(holder: object, key: string, raw: unknown, replacer: Replacer | undefined): unknown {
  let value = raw;
  if (value !== null && (typeof value === "object" || typeof value === "bigint")) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") value = toJSON.call(value, key);
  }
  return replacer ? replacer.call(holder, key, value) : value;
}

// Undefined, functions and symbols have none: left out of an object, `null` in an array.
const hasText = (v: unknown) => v !== undefined && typeof v !== "function" && typeof v !== "symbol";

function writeResolved(
  value: unknown,
  indent: string,
  depth: number,
  write: Write,
  replacer: Replacer | undefined,
): void {
  if (value instanceof StreamedArray) {
    writeElements(value, value.elements(), indent, depth, write, replacer);
    return;
  }
  if (value === null || typeof value !== "object" || (!Array.isArray(value) && depth >= WALKED_DEPTH)) {
    write(leaf(value, indent, replacer));
    return;
  }
  if (Array.isArray(value)) {
    writeElements(value, value, indent, depth, write, replacer);
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  for (const k of Object.keys(value)) {
    const v = resolved(value, k, (value as Record<string, unknown>)[k], replacer);
    if (!hasText(v)) continue;
    write(`${first ? "{" : ","}\n${inner}${JSON.stringify(k)}: `);
    writeResolved(v, inner, depth + 1, write, replacer);
    first = false;
  }
  write(first ? "{}" : `\n${indent}}`);
}

/** Consecutive leaf elements are stringified natively together, this many at once. */
const RUN = 512;

function writeElements(
  holder: object,
  elements: Iterable<unknown>,
  indent: string,
  depth: number,
  write: Write,
  replacer: Replacer | undefined,
): void {
  const inner = `${indent}  `;
  // A report's 636k results are leaves: one native call and one write per run of them, not two
  // writes and a call each (the same text: the run's array, its brackets cut off).
  const runs = replacer === undefined || replacer === sortedKeys;
  let i = 0;
  let written = 0;
  let run: unknown[] = [];
  const flush = () => {
    if (run.length === 0) return;
    write(`${written === 0 ? "[\n" : ",\n"}${inner}${leaves(run, indent, replacer)}`);
    written += run.length;
    run = [];
  };
  for (const element of elements) {
    const v = resolved(holder, String(i), element, replacer);
    i++;
    if (runs && isLeaf(v, depth + 1)) {
      run.push(v);
      if (run.length === RUN) flush();
      continue;
    }
    flush();
    write(written === 0 ? `[\n${inner}` : `,\n${inner}`);
    if (hasText(v)) writeResolved(v, inner, depth + 1, write, replacer);
    else write("null");
    written++;
  }
  flush();
  write(i === 0 ? "[]" : `\n${indent}]`);
}

/** What writeResolved writes with one native call: no text (null), a scalar, a deep object. */
function isLeaf(value: unknown, depth: number): boolean {
  if (!hasText(value) || value === null || typeof value !== "object") return true;
  return !Array.isArray(value) && !(value instanceof StreamedArray) && depth >= WALKED_DEPTH;
}

/** Leaf elements of an array at `indent`, as its text shows them between its brackets. */
function leaves(run: unknown[], indent: string, replacer: Replacer | undefined): string {
  // As leaf() reads each one; in an array, a value with no text is `null`, as writeElements writes it.
  const text = nested(replacer === sortedKeys ? run.map((v) => sortedCopy(v)) : run, indent);
  return text.slice(2 + indent.length + 2, text.length - indent.length - 2);
}

/**
 * The native text of a value already through toJSON and the replacer, indented to sit at `indent`:
 * the replacer still applies below it, not to it again. (A toJSON result that itself has a toJSON
 * would be converted twice; no JSON-shaped data or Date does that.)
 */
function leaf(value: unknown, indent: string, replacer: Replacer | undefined): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) as string;
  // sortedKeys as a replacer calls back into JS for every value (most of report.json's time): a
  // copy with its keys in that order, made only where they are not, reads the same natively.
  if (replacer === sortedKeys) return nested(sortedCopy(value), indent);
  if (!replacer) return nested(value, indent);
  let root = true;
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (!root) return replacer.call(this, key, v);
      root = false;
      return v;
    },
    2,
  ) as string;
  // Raw line breaks are structural only (JSON escapes them inside strings).
  return indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
}

/**
 * JSON.stringify(value, null, 2) as it reads `indent` deep: the value wrapped in as many arrays,
 * which the native call indents, and the wrapping cut off (a slice, not a copy of the text).
 */
function nested(value: unknown, indent: string): string {
  const levels = indent.length / 2;
  let wrapped = value;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Level i (from 0) adds `[\n` and its own indent (2i) before the value, `\n`, 2i spaces and `]`
  // after it; the value's first line is indented 2L more.
  const before = levels * levels + 3 * levels;
  const after = levels * levels + levels;
  return text.slice(before, text.length - after);
}
