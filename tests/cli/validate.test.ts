// `aimscan validate`: every problem one `file:line:col:` line (up to 50), exit 2; selectors and
// `expect` attributes checked against the catalogue of kinds, with "did you mean" for near misses.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

function inventory(entries: string[], system = "    owner: team\n"): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-validate-"));
  const file = join(dir, "inv.yaml");
  writeFileSync(file, `version: 1\nsystems:\n  - id: s\n${system}    assets:\n${entries.join("\n")}\n`);
  return file;
}

/** One entry (line 6 of the file), validated: the single error line. */
async function oneError(entry: string): Promise<string> {
  const r = await runCli(["validate", "--inventory", inventory([entry])]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0]!.replace(/^.*inv\.yaml:/, "inv.yaml:");
}

describe("validate: typos in selectors", () => {
  it.each([
    [
      "provider",
      "      - match: { provider: aw, service: sagemaker }",
      /^inv\.yaml:6:28: provider: must be one of "aws", "azure", "gcp" \(got "aw"\); did you mean "aws"\?$/,
    ],
    [
      "service",
      "      - match: { provider: gcp, service: vertex }",
      /^inv\.yaml:6:42: match\.service: no scanner reports service "vertex" in gcp; did you mean "vertexai"\?/,
    ],
    [
      "kind",
      "      - match: { provider: aws, service: sagemaker, kind: models }",
      /^inv\.yaml:6:59: match\.kind: no scanner reports kind "models" in aws\/sagemaker; did you mean "model"\?/,
    ],
    [
      "kind without provider or service",
      "      - match: { kind: endpont }",
      /^inv\.yaml:6:24: match\.kind: no scanner reports kind "endpont"; did you mean "endpoint"\?/,
    ],
    [
      "a service of another cloud",
      "      - match: { provider: azure, service: sagemaker }",
      /^inv\.yaml:6:44: match\.service: "sagemaker" is a service of aws, not azure$/,
    ],
    [
      "account",
      '      - match: { provider: aws, account: "11112222333" }',
      /^inv\.yaml:6:42: match\.account: "11112222333" is not an AWS account id/,
    ],
    [
      "region",
      "      - match: { provider: aws, region: us-east1 }",
      /^inv\.yaml:6:41: match\.region: "us-east1" is not an AWS region; did you mean "us-east-1"\?$/,
    ],
    [
      "Azure region",
      "      - match: { provider: azure, region: westeurpe }",
      /^inv\.yaml:6:43: match\.region: "westeurpe" is not an Azure region; did you mean "westeurope"\?$/,
    ],
    [
      "a selector key",
      "      - match: { provider: aws, servce: sagemaker }",
      /^inv\.yaml:6:33: unknown key "servce"; did you mean "service"\?$/,
    ],
    [
      "an entry key",
      "      - mach: { provider: aws }",
      /^inv\.yaml:6:9: unknown key "mach"; did you mean "match"\?$/,
    ],
    [
      "an expect key",
      "      - match: { provider: aws, kind: endpoint }\n        expect: { atributes: { instanceType: x } }",
      /^inv\.yaml:7:19: unknown key "atributes"; did you mean "attributes"\?$/,
    ],
  ])("names the file, line and column of a typo in %s", async (_, entry, line) => {
    expect(await oneError(entry)).toMatch(line);
  });

  it.each([
    [
      "the id's service",
      "      - id: arn:aws:sagemkr:us-east-1:111122223333:endpoint/x",
      /^inv\.yaml:6:13: id: no scanner reports aws service "sagemkr"; did you mean "sagemaker"\?/,
    ],
    [
      "the id's account",
      "      - id: arn:aws:sagemaker:us-east-1:11112222333:endpoint/x",
      /^inv\.yaml:6:13: id: "11112222333" is not an AWS account id/,
    ],
    [
      "the id's region",
      "      - id: arn:aws:sagemaker:us-est-1:111122223333:endpoint/x",
      /^inv\.yaml:6:13: id: "us-est-1" is not an AWS region; did you mean "us-east-1"\?$/,
    ],
    [
      "an id that names no cloud",
      "      - id: fraud-endpoint",
      /^inv\.yaml:6:13: id: cannot tell which cloud "fraud-endpoint" is in/,
    ],
  ])("refuses a typo in %s of an exact-id entry", async (_, entry, line) => {
    expect(await oneError(entry)).toMatch(line);
  });
});

