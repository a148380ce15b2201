// Bad input files give one line `file:line:col: message` naming the field (DESIGN.md, CLI).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../core/config.ts";
import { readJson } from "../../core/jsonfile.ts";
import { InventoryFile, Snapshot } from "../../core/model.ts";
import { InputError, readYaml } from "../../core/yamlfile.ts";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const text = (e as Error).message;
    expect(text).not.toContain("\n");
    return text;
  }
  throw new Error("expected an InputError");
}

const yaml = (text: string) => message(() => readYaml("inv.yaml", InventoryFile, text));

function jsonFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "aimscan-json-")), "s.json");
  writeFileSync(file, text);
  return file;
}

describe("YAML input errors", () => {
  it("refuses an alias bomb with a located message instead of crashing", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g"].entries()) {
      const prev = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    expect(yaml(`version: 1\n${levels.join("\n")}\n`)).toMatch(/^inv\.yaml:3:\d+: .*alias/i);
  });

  it("asks to quote a number where a string is expected, keeping the digits as written", () => {
    const text = "version: 1\nsystems:\n  - id: s\n    assets:\n      - match: { account: 011122223333 }\n";
    expect(yaml(text)).toBe(
      'inv.yaml:5:27: account: must be a string, got the number 011122223333; quote it: "011122223333"',
    );
  });

  it("says a missing field is required", () => {
    expect(yaml("systems: []\n")).toBe("inv.yaml:1:1: version: required");
  });

  it("points an unknown key at the key, not at its value", () => {
    expect(yaml("version: 1\nsystems:\n  - id: s\n    ownr: x\n")).toBe(
      'inv.yaml:4:5: unknown key "ownr"; did you mean "owner"?',
    );
  });

  it("names the list item that has the wrong type", () => {
    expect(yaml("version: 1\nsystems:\n  -\n")).toMatch(
      /^inv\.yaml:3:\d+: systems\[0\]: must be a map, got null/,
    );
  });

  it("says the top level must be a map when the file is a list", () => {
    expect(yaml("- a\n- b\n")).toBe("inv.yaml:1:1: top level: must be a map, got a list");
  });

  it("says one document per file without naming the parser's API", () => {
    expect(yaml("version: 1\n---\nversion: 1\n")).toBe(
      'inv.yaml:2:1: one YAML document per file (found a second "---")',
    );
  });

  it("explains a region list given as a single string in the config", () => {
    expect(message(() => parseConfig("aws:\n  regions: us-east-1\n", "c.yaml"))).toBe(
      'c.yaml:2:12: regions: must be a list of regions or "enabled"',
    );
  });
});

describe("JSON input errors", () => {
  const minimal = '{"schemaVersion": 1, "scannedAt": "x", "assets": [], "coverage": []}';

  it("accepts a byte-order mark", () => {
    expect(readJson(jsonFile(`\uFEFF${minimal}`), Snapshot).schemaVersion).toBe(1);
  });

  it("locates a syntax error V8 gives no position for, on one line", () => {
    const file = jsonFile('{\n "schemaVersion": 1,\n "assets": [,]\n}');
    expect(message(() => readJson(file, Snapshot))).toBe(`${file}:3:13: invalid JSON: Unexpected token ','`);
  });

  it("locates a schema error and names the missing field", () => {
    const file = jsonFile(
      '{"schemaVersion": 1, "scannedAt": "x",\n "assets": [{"id": "a"}], "coverage": []}',
    );
    expect(message(() => readJson(file, Snapshot))).toBe(`${file}:2:13: provider: required`);
  });

  it("says a number too large for JSON numbers is too large", () => {
    const file = jsonFile(minimal.replace('"coverage": []', '"coverage": [1e400]'));
    expect(message(() => readJson(file, Snapshot))).toMatch(/coverage\[0\]: number too large$/);
  });
});
