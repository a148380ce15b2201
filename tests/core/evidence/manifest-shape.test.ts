// A resealed manifest.json that is JSON but not a manifest object: one line naming the file, no
// empty field path ("manifest.json: : …").
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyEvidence, writeEvidence } from "../../../core/evidence/index.ts";
import { sealText, sha256 } from "../../../core/evidence/manifest.ts";
import { sampleInput } from "./fixtures.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aimscan-evidence-shape-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("evidence verify on a manifest that is not an object", () => {
  for (const text of ["[]", "null", "42"]) {
    it(`names the manifest for ${text}`, async () => {
      const out = await writeEvidence(sampleInput(dir));
      await writeFile(join(out.dir, "manifest.json"), text);
      await writeFile(join(out.dir, "manifest.sha256"), sealText(sha256(text)));
      const result = await verifyEvidence(out.dir);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(/^run-2\/manifest\.json: [^:]/);
      expect(result.problem).not.toContain(": :");
    });
  }
});
