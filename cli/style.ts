// Terminal styling: colour only on a TTY and never when NO_COLOR is set.
import { styleText } from "node:util";
import { fitTable } from "./fit.ts";

type Style = Parameters<typeof styleText>[0];

export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function paint(style: Style, text: string, on = useColour()): string {
  return on ? styleText(style, text) : text;
}

/** Left-aligned columns; the last column is not padded. With `width`, it fits (cli/fit.ts). */
export function table(rows: string[][], header?: string[], width?: number): string {
  return fitTable(rows, { ...(header ? { header } : {}), ...(width !== undefined ? { width } : {}) });
}
