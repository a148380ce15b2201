// Reads YAML files into zod-validated values, turning every problem into one line
// `file:line:col: message` that points at the offending node.
import { readFileSync } from "node:fs";
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";

/** Bad input: the CLI prints `message` alone and exits 2. */
export class InputError extends Error {
  override name = "InputError";
}

export interface Located<T> {
  value: T;
  doc: Document.Parsed;
  lines: LineCounter;
  file: string;
  /** 1-based line and column of the node at `path` (or of its nearest existing parent). */
  pos(path: readonly PropertyKey[]): { line: number; col: number };
  /** Position of a character `offset` into the source. */
  at(offset: number): { line: number; col: number };
}

export function readYaml<S extends z.ZodType>(file: string, schema: S, text?: string): Located<z.infer<S>> {
  let source: string;
  try {
    source = text ?? readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new InputError(`${file}:${line}:${col}: ${first.message.split("\n")[0]}`);
  }
  const at = (offset: number) => lines.linePos(offset);
  const pos = (path: readonly PropertyKey[]) => at(nodeAt(doc, path)?.range?.[0] ?? 0);
  const raw = doc.toJS({ maxAliasCount: 100 });
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(locate(file, pos, issue));
  }
  return { value: parsed.data, doc, lines, file, pos, at };
}

function locate(file: string, pos: Located<unknown>["pos"], issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = path;
  let message = issue.message;
  const field = path.filter((p) => typeof p === "string").at(-1);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    where = [...path, key];
    message = `unknown key "${key}"`;
  } else if (issue.code === "invalid_value" && "values" in issue) {
    const values = (issue.values as unknown[]).map((v) => JSON.stringify(v)).join(", ");
    message = `${String(field ?? "value")}: must be one of ${values}`;
  } else if (issue.code === "invalid_type" && field !== undefined) {
    message = `${String(field)}: ${issue.message}`;
  } else if (field !== undefined) {
    message = `${String(field)}: ${issue.message}`;
  }
  const { line, col } = pos(where);
  return `${file}:${line}:${col}: ${message}`;
}

/** The deepest existing node along `path` (a key's node for map keys that are the target). */
export function nodeAt(doc: Document.Parsed, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = isNode(node) ? node : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) return last;
      // Point unknown-key errors at the key itself; everything else at the value.
      const target = pair.value ?? pair.key;
      if (isNode(pair.key)) last = pair.key as Node;
      node = target;
      if (isNode(target) && (isMap(target) || isSeq(target) || isScalar(target))) last = target;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (!isNode(item)) return last;
      node = item;
      last = item;
    } else {
      return last;
    }
  }
  return last;
}
