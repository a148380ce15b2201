// Reads big JSON files (snapshots) fast with JSON.parse, and only on a problem re-reads them
// with the YAML parser (JSON is YAML) to name the line and column of the bad node.

import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { readRegularFile } from "./files.ts";
import { InputError, issueAt } from "./yamlfile.ts";

/**
 * `fast`: an optional check that returns what `schema` would for input it is sure of, and undefined
 * for anything else (zod then judges it and words the error).
 */
export function readJson<S extends z.ZodType>(
  file: string,
  schema: S,
  fast?: (raw: unknown) => z.infer<S> | undefined,
): z.infer<S> {
  let text: string;
  try {
    // Editors on Windows save a byte-order mark; JSON.parse refuses it, the YAML parser skips it.
    text = readRegularFile(file).replace(/^\uFEFF/, "");
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}:${syntaxError(text, (e as Error).message)}`);
  }
  const quick = fast?.(raw);
  if (quick !== undefined) return quick;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(issueAt(file, text, raw, parsed.error.issues[0]!, undefined, undefined, schema));
}

/** `line:col: invalid JSON: reason` on one line, whatever shape V8's message has. */
function syntaxError(text: string, message: string): string {
  // V8 names a position for some errors only ("…in JSON at position 12 (line 2 column 3)");
  // for the others the YAML parser (JSON is YAML) finds where the text stops making sense.
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : yamlErrorOffset(text);
  const before = text.slice(0, offset).split("\n");
  const detail = message
    .split("\n")[0]!
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/, (".*|\.\.\..*)$/, "");
  return `${before.length}:${before.at(-1)!.length + 1}: invalid JSON: ${detail}`;
}

function yamlErrorOffset(text: string): number {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false });
  return doc.errors[0]?.pos[0] ?? /\S\s*$/.exec(text)?.index ?? 0;
}
