// Reads big JSON files (snapshots) fast with JSON.parse, and only on a problem re-reads them
// with the YAML parser (JSON is YAML) to name the line and column of the bad node.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { InputError, readYaml } from "./yamlfile.ts";

export function readJson<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : 0;
    const before = text.slice(0, offset).split("\n");
    const detail = (e as Error).message.replace(/ in JSON at position \d+.*$/, "");
    throw new InputError(`${file}:${before.length}:${before.at(-1)!.length + 1}: invalid JSON: ${detail}`);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  readYaml(file, schema, text); // throws the located error
  throw new InputError(`${file}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
}