describe("validate: expect attributes", () => {
  it("refuses an attribute the kind never has, pointing at its key", async () => {
    const entry =
      "      - match: { provider: aws, service: sagemaker, kind: endpoint }\n" +
      "        expect: { attributes: { instanceTyp: ml.m5.large } }";
    expect(await oneError(entry)).toBe(
      'inv.yaml:7:33: expect.attributes: aws/sagemaker/endpoint never has an attribute "instanceTyp"; did you mean "instanceType"?',
    );
  });

  it("knows the kind of an exact id from its resource path", async () => {
    const entry =
      "      - id: arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb\n" +
      "        expect: { attributes: { kmsKeyID: null } }";
    expect(await oneError(entry)).toMatch(
      /^inv\.yaml:7:33: .* attribute "kmsKeyID"; did you mean "kmsKeyId"\?$/,
    );
  });

  it("refuses a value of a type the scanners never write there", async () => {
    const entry =
      "      - match: { provider: aws, service: sagemaker, kind: endpoint }\n" +
      '        expect: { attributes: { instanceCount: "2" } }';
    expect(await oneError(entry)).toMatch(
      /^inv\.yaml:7:48: expect\.attributes\.instanceCount: the scanners write number here, got the string "2"$/,
    );
  });

  it("accepts attributes every kind of the entry has, and an Azure deployment's model", async () => {
    const file = inventory([
      "      - match: { provider: aws, service: sagemaker, kind: endpoint }",
      "        expect: { attributes: { instanceType: ml.m5.large, instanceCount: 2, kmsKeyId: null } }",
      "      - id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/deployments/d",
      "        expect: { attributes: { modelName: gpt-4o, modelVersion: 2024-08-06 } }",
    ]);
    const r = await runCli(["validate", "--inventory", file]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ok: 1 system, 2 asset entries\n");
    expect(r.code).toBe(0);
  });
});

describe("validate: match attributes", () => {
  it("accepts a model glob on model-usage, and checks the name against the kind's attributes", async () => {
    const good = inventory([
      '      - match: { kind: model-usage, attributes: { model: "anthropic.claude-*" } }',
    ]);
    const r = await runCli(["validate", "--inventory", good]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const entry = '      - match: { kind: model-usage, attributes: { modle: "anthropic.claude-*" } }';
    expect(await oneError(entry)).toMatch(
      /^inv\.yaml:6:\d+: match\.attributes: .* attribute "modle"; did you mean "model"\?$/,
    );
  });

  it("refuses a value of a type the scanners never write there", async () => {
    const entry = '      - match: { provider: aws, kind: model-usage, attributes: { invocations: "many" } }';
    expect(await oneError(entry)).toMatch(
      /^inv\.yaml:6:\d+: match\.attributes\.invocations: the scanners write number here, got the string "many"$/,
    );
  });
});

describe("validate: every error", () => {
  it("reports each problem on its own line in file order, not only the first", async () => {
    const file = inventory([
      "      - match: { provider: aws, service: sagemaker, kind: models }",
      "      - match: { provider: aw }",
      "      - id: nothing-cloudy",
      "      - match: { provider: gcp, service: vertex }",
    ]);
    const r = await runCli(["validate", "--inventory", file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.map((l) => /inv\.yaml:(\d+):/.exec(l)?.[1])).toEqual(["6", "7", "8", "9"]);
  });

  it("stops after 50 errors and says so", async () => {
    const entries = Array.from({ length: 60 }, () => "      - match: { kind: modle }");
    const r = await runCli(["validate", "--inventory", inventory(entries)]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(51);
    expect(lines.at(-1)).toBe("… stopped after 50 errors");
  });

  it("says 1 system, 1 asset entry, 1 policy and 0 waivers in the singular where it is one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-validate-"));
    const pack = join(dir, "p.yaml");
    writeFileSync(
      pack,
      'version: 1\npolicies:\n  - id: p\n    title: t\n    severity: low\n    assert: "true"\n',
    );
    const file = inventory(["      - match: { provider: aws, kind: endpoint }"]);
    const r = await runCli(["validate", "--inventory", file, "--policies", pack]);
    expect(r.stdout).toBe("ok: 1 system, 1 asset entry, 1 policy, 0 waivers\n");
  });
});

describe("validate --strict", () => {
  it("passes TODO values without --strict and refuses each with it", async () => {
    const file = inventory(
      ["      - match: { provider: aws, kind: endpoint }"],
      "    owner: TODO\n    riskLevel: TODO\n    purpose: TODO what is it for\n",
    );
    expect((await runCli(["validate", "--inventory", file])).code).toBe(0);
    const r = await runCli(["validate", "--strict", "--inventory", file]);
    expect(r.code).toBe(2);
    expect(
      r.stderr
        .trimEnd()
        .split("\n")
        .map((l) => l.replace(/^.*inv\.yaml:/, "")),
    ).toEqual([
      "4:12: owner: still TODO: give the team or person responsible",
      "5:16: riskLevel: still TODO: give low, medium or high, from your AI risk assessment",
      "6:14: purpose: still TODO: give what the system is for",
    ]);
  });
});
