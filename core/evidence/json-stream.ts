// JSON.stringify(value, replacer, 2) written piece by piece: the containers near the root are walked
// here and every array element (and anything deeper) is stringified natively, then re-indented. The
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

/** Keys sorted (the order JSON.stringify gives an object built from them: array indices first). */
export function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
  if (value === null || typeof value !== "object" || (!Array.isArray(value) && depth >= WALKED_DEPTH)) {
    const text = leaf(value, replacer);
    // Raw line breaks are structural only (JSON escapes them inside strings).
    write(indent === "" || !text.includes("\n") ? text : text.replaceAll("\n", `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      write(i === 0 ? `[\n${inner}` : `,\n${inner}`);
      const v = resolved(value, String(i), value[i], replacer);
      if (hasText(v)) writeResolved(v, inner, depth + 1, write, replacer);
      else write("null");
    }
    write(value.length === 0 ? "[]" : `\n${indent}]`);
    return;
  }
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

/**
 * The native text of a value already through toJSON and the replacer: the replacer still applies
 * below it, not to it again. (A toJSON result that itself has a toJSON would be converted twice; no
 * JSON-shaped data or Date does that.)
 */
function leaf(value: unknown, replacer: Replacer | undefined): string {
  if (!replacer || value === null || typeof value !== "object")
    return JSON.stringify(value, null, 2) as string;
  let root = true;
  return JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (!root) return replacer.call(this, key, v);
      root = false;
      return v;
    },
    2,
  ) as string;
}
