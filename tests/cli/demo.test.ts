// `npm start` is `aimscan demo`: two nights on the simulated estate must tell the story the
// scenario sets up, and leave a verified evidence chain.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

it("runs two nights, reports what changed between them, and verifies the evidence chain", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-demo-"));
  const out = join(dir, "out");
  const r = await runCli(["demo", "--out", out, "--db", join(dir, "db")]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("SIMULATED ESTATE");
  const [night1, night2] = r.stdout.split("══ night 2").map((s) => s);
  // Night 1: the denied region is unverified, never missing.
  expect(night1).toMatch(/unverified\s+1/);
  expect(night1).toMatch(/missing\s+0/);
  // Night 2: the changed instance type, the deleted endpoint, the new undeclared ones, the resolved one.
  expect(night2).toMatch(/changed\s+arn:aws:sagemaker:us-east-1:111111111111:endpoint\/ticket-router/);
  expect(night2).toMatch(/missing\s+arn:aws:sagemaker:eu-west-1:222222222222:endpoint\/recsys/);
  expect(night2).toContain("endpoint/llm-playground");
  expect(night2).toContain("deployments/gpt-4o-mini-experiment");
  // AI use without a resource: a model nobody declared, and an OpenAI key in Secrets Manager.
  expect(night2).toMatch(
    /undeclared\s+arn:aws:cloudwatch:us-east-1:222222222222:model-usage\/meta\.llama3-1-70b/,
  );
  expect(night2).toMatch(
    /undeclared\s+arn:aws:secretsmanager:us-east-1:222222222222:secret:growth\/openai-api-key/,
  );
  expect(night1).not.toContain("model-usage/meta.llama3");
  expect(r.stdout).not.toMatch(/CANARY-(openai|anthropic)-key/);
  expect(night2).toMatch(
    /Resolved since the last run:\n\s+undeclared\s+arn:aws:bedrock:us-east-1:333333333333:custom-model\/marketing-copy-v1/,
  );
  expect(r.stdout).toMatch(/evidence chain: verified/);
  const runs = [...r.stdout.matchAll(/report: {3}(\S+report\.html)/g)].map((m) => m[1]!);
  expect(runs).toHaveLength(2);
  for (const html of runs) expect(existsSync(html)).toBe(true);
  // Two whole nights through every scanner; on a shared 2-core machine this exceeds the 30 s default.
}, 180_000);
