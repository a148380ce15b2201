// What a Bedrock `ModelId` metric dimension names. CloudWatch records the id the caller invoked:
// a foundation model id (anthropic.claude-3-haiku-20240307-v1:0), a cross-region (system-defined)
// inference profile (us.anthropic.claude-…, eu.…, apac.…, global.…), or an ARN (foundation model,
// inference profile, provisioned throughput, custom or imported model). Profiles and foundation-model
// ARNs resolve to the model they route to; other ARNs are the model as far as the metric can tell.

/** Geography prefixes of system-defined inference profiles (us.anthropic.…); AWS adds new ones. */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca|ap|sa|me|il|mx)\.(?=[a-z0-9-]+\.)/;

export interface ResolvedModel {
  /** The foundation model id, or the ARN when the metric names a model of the account's own. */
  model: string;
  /** The inference profile the caller invoked, when it was one. */
  inferenceProfile?: string;
}

export function resolveModelId(dimension: string): ResolvedModel {
  const arn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(dimension);
  if (arn) {
    const [, type, rest] = arn as unknown as [string, string, string];
    if (type === "foundation-model") return { model: rest };
    if (type === "inference-profile")
      return { model: resolveModelId(rest).model, inferenceProfile: dimension };
    // An application inference profile's ARN does not say which model it routes to (its
    // `inference-profile` asset, from the bedrock shard, does): the profile is the model as far as
    // the metric can tell, and it is listed as the profile the calls went through.
    if (type === "application-inference-profile") return { model: dimension, inferenceProfile: dimension };
    return { model: dimension };
  }
  const profile = PROFILE_PREFIX.exec(dimension);
  if (profile) return { model: dimension.slice(profile[0].length), inferenceProfile: dimension };
  return { model: dimension };
}

const PROVIDERS: Record<string, string> = {
  ai21: "AI21 Labs",
  amazon: "Amazon",
  anthropic: "Anthropic",
  cohere: "Cohere",
  deepseek: "DeepSeek",
  google: "Google",
  luma: "Luma AI",
  meta: "Meta",
  minimax: "MiniMax",
  mistral: "Mistral AI",
  moonshot: "Moonshot AI",
  nvidia: "NVIDIA",
  openai: "OpenAI",
  qwen: "Qwen",
  stability: "Stability AI",
  twelvelabs: "TwelveLabs",
  writer: "Writer",
};

/** The model's vendor from its id's first segment (anthropic.… → Anthropic); null for ARNs. */
export function modelProvider(model: string): string | null {
  if (model.startsWith("arn:")) return null;
  const head = model.split(".")[0]!;
  return PROVIDERS[head] ?? head;
}
