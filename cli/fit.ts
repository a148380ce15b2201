// Text that fits the reader's width: tables shrink their id columns by eliding the middle of long
// ids (`arn:aws:sagemaker:…:endpoint/fraud`), wrap free text at spaces (never inside a word), and
// become a list of records when even that does not fit below 100 columns.

/** Narrower than this, a table that does not fit is printed as a list of records. */
export const RECORDS_BELOW = 100;
const GAP = "  ";
const MIN_ID = 16;
const MIN_TEXT = 24;

/**
 * The width to fit: `COLUMNS` when set (as shells and CI runners export it), else the terminal's
 * width, else 100 (piped output with `--format table`).
 */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env >= 20) return env;
  if (stream.isTTY && stream.columns && stream.columns >= 20) return stream.columns;
  return 100;
}

const ANSI = /\x1b\[[0-9;]*m/g;
export const visible = (s: string) => s.replace(ANSI, "");
const len = (s: string) => [...visible(s)].length;

/** Shortens `s` to `max` characters by replacing its middle with "…"; colour is dropped if it must shrink. */
export function elideMiddle(s: string, max: number): string {
  const chars = [...visible(s)];
  if (chars.length <= max) return s;
  if (max <= 1) return "…".slice(0, max);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join("")}…${tail > 0 ? chars.slice(-tail).join("") : ""}`;
}

/**
 * Wraps `text` at spaces to lines of at most `width` characters; continuation lines start with
 * `indent` spaces. A word longer than a whole line (an id) is elided in the middle, never split.
 */
export function wrapWords(text: string, width: number, indent = 0, first = 0): string[] {
  const lines: string[] = [];
  let line = "";
  let room = Math.max(1, width - first);
  for (const raw of visible(text).split(" ")) {
    if (raw === "" && line === "") continue;
    const word = len(raw) > room && line === "" ? elideMiddle(raw, room) : raw;
    const left = room - len(line) - 1;
    if (line === "") line = word;
    else if (len(word) <= left) line += ` ${word}`;
    else if (len(word) > width - indent && left >= MIN_ID) {
      // Elided either way: shortened where it stands rather than alone on the next line.
      line += ` ${elideMiddle(word, left)}`;
    } else {
      lines.push(line);
      room = Math.max(1, width - indent);
      line = len(word) > room ? elideMiddle(word, room) : word;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : " ".repeat(indent) + l));
}

/** Wraps every line of `text` that is wider than `width`, keeping its indentation (and a label's). */
export function fitLines(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (len(line) <= width) return [line];
      const lead = /^\s*/.exec(visible(line))![0].length;
      // "  fix:      text" continues under "text"; other lines two spaces under their start.
      const label = /^\s*\S+:\s{2,}/.exec(visible(line));
      const hang = label && label[0].length <= width / 2 ? label[0].length : Math.min(lead + 2, width / 2);
      const body = visible(line).slice(lead);
      return wrapWords(body, width, hang, lead).map((l, i) => (i === 0 ? " ".repeat(lead) + l : l));
    })
    .join("\n");
}

/** `fitLines` when there is a width to fit (table output), the text as it is otherwise. */
export const fitted = (text: string, width: number | undefined) =>
  width === undefined ? text : fitLines(text, width);

export interface TableOptions {
  header?: string[];
  /** Fit to this many columns; without it, columns take their natural width. */
  width?: number;
}

/**
 * Left-aligned columns, the last not padded. Too wide for `width`: the other columns shrink
 * (their cells elided in the middle) and the last column wraps under itself; at under 100
 * columns, or when that is not enough, each row becomes a record.
 */
export function fitTable(rows: string[][], options: TableOptions = {}): string {
  const { header, width } = options;
  const all = header ? [header, ...rows] : rows;
  const natural: number[] = [];
  for (const row of all)
    row.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, len(cell));
    });
  const total = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + GAP.length * (ws.length - 1);
  if (width === undefined || total(natural) <= width) return render(all, natural, header !== undefined);
  if (width < RECORDS_BELOW || natural.length < 2) return records(rows, width, header);
  const widths = shrink(natural, width);
  return widths ? render(all, widths, header !== undefined, width) : records(rows, width, header);
}

/**
 * Column widths that fit `width`: the last column (free text) gets up to 45% of the width, the
 * widest other columns (ids) give way down to MIN_ID; undefined when that is not enough.
 */
function shrink(natural: number[], width: number): number[] | undefined {
  const ws = [...natural];
  const last = ws.length - 1;
  const want = Math.min(natural[last]!, Math.max(MIN_TEXT, Math.floor(width * 0.45)));
  const room = () => width - (ws.slice(0, last).reduce((a, b) => a + b, 0) + GAP.length * last);
  while (room() < want) {
    let widest = 0;
    for (let i = 1; i < last; i++) if (ws[i]! > ws[widest]!) widest = i;
    if (ws[widest]! <= MIN_ID) return undefined;
    ws[widest] = Math.max(MIN_ID, ws[widest]! - (want - room()));
  }
  ws[last] = Math.min(natural[last]!, room());
  return ws;
}

function render(all: string[][], widths: number[], hasHeader: boolean, width?: number): string {
  const start = widths.slice(0, -1).reduce((a, b) => a + b + GAP.length, 0);
  const out = all.map((row) => {
    const cells = row.map((cell, i) => {
      const fitted = len(cell) > widths[i]! && i < row.length - 1 ? elideMiddle(cell, widths[i]!) : cell;
      return i === row.length - 1 ? fitted : fitted + " ".repeat(Math.max(0, widths[i]! - len(fitted)));
    });
    const line = cells.join(GAP);
    if (width === undefined || len(line) <= width) return line;
    const head = cells.slice(0, -1).join(GAP) + GAP;
    const tail = wrapWords(cells.at(-1)!, width, start, start);
    return head + tail.join("\n");
  });
  if (hasHeader) out.splice(1, 0, widths.map((w) => "-".repeat(w)).join(GAP));
  return out.join("\n");
}

/** One record per row: its first cell, then each other cell on its own line (named by the header). */
function records(rows: string[][], width: number, header?: string[]): string {
  const lead = /^\s*/.exec(visible(rows[0]?.[0] ?? ""))![0].length;
  const pad = " ".repeat(lead + 4);
  const name = Math.max(0, ...(header ?? []).slice(1).map((h) => len(h)));
  return rows
    .map((row) => {
      const [first = "", ...rest] = row;
      const lines = [" ".repeat(lead) + elideMiddle(visible(first).trim(), Math.max(1, width - lead))];
      rest.forEach((cell, i) => {
        if (visible(cell).trim() === "") return;
        const label = header ? `${header[i + 1]!.padEnd(name)}  ` : "";
        const at = pad.length + label.length;
        const wrapped = wrapWords(visible(cell).trim(), width, at, at);
        lines.push(pad + label + wrapped.join("\n"));
      });
      return lines.join("\n");
    })
    .join("\n");
}
