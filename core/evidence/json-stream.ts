// JSON.stringify(value, replacer, 2) written piece by piece: the containers near the root are walked
// here and every array element (and anything deeper) is stringified natively, then indented. The
// bytes are those of the one-shot call (tests/core/evidence/json-stream.test.ts compares them), but
// the text never exists whole, and a replacer's copies exist one element at a time.
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

function writeElements(
  holder: object,
  elements: Iterable<unknown>,
  indent: string,
  depth: number,
  write: Write,
  replacer: Replacer | undefined,
): void {
  const inner = `${indent}  `;
  let i = 0;
  for (const element of elements) {
    write(i === 0 ? `[\n${inner}` : `,\n${inner}`);
    const v = resolved(holder, String(i), element, replacer);
    if (hasText(v)) writeResolved(v, inner, depth + 1, write, replacer);
    else write("null");
    i++;
  }
  write(i === 0 ? "[]" : `\n${indent}]`);
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

/**
 * What JSON.stringify(value, sortedKeys) reads `value` as: every plain object's keys in sorted
 * order, every toJSON applied. Returns `value` itself where nothing below it differs, so data
 * whose keys are already sorted is not copied.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const c = sortedCopy(toJson(v, i));
      if (out) out.push(c);
      else if (c !== v) {
        out = value.slice(0, i);
        out.push(c);
      }
    }
    return out ?? value;
  }
  const keys = Object.keys(value);
  const source = value as Record<string, unknown>;
  // Anything but a plain object (a Map, a boxed number) becomes one, as Object.entries makes it.
  let same = isPlain(value) && inOrder(keys);
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const v = source[keys[i]!];
    const c = sortedCopy(toJson(v, keys[i]!));
    values[i] = c;
    if (c !== v) same = false;
  }
  return same ? value : inSortedOrder(keys, values);
}

/** A plain object of these keys and values, its keys added in sorted order (Object.fromEntries'). */
function inSortedOrder(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const order = sortedOrder(keys);
  const out: Record<string, unknown> = {};
  for (const i of order) {
    const k = keys[i]!;
    // An own "__proto__" (JSON.parse makes them) must stay a key, not become the prototype.
    if (k === "__proto__")
      Object.defineProperty(out, k, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = values[i];
  }
  return out;
}

// A report's 700k results and items come in a handful of shapes (the same keys in the same order):
// each shape is sorted once. Keys from Object.keys are interned, so comparing them is cheap. Bounded:
// attributes from the clouds can have any keys.
const SHAPES = 1024;
const orders = new Map<string, { keys: readonly string[]; order: readonly number[] }[]>();
let shapes = 0;

/** The indexes of `keys` in sorted order. */
function sortedOrder(keys: readonly string[]): readonly number[] {
  const first = keys[0] ?? "";
  const known = orders.get(first);
  if (known)
    for (const shape of known)
      if (shape.keys.length === keys.length && shape.keys.every((k, i) => k === keys[i])) return shape.order;
  const order = keys.map((_, i) => i).sort((a, b) => compare(keys[a]!, keys[b]!));
  if (shapes < SHAPES) {
    shapes++;
    if (known) known.push({ keys: [...keys], order });
    else orders.set(first, [{ keys: [...keys], order }]);
  }
  return order;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Strictly ascending, as sortedKeys' order would have them (an object's integer keys come first
// and ascending numerically; when the whole list is ascending as strings too, the orders agree).
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

function toJson(value: unknown, key: string | number): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "bigint")) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === "function" ? toJSON.call(value, String(key)) : value;
}
