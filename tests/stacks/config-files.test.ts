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

describe("the deployed GCP credential", () => {
  const withCredential = (content: string) => {
    writeFileSync(join(dir, "inventory.yaml"), "systems: []\n");
    writeFileSync(join(dir, "gcp-wif.json"), content);
    const path = join(dir, "aimscan.config.yaml");
    writeFileSync(
      path,
      "inventory: inventory.yaml\ngcp: { projects: [p-123456], credentialsFile: gcp-wif.json }\n",
    );
    return () => collectConfigFiles(path);
  };

  it("uploads an external_account file beside the config, under its relative key", () => {
    const file = JSON.stringify({ type: "external_account", audience: "//iam.googleapis.com/x" });
    expect(withCredential(file)().files).toContainEqual({ key: "gcp-wif.json", content: file });
  });

  it("refuses a service-account key: a stored secret", () => {
    expect(withCredential(JSON.stringify({ type: "service_account", private_key: "-----BEGIN" }))).toThrow(
      /gcp\.credentialsFile: a "service_account" credential holds a secret; deploy an external_account file/,
    );
  });
});
