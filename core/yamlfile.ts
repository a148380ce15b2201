// Reads YAML files into zod-validated values, turning every problem into one line
// `file:line:col: message` that points at the offending node.
import {
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import type { z } from "zod";
import { readRegularFile } from "./files.ts";
import { describeIssue } from "./issue.ts";
import { fastYaml } from "./yaml-fast.ts";

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

export interface ReadYamlOptions<T = unknown> {
  /** Refuse a file with no content (empty, whitespace, comments only or `null`): e.g. a config. */
  requireContent?: string;
  /**
   * The schema's check without zod, for big files: what zod would return, or undefined when it is
   * not sure (zod then judges). Only tried on values in yaml-fast's plain subset.
   */
  check?: (raw: unknown) => T | undefined;
}

export function readYaml<S extends z.ZodType>(
  file: string,
  schema: S,
  text?: string,
  options: ReadYamlOptions<z.infer<S>> = {},
): Located<z.infer<S>> {
  const read = readYamlAll(file, schema, text, options);
  if (read.problems.length > 0) throw new InputError(read.problems[0]!);
  return read as Located<z.infer<S>>;
}

/** What readYamlAll found: the value when it is valid, and every problem (YAML, then schema). */
export interface ReadAll<T> extends Omit<Located<T>, "value"> {
  value: T | undefined;
  /** The parsed YAML before the schema (undefined when the YAML itself is broken). */
  raw: unknown;
  problems: string[];
}

/** Like readYaml, but reports every problem it can instead of the first (`aimscan validate`). */
export function readYamlAll<S extends z.ZodType>(
  file: string,
  schema: S,
  text?: string,
  options: ReadYamlOptions<z.infer<S>> = {},
): ReadAll<z.infer<S>> {
  const source = text ?? readRegularFile(file);
  const fast = fastRead(file, schema, source, options.check);
  if (fast) return fast;
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lines.linePos(offset);
  const pos = (path: readonly PropertyKey[]) => at(nodeAt(doc, path)?.range?.[0] ?? 0);
  const base = { doc, lines, file, pos, at, value: undefined, raw: undefined };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return `${file}:${line}:${col}: ${parseMessage(e.code, e.message)}`;
    });
    return { ...base, problems };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml library refuses alias bombs (exponential expansion) while converting.
    const { line, col } = at(firstAlias(doc) ?? 0);
    return { ...base, problems: [`${file}:${line}:${col}: ${(e as Error).message.split("\n")[0]}`] };
  }
  if ((raw === null || raw === undefined) && options.requireContent) {
    return { ...base, problems: [`${file}:1:1: ${options.requireContent}`] };
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issueAt(file, source, raw, issue, doc, lines, schema),
    );
    return { ...base, raw, problems: [...new Set(problems)] };
  }
  return { ...base, raw, value: parsed.data, problems: [] };
}

/**
 * The common case without building yaml's document: a file in the plain subset (core/yaml-fast.ts)
 * whose value passes the schema. The document is parsed only if a caller asks for it (to point at
 * a problem it found later); anything else takes the full path, which reports every problem.
 */
function fastRead<S extends z.ZodType>(
  file: string,
  schema: S,
  source: string,
  check?: (raw: unknown) => z.infer<S> | undefined,
): ReadAll<z.infer<S>> | undefined {
  const fast = fastYaml(source);
  if (!fast) return undefined;
  const checked = check?.(fast.value);
  const parsed =
    checked !== undefined ? { success: true as const, data: checked } : schema.safeParse(fast.value);
  if (!parsed.success) return undefined;
  let full: { doc: Document.Parsed; lines: LineCounter } | undefined;
  const slow = () => {
    if (!full) {
      const lines = new LineCounter();
      full = {
        doc: parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }),
        lines,
      };
    }
    return full;
  };
  return {
    file,
    value: parsed.data,
    raw: fast.value,
    problems: [],
    at: fast.at,
    pos: (path) => fast.at(fast.offsetOf(path)),
    get doc() {
      return slow().doc;
    },
    get lines() {
      return slow().lines;
    },
  };
}

/**
 * `file:line:col: message` for a schema issue in `source` (YAML or JSON text whose parsed value
 * is `raw`). The positions come from the YAML parse of the text; JSON is YAML.
 */
export function issueAt(
  file: string,
  source: string,
  raw: unknown,
  issue: z.core.$ZodIssue,
  doc?: Document.Parsed,
  lines?: LineCounter,
  schema?: z.ZodType,
): string {
  if (!doc || !lines) {
    lines = new LineCounter();
    doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  }
  const parsed = doc;
  const { where, message } = describeIssue(issue, raw, (p) => scalarSource(parsed, source, p), schema);
  const node = issue.code === "unrecognized_keys" ? keyAt(doc, where) : nodeAt(doc, where);
  const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
  return `${file}:${line}:${col}: ${message}`;
}

function parseMessage(code: string, message: string): string {
  // The library's own text for this one names its API, which means nothing to a user.
  if (code === "MULTIPLE_DOCS") return 'one YAML document per file (found a second "---")';
  return message.split("\n")[0]!;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The text of a plain scalar as written (so `011122223333` is not shown as 11122223333). */
function scalarSource(
  doc: Document.Parsed,
  source: string,
  path: readonly PropertyKey[],
): string | undefined {
  const node = nodeAt(doc, path);
  if (!isScalar(node) || !node.range || node.type !== "PLAIN") return undefined;
  return source.slice(node.range[0], node.range[1]);
}

/** The key node of the last step of `path` (for unknown keys), else the nearest node. */
export function keyAt(doc: Document.Parsed, path: readonly PropertyKey[]): Node | undefined {
  const parent = nodeAt(doc, path.slice(0, -1));
  const key = path.at(-1);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    if (isNode(pair?.key)) return pair.key;
  }
  return nodeAt(doc, path);
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
