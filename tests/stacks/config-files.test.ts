// What `sst deploy` refuses before anything is created: a config the member accounts' roles
// could never admit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectConfigFiles } from "../../stacks/config-files.ts";

const dir = mkdtempSync(join(tmpdir(), "aimscan-deploy-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deploy(aws: string) {
  writeFileSync(join(dir, "inventory.yaml"), "systems: []\n");
  const path = join(dir, "aimscan.config.yaml");
  writeFileSync(path, `inventory: inventory.yaml\naws: ${aws}\n`);
  return () => collectConfigFiles(path);
}

describe("the deployed config", () => {
  it("refuses to scan an organisation without aws.externalId, saying what to give", () => {
    expect(deploy("{ organization: true }")).toThrow(
      /aimscan\.config\.yaml: aws\.externalId: required .*ParameterKey=ExternalId/,
    );
  });

  it("refuses listed member accounts with an external id the role template would refuse", () => {
    expect(deploy('{ accounts: ["111122223333"], externalId: short }')).toThrow(/at least 8 characters/);
  });

  it("accepts member accounts with an external id, and the own account without one", () => {
    expect(deploy('{ accounts: ["111122223333"], externalId: a-long-random-value }')().files[0]?.key).toBe(
      "aimscan.config.yaml",
    );
    expect(deploy("{ regions: [us-east-1] }")().config.aws?.regions).toEqual(["us-east-1"]);
  });
});
