// `aimscan init`: a draft inventory from what runs, that validates and reconciles with nothing
// undeclared or missing; never overwrites; --update adds only what is new and keeps comments.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticSnapshot } from "../../bench/init.ts";
import { checkInventory, loadInventory } from "../../core/inventory.ts";
import type { Snapshot } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";
import { loadCatalogue } from "../../scanners/catalogue.ts";
import { runCli } from "./run-cli.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "aimscan-init-"));

function snapshotFile(snapshot: Snapshot): string {
  const file = join(tmp(), "snapshot.json");
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

async function expectCleanDraft(out: string, snapshot: Snapshot): Promise<void> {
  const checked = checkInventory(out, { catalogue: await loadCatalogue() });
  expect(checked.problems).toEqual([]);
  const s = reconcile(loadInventory(out), snapshot).summary;
  expect({
    undeclared: s.undeclared,
    missing: s.missing,
    ambiguous: s.ambiguous,
    matched: s.matched,
  }).toEqual({
    undeclared: 0,
    missing: 0,
    ambiguous: 0,
    matched: snapshot.assets.length,
  });
}

describe("aimscan init", () => {
  it("drafts one system per account from the example snapshot, with TODOs strict validation refuses", async () => {
    const out = join(tmp(), "inventory");
    const snapshot = JSON.parse(readFileSync("examples/snapshot.json", "utf8")) as Snapshot;
    const r = await runCli(["init", "--snapshot", "examples/snapshot.json", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*inventory\.yaml: 3 systems, 6 entries for 6 assets\n/);
    await expectCleanDraft(out, snapshot);
    const text = readFileSync(join(out, "inventory.yaml"), "utf8");
    expect(text).toContain("expect: { attributes: { instanceType: ml.g5.xlarge } }");
    expect(text).toContain('modelVersion: "2024-08-06"');
    expect((await runCli(["validate", "--inventory", out])).code).toBe(0);
    const strict = await runCli(["validate", "--strict", "--inventory", out]);
    expect(strict.code).toBe(2);
    expect(strict.stderr.trimEnd().split("\n")).toHaveLength(9);
  });

  it.each(["account", "tag:team", "name-prefix"])(
    "drafts 2,000 assets grouped by %s that reconcile with nothing undeclared, missing or ambiguous",
    async (groupBy) => {
      const snapshot = syntheticSnapshot(2000);
      const out = join(tmp(), "inv");
      const r = await runCli([
        "init",
        "--snapshot",
        snapshotFile(snapshot),
        "--out",
        out,
        "--group-by",
        groupBy,
      ]);
      expect(r.code).toBe(0);
      await expectCleanDraft(out, snapshot);
      const text = readFileSync(join(out, "inventory.yaml"), "utf8");
      if (groupBy === "name-prefix") expect(text).toContain('name: "family1-*"');
      if (groupBy === "tag:team") expect(text).toContain("- id: team-team3\n");
    },
  );

  it("never overwrites an existing inventory: exit 2, one line, the file unchanged", async () => {
    const out = tmp();
    writeFileSync(join(out, "mine.yaml"), "version: 1\nsystems: []\n");
    const r = await runCli(["init", "--snapshot", "examples/snapshot.json", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.yaml: an inventory already exists; aimscan init never overwrites it/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(readFileSync(join(out, "mine.yaml"), "utf8")).toBe("version: 1\nsystems: []\n");
  });

  it("--update adds only what is new, keeping the user's edits and comments", async () => {
    const first = syntheticSnapshot(40);
    const out = join(tmp(), "inv");
    await runCli(["init", "--snapshot", snapshotFile(first), "--out", out]);
    const file = join(out, "inventory.yaml");
    const edited = readFileSync(file, "utf8")
      .replace("owner: TODO # TODO: team or person responsible", "owner: fraud-team # the fraud squad")
      .concat("  # hand-written\n  - id: mine\n    owner: me\n    assets: []\n");
    writeFileSync(file, edited);
    const next = syntheticSnapshot(60);
    const extra = {
      ...next.assets[0]!,
      id: "arn:aws:sagemaker:us-east-1:999999999999:endpoint/new",
      account: "999999999999",
    };
    const second = { ...next, assets: [...next.assets, extra] };
    const r = await runCli(["init", "--snapshot", snapshotFile(second), "--out", out, "--update"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^added 21 assets \(1 new system\)/);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("owner: fraud-team # the fraud squad");
    expect(text).toContain("# hand-written\n  - id: mine");
    await expectCleanDraft(out, second);
    const again = await runCli(["init", "--snapshot", snapshotFile(second), "--out", out, "--update"]);
    expect(again.stdout).toMatch(/^nothing new/);
  });

  it("refuses an unknown --group-by and a missing source, as bad input", async () => {
    expect((await runCli(["init", "--snapshot", "examples/snapshot.json", "--group-by", "team"])).code).toBe(
      2,
    );
    expect((await runCli(["init", "--out", tmp()])).code).toBe(2);
  });
});
