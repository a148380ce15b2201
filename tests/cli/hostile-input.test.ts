// Hostile inputs of issue 13: each one line, exit 2, nothing written.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownText, printable } from "../../core/printable.ts";
import { runCli } from "./run-cli.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "aimscan-hostile-"));

function expectBadInput(r: { code: number; stdout: string; stderr: string }, line: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(line);
}

/** A config in a fresh folder whose store and evidence would land beside it. */
function setup(configText: string) {
  const dir = tmp();
  const config = join(dir, "c.yaml");
  writeFileSync(config, configText);
  return { dir, config };
}

describe("hostile inputs", () => {
  for (const [what, text] of [
    ["empty", ""],
    ["whitespace-only", "  \n\t\n"],
    ["null", "null\n"],
    ["comment-only", "# nothing here\n"],
  ] as const) {
    it(`refuses a ${what} config for run and writes nothing`, async () => {
      const { dir, config } = setup(text);
      const r = await runCli(["run", "--config", config]);
      expectBadInput(r, /c\.yaml:1:1: the config is empty/);
      expect(readdirSync(dir)).toEqual(["c.yaml"]);
    });
  }

  it("refuses /dev/null as a config by type", async () => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      const r = await runCli(["run", "--config", "/dev/null"]);
      expectBadInput(r, /^\/dev\/null: a character device, not a regular file/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("refuses a FIFO named .yaml in the inventory instead of hanging", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "inv"));
    execFileSync("mkfifo", [join(dir, "inv", "a.yaml")]);
    const r = await runCli(["validate", "--inventory", join(dir, "inv")]);
    expectBadInput(r, /a\.yaml: a FIFO, not a regular file/);
  });

  for (const [id, why] of [
    ["fraud-scorer", /cannot tell which cloud "fraud-scorer" is in/],
    ["arn:aws:sagemaker:us-east-1:111122223", /not a complete ARN/],
    ["arn:aws:sagemaker:us-east-1:111122223333:", /not a complete ARN/],
    ["arn:aws:sagemaker:nowhere:111122223333:endpoint/x", /not an AWS region/],
    ["/subscriptions/abc/resourceGroups/rg", /not a complete Azure resource id/],
    ["projects/p1/locations/us-central1", /not a complete GCP resource name/],
  ] as const) {
    it(`refuses the declared id ${JSON.stringify(id)} at its line and column`, async () => {
      const dir = tmp();
      writeFileSync(
        join(dir, "inv.yaml"),
        `version: 1\nsystems:\n  - id: s\n    name: S\n    owner: o@example.com\n    assets:\n      - id: "${id}"\n`,
      );
      const r = await runCli(["validate", "--inventory", join(dir, "inv.yaml")]);
      // validate lists every problem (at most 50); the id's own line is among them.
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(new RegExp(`inv\\.yaml:7:\\d+: id: .*${why.source}`));
    });
  }

  for (const [id, why] of [
    ["latest", /"latest" is reserved/],
    ["../../escape", /letters, digits/],
    ["x".repeat(3000), /3000 characters; at most 128/],
    ["a b", /letters, digits/],
  ] as const) {
    it(`refuses --run-id ${id.slice(0, 20)} before reading the config or writing`, async () => {
      const { dir, config } = setup("store: { type: embedded, path: ./db }\ninventory: ./nope\n");
      const r = await runCli(["run", "--config", config, "--run-id", id]);
      expectBadInput(r, new RegExp(`^--run-id: .*${why.source}`));
      expect(existsSync(join(dir, "db"))).toBe(false);
    });
  }
});

describe("one sanitiser", () => {
  it("escapes C0, C1, bidi overrides and isolates", () => {
    const hostile = "\x1b[2J\x1b[31mFAKE: all clear\nok\u0085\u202Eevil\u2066x\u2069";
    const out = printable(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain("\\u001b[2J");
    expect(out).toContain("\\u202e");
    expect(out).toContain("\\u2066");
  });

  it("neutralises HTML, links, mentions and <!channel> in markdown", () => {
    const out = markdownText(
      "<img src=x onerror=alert(1)> [click](https://evil.example) @team <!channel> | x",
    );
    expect(out).not.toMatch(/<|>/);
    expect(out).not.toContain("](");
    expect(out).not.toContain("https://");
    expect(out).not.toMatch(/(^|[^;])@team/);
    expect(out).toContain("\\|");
  });
});
