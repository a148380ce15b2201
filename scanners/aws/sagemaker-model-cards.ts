// SageMaker model cards: the model documentation ISO/IEC 42001 A.6.2.7 asks for. The card's content is
// JSON; only the fields below are read from it, the rest (free text, business details, evaluation
// notes) is never copied. Attributes: status (Draft | PendingReview | Approved | Archived), version,
// riskRating (High | Medium | Low | Unknown, null when the card has none), modelId (the SageMaker
// model the card documents: model_overview.model_id, else model_name; null when none), kmsKeyId
// (null when AWS-owned), processingStatus.
import {
  DescribeModelCardCommand,
  type DescribeModelCardResponse,
  ListModelCardsCommand,
  type ModelCardSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerModelCards = defineScanner<ModelCardSummary, DescribeModelCardResponse>({
  service: "sagemaker",
  kind: "model-card",
  attributes: {
    status: { type: "string|null", doc: "Draft, PendingReview, Approved, Archived" },
    version: { type: "number|null", doc: "the card's version" },
    riskRating: { type: "string|null", doc: "High, Medium, Low, Unknown; null when the card has none" },
    modelId: { type: "string|null", doc: "the model the card documents; null when none" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key; null when AWS-owned" },
    processingStatus: { type: "string|null", doc: "deletion processing status; null normally" },
  },
  actions: ["sagemaker:ListModelCards", "sagemaker:DescribeModelCard", "sagemaker:ListTags"],
  items: "ModelCardSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListModelCardsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients.sagemaker().send(new DescribeModelCardCommand({ ModelCardName: item.ModelCardName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.ModelCardArn!),
  toAsset(d) {
    const content = cardContent(d.Content);
    return {
      id: d.ModelCardArn!,
      name: d.ModelCardName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.ModelCardStatus),
        version: orNull(d.ModelCardVersion),
        riskRating: content.riskRating,
        modelId: content.modelId,
        kmsKeyId: orNull(d.SecurityConfig?.KmsKeyId),
        processingStatus: orNull(d.ModelCardProcessingStatus),
      },
    };
  },
});

/** The two documented fields aimscan reads from a card's JSON content (schema model_card 0.1). */
export function cardContent(raw: string | undefined): { riskRating: string | null; modelId: string | null } {
  let json: {
    model_overview?: { model_id?: unknown; model_name?: unknown };
    intended_uses?: { risk_rating?: unknown };
  };
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    // A card whose content is not JSON documents nothing machine-readable.
    return { riskRating: null, modelId: null };
  }
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return {
    riskRating: str(json?.intended_uses?.risk_rating),
    modelId: str(json?.model_overview?.model_id) ?? str(json?.model_overview?.model_name),
  };
}
