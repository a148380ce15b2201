// Bedrock guardrails (the working DRAFT of each).
import {
  GetGuardrailCommand,
  type GetGuardrailResponse,
  type GuardrailSummary,
  ListGuardrailsCommand,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";

export const bedrockGuardrails = defineScanner<GuardrailSummary, GetGuardrailResponse>({
  service: "bedrock",
  kind: "guardrail",
  attributes: {
    guardrailId: { type: "string|null", doc: "the guardrail's id" },
    status: { type: "string|null", doc: "READY, CREATING, FAILED…" },
    version: { type: "string|null", doc: "the version described (DRAFT)" },
    kmsKeyArn: { type: "string|null", doc: "customer KMS key; null when none" },
    contentFilters: { type: "array", doc: "[{type, inputStrength, outputStrength}] of the content policy" },
    promptAttackStrength: {
      type: "string|null",
      doc: "input strength of the PROMPT_ATTACK filter; null when absent",
    },
    deniedTopics: { type: "array", doc: "names of the denied topics" },
    piiEntities: { type: "array", doc: "[{type, action}] of the sensitive-information policy" },
    wordFilterCount: { type: "number", doc: "number of custom blocked words" },
    managedWordLists: { type: "array", doc: "managed word lists in use (e.g. PROFANITY)" },
    groundingFilters: { type: "array", doc: "[{type, threshold}] of the contextual grounding policy" },
  },
  actions: ["bedrock:ListGuardrails", "bedrock:GetGuardrail", "bedrock:ListTagsForResource"],
  items: "guardrails",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients.bedrock().send(new ListGuardrailsCommand({ nextToken: next, maxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.bedrock().send(new GetGuardrailCommand({ guardrailIdentifier: item.id }))),
  tags: (c, d) => bedrockTags(c, d.guardrailArn!),
  toAsset(d) {
    const filters = d.contentPolicy?.filters ?? [];
    return {
      id: d.guardrailArn!,
      name: d.name!,
      createdAt: d.createdAt,
      attributes: {
        guardrailId: orNull(d.guardrailId),
        status: orNull(d.status),
        version: orNull(d.version),
        kmsKeyArn: orNull(d.kmsKeyArn),
        contentFilters: filters.map((f) => ({
          type: orNull(f.type),
          inputStrength: orNull(f.inputStrength),
          outputStrength: orNull(f.outputStrength),
        })),
        promptAttackStrength: filters.find((f) => f.type === "PROMPT_ATTACK")?.inputStrength ?? null,
        deniedTopics: (d.topicPolicy?.topics ?? []).map((t) => t.name ?? null),
        piiEntities: (d.sensitiveInformationPolicy?.piiEntities ?? []).map((p) => ({
          type: orNull(p.type),
          action: orNull(p.action),
        })),
        wordFilterCount: d.wordPolicy?.words?.length ?? 0,
        managedWordLists: (d.wordPolicy?.managedWordLists ?? []).map((w) => w.type ?? null),
        groundingFilters: (d.contextualGroundingPolicy?.filters ?? []).map((f) => ({
          type: orNull(f.type),
          threshold: orNull(f.threshold),
        })),
      },
    };
  },
});
