// A fast reader for the plain subset of YAML that inventories are written in: block maps and
// sequences, one-line plain, single- and double-quoted scalars, comments. The `yaml` library
// builds a CST and a document of nodes (about 1.4 s for a 10,000-entry inventory); this reads the
// same files in a line scan. Anything outside the subset (flow collections, block scalars, anchors,
// tags, multi-line scalars, tabs, empty values, duplicate keys, numbers other than plain integers…)
// answers `undefined` and the caller parses with `yaml`, so it is never the judge of odd input:
// errors and their positions always come from `yaml` (tests hold values and positions to it).

/** Where a node starts, and its children's positions (maps: key and value; sequences: items). */
export interface FastNode {
  at: number;
  keys?: Map<string, { key: number; value: FastNode }>;
  items?: FastNode[];
}

export interface FastYaml {
  value: unknown;
  root: FastNode;
  /** 1-based line and column of a character offset, as yaml's LineCounter gives them. */
  at(offset: number): { line: number; col: number };
  /** The offset `nodeAt` of core/yamlfile.ts would point at for `path`. */
  offsetOf(path: readonly PropertyKey[]): number;
}

interface Line {
  /** Offset of the line's first character in the source. */
  start: number;
  /** Column (0-based) where this line's content starts. */
  indent: number;
  /** The content from `indent` on. */
  text: string;
}

/** Thrown inside the scan when the text leaves the subset; never escapes `fastYaml`. */
class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

// A plain key: a letter or underscore first, no `:` or `#` inside, no space before its colon.
const PLAIN_KEY = /^[A-Za-z_](?:[A-Za-z0-9_./ -]*[A-Za-z0-9_./-])?$/;
const ODD = /[\x00-\x09\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]/;
const INT = /^-?[1-9][0-9]{0,14}$|^0$/;
const WORDS: Record<string, unknown> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  null: null,
  Null: null,
  NULL: null,
  "~": null,
};

/** The value of `source` and its positions, or undefined when the text is not in the subset. */
export function fastYaml(source: string): FastYaml | undefined {
  // Tabs, carriage returns, other control characters, a byte-order mark: yaml's rules, not ours.
  if (ODD.test(source)) return undefined;
  const starts: number[] = [];
  const lines: Line[] = [];
  let offset = 0;
  while (offset <= source.length) {
    let end = source.indexOf("\n", offset);
    if (end === -1) end = source.length;
    starts.push(offset);
    let indent = 0;
    while (source.charCodeAt(offset + indent) === 32) indent++;
    const text = source.slice(offset + indent, end);
    if (text !== "" && text[0] !== "#") {
      // Directives and document markers: `yaml` decides what they mean.
      if (indent === 0 && (text[0] === "%" || text.startsWith("---") || text.startsWith("...")))
        return undefined;
      lines.push({ start: offset, indent, text });
    }
    offset = end + 1;
  }
  if (lines.length === 0) return undefined;
  const scan = new Scan(lines);
  let parsed: { value: unknown; node: FastNode };
  try {
    parsed = scan.block(lines[0]!.indent);
    if (scan.i < lines.length) return undefined;
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
  const root = parsed.node;
  const at = (o: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - starts[lo]! + 1 };
  };
  return { value: parsed.value, root, at, offsetOf: (path) => offsetOf(root, path) };
}

/** Mirrors nodeAt: the deepest node along `path`, a map entry's value (its key if it has none). */
function offsetOf(root: FastNode, path: readonly PropertyKey[]): number {
  let node: FastNode | undefined = root;
  let last = root.at;
  for (const step of path) {
    if (node?.keys) {
      const pair: { value: FastNode } | undefined =
        typeof step === "string" ? node.keys.get(step) : undefined;
      if (!pair) return last;
      node = pair.value;
      last = pair.value.at;
    } else if (node?.items && typeof step === "number") {
      const item: FastNode | undefined = node.items[step];
      if (!item) return last;
      node = item;
      last = item.at;
    } else {
      return last;
    }
  }
  return last;
}

class Scan {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block (map or sequence) whose first line is the current one, at `indent`. */
  block(indent: number): { value: unknown; node: FastNode } {
    const line = this.lines[this.i]!;
    if (line.indent !== indent) unsure();
    return isItem(line.text) ? this.seq(indent) : this.map(indent);
  }

