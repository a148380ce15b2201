// Must reach: the CycloneDX output validates against the 1.6 schema for every demo run. Runs the
// real demo (three simulated clouds, embedded store, two nights) and validates each night's BOM.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demo } from "../../../cli/commands/demo.ts";
import { verifyEvidence } from "../../../core/evidence/index.ts";

let dir: string;
let code: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aimscan-demo-evidence-"));
  const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    code = await demo({
      out: join(dir, "out"),
      db: join(dir, "db"),
      scenario: "simulator/scenarios/demo.yaml",
    });
  } finally {
    quiet.mockRestore();
  }
}, 300_000); // two nights of the demo: over 120 s seen at load averages above 20
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("evidence of the demo's nights", () => {
  it("writes a CycloneDX 1.6-valid BOM for every night, with models, services and suppliers", async () => {
    expect(code).toBe(0);
    const runs = (await readdir(join(dir, "out"))).sort();
    expect(runs).toHaveLength(2);
    const validator = new Validation.JsonValidator(Spec.Version.v1dot6);
    for (const run of runs) {
      const text = await readFile(join(dir, "out", run, "inventory.cdx.json"), "utf8");
      expect(await validator.validate(text), run).toBeNull();
      const bom = JSON.parse(text);
      expect(bom.components.some((c: any) => c.type === "machine-learning-model")).toBe(true);
      expect(bom.services.length).toBeGreaterThan(0);
      expect(new Set(bom.services.map((s: any) => s.provider.name)).size).toBeGreaterThan(1);
    }
  });

  it("chains the two nights so that the folder verifies", async () => {
    expect(await verifyEvidence(join(dir, "out"))).toMatchObject({ ok: true, checked: 14 });
  });
});
