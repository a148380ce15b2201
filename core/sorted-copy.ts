// A copy of a JSON value whose plain objects have their keys in sorted order (array-index keys
// first, numerically, as an object built in that order has them), every toJSON applied: what the
// native JSON.stringify then writes is canonical JSON, without a JS callback per value. Values whose
// keys are sorted already are returned themselves (no copy). Used for the evidence files' canonical
// text (evidence/json-stream.ts) and the store's version bodies (store/versions.ts canonicalJson).

/**
 * What JSON.stringify(value, sortedKeys) reads `value` as: every plain object's keys in sorted
 * order, every toJSON applied. Returns `value` itself where nothing below it differs, so data
 * whose keys are already sorted is not copied.
 */
export function sortedCopy(value: unknown): unknown {
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
export function inSortedOrder(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
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

export function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Strictly ascending, as sortedKeys' order would have them (an object's integer keys come first
// and ascending numerically; when the whole list is ascending as strings too, the orders agree).
export function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

function toJson(value: unknown, key: string | number): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "bigint")) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === "function" ? toJSON.call(value, String(key)) : value;
}
