// Terminal styling: colour only on a TTY and never when NO_COLOR is set.
import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function paint(style: Style, text: string, on = useColour()): string {
  return on ? styleText(style, text) : text;
}

/** Left-aligned columns; the last column is not padded. */
export function table(rows: string[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visible(cell).length);
    });
  }
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - visible(cell).length)))
      .join("  ");
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return out.join("\n");
}

// Strips ANSI colour codes so widths count what the eye sees.
const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
