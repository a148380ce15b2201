import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../core/inventory.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-inv-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const error = (files: Record<string, string>) => {
  const dir = folder(files);
  try {
    loadInventory(dir);
  } catch (e) {
    return (e as Error).message.replace(`${relative(process.cwd(), dir)}/`, "");
  }
  throw new Error("expected an error");
};

const good = `version: 1
systems:
  - id: fraud
    owner: risk@example.com
    riskLevel: high
    assets:
      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud
        expect: { attributes: { instanceType: ml.m5.large } }
      - match: { provider: aws, name: "fraud-*" }
        minCount: 0
`;

describe("loadInventory", () => {
  it("loads a folder of files, with the source line of every system and entry", () => {
    const dir = folder({
      "a.yaml": good,
      "sub/b.yml": "version: 1\nsystems:\n  - id: chat\n    assets: []\n",
    });
    const inv = loadInventory(dir);
    expect(inv.systems.map((s) => s.id)).toEqual(["fraud", "chat"]);
    expect(inv.systems[0]!.assets.map((a) => a.source?.line)).toEqual([7, 9]);
    expect(inv.systems[0]!.source?.line).toBe(3);
  });

  it("names file, line and column of malformed YAML", () => {
    expect(error({ "a.yaml": "version: 1\nsystems:\n  - id: [oops\n" })).toMatch(/^a\.yaml:\d+:\d+: /);
  });

  it("names an unknown key", () => {
    expect(error({ "a.yaml": "version: 1\nsystems:\n  - id: s\n    ownr: x\n" })).toMatch(
      /^a\.yaml:4:\d+: unknown key "ownr"; did you mean "owner"\?$/,
    );
  });

  it("names a bad enum value and the field", () => {
    expect(error({ "a.yaml": "version: 1\nsystems:\n  - id: s\n    riskLevel: extreme\n" })).toMatch(
      /^a\.yaml:4:\d+: riskLevel: must be one of "low", "medium", "high", "TODO" \(got "extreme"\)$/,
    );
  });

  it("names a wrong type", () => {
    expect(
      error({
        "a.yaml": "version: 1\nsystems:\n  - id: s\n    assets:\n      - id: x\n        minCount: many\n",
      }),
    ).toMatch(/^a\.yaml:6:\d+: minCount: /);
  });

  it("refuses an entry with both id and match, or neither", () => {
    expect(
      error({
        "a.yaml": "version: 1\nsystems:\n  - id: s\n    assets:\n      - id: x\n        match: { name: y }\n",
      }),
    ).toMatch(/^a\.yaml:5:\d+: entry has both "id" and "match"/);
    expect(
      error({ "a.yaml": "version: 1\nsystems:\n  - id: s\n    assets:\n      - minCount: 1\n" }),
    ).toMatch(/^a\.yaml:5:\d+: entry needs "id"/);
  });

  it("names both places of a system id used twice", () => {
    const msg = error({
      "a.yaml": "version: 1\nsystems:\n  - id: s\n",
      "b.yaml": "version: 1\nsystems:\n  - id: s\n",
    });
    expect(msg).toMatch(/^b\.yaml:3:\d+: system id "s" is already declared at .*a\.yaml:3:\d+$/);
  });

  it("refuses a minimum above one on an exact-id entry, which could never be met", () => {
    expect(
      error({
        "a.yaml":
          "version: 1\nsystems:\n  - id: s\n    assets:\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/x\n        minCount: 2\n",
      }),
    ).toBe('a.yaml:6:19: minCount: an "id" entry claims one asset; use 0 or 1');
  });

  it("walks a folder once when a symlink points back to it", () => {
    const dir = folder({ "a.yaml": good });
    symlinkSync(".", join(dir, "self"));
    expect(loadInventory(dir).systems.map((s) => s.id)).toEqual(["fraud"]);
  });

  it("reports a broken symlink as a file it cannot read", () => {
    const dir = folder({ "a.yaml": good });
    symlinkSync(join(dir, "gone.yaml"), join(dir, "b.yaml"));
    expect(() => loadInventory(dir)).toThrow(/b\.yaml: cannot read: ENOENT/);
  });

  it("refuses an unclosed glob class", () => {
    expect(
      error({ "a.yaml": 'version: 1\nsystems:\n  - id: s\n    assets:\n      - match: { name: "x[" }\n' }),
    ).toMatch(/^a\.yaml:5:\d+: match\.name: unclosed/);
  });
});
