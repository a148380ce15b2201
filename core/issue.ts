// Turns the first zod issue of a file into one message that names the field and says what to do.
// zod's own texts ("Invalid input: expected string, received undefined") describe the validator;
// these describe the file.
import type { z } from "zod";
import { didYouMean } from "./suggest.ts";

export interface Described {
  /** Path of the node the message points at. */
  where: readonly PropertyKey[];
  message: string;
}

/**
 * `raw` is the parsed input (to tell a missing field from a wrong one); `sourceOf` gives the
 * text of a plain scalar as written, so a number can be quoted back to the user exactly.
 */
export function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  sourceOf: (path: readonly PropertyKey[]) => string | undefined,
  schema?: z.ZodType,
): Described {
  const path = issue.path;
  const field = label(path);
  const present = has(raw, path);
  const value = present ? valueAt(raw, path) : undefined;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const known = schema ? keysAt(schema, path) : [];
    return { where: [...path, key], message: `unknown key "${key}"${didYouMean(key, known)}` };
  }
  if (!present && path.length > 0 && (issue.code === "invalid_type" || issue.code === "invalid_value"))
    return { where: path, message: `${field}: required` };
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
    const mean = typeof value === "string" ? didYouMean(value, issue.values.map(String)) : "";
    return { where: path, message: `${field}: must be one of ${values} (got ${show(value)})${mean}` };
  }
  if (issue.code === "invalid_type") {
    if (issue.expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
      // YAML reads 111122223333 as a number (and 0123 as 123): ids must be quoted.
      const text = sourceOf(path) ?? String(value);
      return {
        where: path,
        message: `${field}: must be a string, got the ${typeof value} ${text}; quote it: "${text}"`,
      };
    }
    if (typeof value === "number" && !Number.isFinite(value))
      return { where: path, message: `${field}: number too large` };
    const expected =
      issue.expected === "object" ? "a map" : issue.expected === "array" ? "a list" : issue.expected;
    return { where: path, message: `${field}: must be ${article(expected)}, got ${kindOf(value)}` };
  }
  return { where: path, message: `${field}: ${issue.message}` };
}

/** The last key with the list indices after it: `account`, `systems[0]`, `accounts[2]`. */
function label(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "top level";
  let i = path.length;
  while (i > 0 && typeof path[i - 1] === "number") i--;
  const key = i > 0 ? String(path[i - 1]) : "value";
  return (
    key +
    path
      .slice(i)
      .map((n) => `[${String(n)}]`)
      .join("")
  );
}

function article(word: string): string {
  return word.startsWith("a ") ? word : /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function kindOf(v: unknown): string {
  if (v === null) return "null (an empty value)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return v instanceof Uint8Array ? "binary data" : "a map";
  return `the ${typeof v} ${show(v)}`;
}

function show(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function has(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node = raw;
  for (const key of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node !== undefined;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) node = (node as Record<PropertyKey, unknown>)[key];
  return node;
}

type AnySchema = { def: { type: string; [k: string]: unknown } };

/** The keys an object schema allows at `path` (through optional, default, arrays and records). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const unwrap = (s: AnySchema | undefined): AnySchema | undefined => {
    while (s && ["optional", "default", "nullable", "prefault", "readonly"].includes(s.def.type))
      s = s.def.innerType as AnySchema;
    return s;
  };
  let s = unwrap(schema as unknown as AnySchema);
  for (const key of path) {
    if (!s) return [];
    if (s.def.type === "object") s = (s.def.shape as Record<PropertyKey, AnySchema>)[key];
    else if (s.def.type === "array") s = s.def.element as AnySchema;
    else if (s.def.type === "record") s = s.def.valueType as AnySchema;
    else return [];
    s = unwrap(s);
  }
  return s?.def.type === "object" ? Object.keys(s.def.shape as object) : [];
}
