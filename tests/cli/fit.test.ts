// Tables that fit: at 80, 120 and 200 columns no line of a table report is wider than the
// terminal, long ids are shortened in the middle (head and tail kept), and no word is split.
import { afterEach, describe, expect, it } from "vitest";
import { elideMiddle, fitTable, outputWidth, wrapWords } from "../../cli/fit.ts";
import { runCli } from "./run-cli.ts";

const AZURE_ID =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-marketing/providers/Microsoft.CognitiveServices/accounts/mkt-openai/deployments/dall-e-3";
const saved = process.env.COLUMNS;
afterEach(() => {
  if (saved === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = saved;
});

const chars = (s: string) => [...s].length;
const tokens = (s: string) => s.split(/\s+/).filter(Boolean);

async function reconcileAt(width: number | undefined): Promise<string> {
  if (width === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = String(width);
  const r = await runCli([
    "reconcile",
    "--inventory",
    "examples/inventory",
    "--snapshot",
    "examples/snapshot.json",
    "--policies",
    "builtin",
    "--format",
    "table",
  ]);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe("fitting text to a width", () => {
  it("shortens in the middle, keeping the start and the end", () => {
    const short = elideMiddle(AZURE_ID, 40);
    expect(chars(short)).toBe(40);
    expect(short).toMatch(/^\/subscriptions\/0b1f6[^…]*…[^…]*\/dall-e-3$/);
    expect(elideMiddle("short", 40)).toBe("short");
  });

  it("wraps at spaces only; a word too long for a line is elided, not split", () => {
    const text = `system fraud-scoring · ${AZURE_ID} · found 0 of 1`;
    const lines = wrapWords(text, 50, 4);
    for (const l of lines) expect(chars(l)).toBeLessThanOrEqual(50);
    for (const t of tokens(lines.join(" "))) expect(tokens(text).includes(t) || t.includes("…")).toBe(true);
  });

  for (const width of [80, 120, 200]) {
    it(`fits a two-column table of long ids into ${width} columns`, () => {
      const rows = [
        [`  ${AZURE_ID}`, "azure deployment in 0b1f6471-1bf0-4dda-aec3-cb9272f09590/swedencentral"],
        [
          "  arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm-playground",
          "aws endpoint in 111122223333/us-east-1",
        ],
      ];
      const out = fitTable(rows, { width });
      for (const line of out.split("\n")) expect(chars(line)).toBeLessThanOrEqual(width);
      // Too long even at 200 beside its text: shortened, its start and end kept.
      expect(out).toMatch(/^ {2}\/subscriptions\/0b1f\S*…\S*\/dall-e-3( |$)/m);
    });
  }

  it("lists records (each cell on its own line) below 100 columns", () => {
    const out = fitTable(
      [["run-1", "2026-12-01 02:00", "completed", "a long note that does not fit beside the rest"]],
      { header: ["RUN", "STARTED", "STATUS", "NOTE"], width: 40 },
    );
    expect(out.split("\n")).toEqual([
      "run-1",
      "    STARTED  2026-12-01 02:00",
      "    STATUS   completed",
      "    NOTE     a long note that does not",
      "             fit beside the rest",
    ]);
  });

  it("takes COLUMNS first, then the terminal, then 100", () => {
    process.env.COLUMNS = "132";
    expect(outputWidth({ isTTY: true, columns: 80 })).toBe(132);
    delete process.env.COLUMNS;
    expect(outputWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(outputWidth({ isTTY: false })).toBe(100);
  });
});

describe("reconcile --format table", () => {
  for (const width of [80, 120, 200]) {
    it(`keeps every line within ${width} columns and splits no word`, async () => {
      const out = await reconcileAt(width);
      const wide = await reconcileAt(1000);
      const whole = new Set(tokens(wide));
      for (const line of out.split("\n")) expect(chars(line), line).toBeLessThanOrEqual(width);
      for (const t of tokens(out)) expect(whole.has(t) || t.includes("…"), t).toBe(true);
      // The undeclared Azure deployment's id (154 characters) is shortened in the middle.
      expect(out).toMatch(/^ {2}\/subscriptions\/0b1f\S*…\S*\/dall-e-3\b/m);
    });
  }

  it("fits 100 columns when piped without COLUMNS", async () => {
    const out = await reconcileAt(undefined);
    expect(Math.max(...out.split("\n").map(chars))).toBeLessThanOrEqual(100);
  });
});