  private map(indent: number): { value: unknown; node: FastNode } {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { key: number; value: FastNode }>();
    const node: FastNode = { at: this.lines[this.i]!.start + indent, keys };
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isItem(line.text)) unsure();
      const k = keyOf(line.text);
      if (!k) return unsure();
      const key = k.key;
      if (keys.has(key) || key === "__proto__") unsure();
      const keyAt = line.start + line.indent;
      const rest = line.text.slice(k.length);
      let child: { value: unknown; node: FastNode };
      if (isEmpty(rest)) {
        this.i++;
        const next = this.lines[this.i];
        // A sequence may sit at its key's own indentation; anything else nested is deeper.
        if (next && (next.indent > indent || (next.indent === indent && isItem(next.text))))
          child = this.block(next.indent);
        else return unsure(); // an empty value (null): rare, left to yaml
      } else {
        const column = line.indent + line.text.length - rest.trimStart().length;
        child = scalar(rest.trimStart(), line.start + column);
        this.i++;
        this.noContinuation(indent);
      }
      value[key] = child.value;
      keys.set(key, { key: keyAt, value: child.node });
    }
    return { value, node };
  }

  private seq(indent: number): { value: unknown; node: FastNode } {
    const value: unknown[] = [];
    const items: FastNode[] = [];
    const node: FastNode = { at: this.lines[this.i]!.start + indent, items };
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent || (line.indent === indent && !isItem(line.text))) break;
      if (line.indent > indent) unsure();
      const rest = line.text.slice(1).trimStart();
      if (rest === "" || rest[0] === "#" || isItem(rest)) unsure();
      const column = line.indent + line.text.length - rest.length;
      let child: { value: unknown; node: FastNode };
      if (keyOf(rest)) {
        // `- key: value`: a map whose first line is this one, from the column after the dash.
        this.lines[this.i] = { start: line.start, indent: column, text: rest };
        child = this.map(column);
      } else {
        child = scalar(rest, line.start + column);
        this.i++;
        this.noContinuation(indent);
      }
      value.push(child.value);
      items.push(child.node);
    }
    return { value, node };
  }

  /** A deeper line after a scalar would continue it (a multi-line scalar): left to yaml. */
  private noContinuation(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) unsure();
  }
}

/** The key of a `key: value` line and the length of `key: ` (plain, or double-quoted without escapes). */
function keyOf(text: string): { key: string; length: number } | undefined {
  let key: string;
  let colon: number;
  if (text[0] === '"') {
    const q = text.indexOf('"', 1);
    if (q === -1) return undefined;
    key = text.slice(1, q);
    if (key.includes("\\")) return undefined;
    colon = q + 1;
    if (text[colon] !== ":") return undefined;
  } else {
    colon = text.indexOf(":");
    if (colon <= 0) return undefined;
    key = text.slice(0, colon);
    if (!PLAIN_KEY.test(key)) return undefined;
  }
  const after = text[colon + 1];
  if (after === undefined) return { key, length: colon + 1 };
  return after === " " ? { key, length: colon + 2 } : undefined;
}

const isItem = (text: string) => text[0] === "-" && (text.length === 1 || text[1] === " ");

/** Nothing, or only a comment, after a key's colon (the key pattern took the space after it). */
const isEmpty = (rest: string) => {
  const t = rest.trimStart();
  return t === "" || t[0] === "#";
};

/** A one-line scalar at `at`; `text` starts at the scalar and runs to the end of the line. */
function scalar(text: string, at: number): { value: unknown; node: FastNode } {
  const node = { at };
  const first = text[0]!;
  if (first === '"' || first === "'") {
    let value: string;
    let end: number;
    if (first === '"') {
      end = text.indexOf('"', 1);
      if (end === -1) return unsure();
      value = text.slice(1, end);
      if (value.includes("\\")) unsure();
    } else {
      value = "";
      let from = 1;
      for (;;) {
        const q = text.indexOf("'", from);
        if (q === -1) return unsure();
        value += text.slice(from, q);
        if (text[q + 1] !== "'") {
          end = q;
          break;
        }
        value += "'";
        from = q + 2;
      }
    }
    const after = text.slice(end + 1);
    if (after.trim() !== "" && !/^ +#/.test(after)) unsure();
    return { value, node };
  }
  // Indicators that start something other than a plain scalar, and reserved ones.
  if ("-?:,[]{}#&*!|>%@`".includes(first)) unsure();
  const hash = text.indexOf(" #");
  const plain = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
  if (plain.includes(": ") || plain.endsWith(":") || plain.includes(" #")) unsure();
  if (Object.hasOwn(WORDS, plain)) return { value: WORDS[plain], node };
  // Numbers: plain integers only; floats, octal, hex, signs and leading zeros go to yaml.
  if (/^[0-9+.~]/.test(first)) return INT.test(plain) ? { value: Number(plain), node } : unsure();
  return { value: plain, node };
}
