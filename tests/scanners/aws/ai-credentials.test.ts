// Third-party AI credentials by metadata only: Secrets Manager ListSecrets and SSM DescribeParameters
// (+ ListTagsForResource for parameters not named after a vendor) through their real clients; the planted values are never asked for and never come back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { awsIamActions } from "../../../scanners/iam-policy.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsScenario } from "../../../simulator/scenario.ts";
import { awsConfig, awsDeps, CALLER } from "./fixture.ts";

const CANARY = "sk-proj-CANARY-4f1e9b";

const estate = (): AwsScenario => ({
  callerAccount: CALLER,
  accounts: {
    [CALLER]: {
      regions: {
        "us-east-1": {
          secrets: [
            {
              name: "prod/openai-api-key",
              value: CANARY,
              createdAt: "2026-02-01T00:00:00Z",
              lastAccessedAt: "2026-11-30T00:00:00Z",
            },
            { name: "ml/llm-key", description: "Claude key for the support bot", value: CANARY },
            {
              name: "team/keys/a",
              tags: { vendor: "Hugging Face" },
              value: CANARY,
              rotationEnabled: true,
              rotationDays: 30,
              lastRotatedAt: "2026-11-01T00:00:00Z",
            },
            { name: "payments/stripe-key", value: CANARY },
            { name: "acme/OPENROUTER_TOKEN", value: CANARY },
          ],
          parameters: [
            { name: "/ml/ANTHROPIC_API_KEY", value: CANARY, lastModifiedAt: "2026-03-01T00:00:00Z" },
            { name: "/app/gemini-token", type: "String", value: CANARY },
            { name: "/app/db-password", value: CANARY },
            { name: "/team/x/token", tags: { provider: "Mistral", team: "x" }, value: CANARY },
          ],
        },
      },
    },
  },
});

let sim: AwsSimulator;
let snapshot: Snapshot;
beforeAll(async () => {
  sim = await startAwsSimulator(estate(), { pageSize: 2 });
  snapshot = await scan(
    {
      ...awsConfig({ accounts: [CALLER], regions: ["us-east-1"], services: ["secretsmanager", "ssm"] }),
      aiCredentials: { vendors: { OpenRouter: ["openrouter"] } },
    },
    { deps: { aws: awsDeps(sim) } },
  );
});
afterAll(() => sim.stop());

const byName = (name: string) => snapshot.assets.find((a) => a.name === name);

describe("ai-credential from Secrets Manager and SSM", () => {
  it("lists, over several pages, only secrets and parameters whose metadata names an AI vendor", () => {
    expect(snapshot.coverage.map((c) => `${c.service}:${c.status}`).sort()).toEqual([
      "secretsmanager:ok",
      "ssm:ok",
    ]);
    expect(snapshot.assets.map((a) => `${a.service} ${a.name} ${a.attributes.vendor}`).sort()).toEqual([
      "secretsmanager acme/OPENROUTER_TOKEN OpenRouter",
      "secretsmanager ml/llm-key Anthropic",
      "secretsmanager prod/openai-api-key OpenAI",
      "secretsmanager team/keys/a Hugging Face",
      "ssm /app/gemini-token Google AI",
      "ssm /ml/ANTHROPIC_API_KEY Anthropic",
      "ssm /team/x/token Mistral",
    ]);
    expect(sim.requests.filter((r) => r.operation === "ListSecrets").length).toBe(3);
  });

  it("records vendor, what matched, dates and rotation", () => {
    expect(byName("prod/openai-api-key")).toMatchObject({
      kind: "ai-credential",
      id: expect.stringMatching(
        new RegExp(`^arn:aws:secretsmanager:us-east-1:${CALLER}:secret:prod/openai-api-key-`),
      ),
      createdAt: "2026-02-01T00:00:00.000Z",
      attributes: {
        vendor: "OpenAI",
        matchedOn: "name",
        store: "secretsmanager",
        lastAccessedAt: "2026-11-30T00:00:00.000Z",
        rotationEnabled: false,
        rotationDays: null,
      },
    });
    expect(byName("ml/llm-key")!.attributes.matchedOn).toBe("description");
    expect(byName("team/keys/a")).toMatchObject({
      tags: { vendor: "Hugging Face" },
      attributes: {
        matchedOn: "tags",
        rotationEnabled: true,
        rotationDays: 30,
        lastRotatedAt: "2026-11-01T00:00:00.000Z",
      },
    });
    expect(byName("/ml/ANTHROPIC_API_KEY")).toMatchObject({
      id: `arn:aws:ssm:us-east-1:${CALLER}:parameter/ml/ANTHROPIC_API_KEY`,
      attributes: {
        store: "ssm",
        type: "SecureString",
        lastChangedAt: "2026-03-01T00:00:00.000Z",
        kmsKeyId: "alias/aws/ssm",
      },
    });
    expect(byName("/app/gemini-token")!.attributes).toMatchObject({ type: "String", kmsKeyId: null });
    expect(byName("/team/x/token")).toMatchObject({
      tags: { provider: "Mistral", team: "x" },
      attributes: { vendor: "Mistral", matchedOn: "tags", store: "ssm" },
    });
  });

  it("reads the tags of only the parameters whose name and description name no vendor", () => {
    const tagReads = sim.requests.filter((r) => r.operation === "ListTagsForResource");
    expect(
      tagReads.map((r) => r.input).sort((a, b) => String(a.ResourceId).localeCompare(String(b.ResourceId))),
    ).toEqual([
      { ResourceType: "Parameter", ResourceId: "/app/db-password" },
      { ResourceType: "Parameter", ResourceId: "/team/x/token" },
    ]);
  });

  it("never asks for a value, and no value comes back", () => {
    const ops = new Set(sim.requests.map((r) => r.operation));
    expect([...ops].sort()).toEqual([
      "DescribeParameters",
      "GetCallerIdentity",
      "ListSecrets",
      "ListTagsForResource",
    ]);
    expect(JSON.stringify(snapshot)).not.toContain("CANARY");
    const actions = awsIamActions();
    expect(actions).toEqual(
      expect.arrayContaining([
        "secretsmanager:ListSecrets",
        "ssm:DescribeParameters",
        "ssm:ListTagsForResource",
      ]),
    );
    expect(actions.filter((a) => /GetSecretValue|GetParameter|Decrypt/.test(a))).toEqual([]);
  });
});
