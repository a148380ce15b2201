// Which AI vendor a secret or parameter points at, judged from its name, description and tags only
// (the value is never read). The built-in list is data; config `aiCredentials.vendors` adds to it.
// A keyword matches as a whole word of the text split at anything not a letter or digit, so
// "openai" matches "prod/openai-api-key" and "OPENAI_API_KEY" but "groq" does not match "groqqy",
// and short words such as "xai" or "hf" do not fire inside longer ones.

export interface VendorRule {
  vendor: string;
  /** Lower-case words, or word sequences joined by a space ("hugging face"). */
  keywords: readonly string[];
}

export const BUILTIN_VENDORS: Record<string, readonly string[]> = {
  OpenAI: ["openai", "open ai", "chatgpt", "gpt"],
  Anthropic: ["anthropic", "claude"],
  "Google AI": ["gemini", "google ai", "googleai", "generativelanguage", "aistudio"],
  "Hugging Face": ["huggingface", "hugging face", "hf token", "hf"],
  Cohere: ["cohere"],
  Mistral: ["mistral", "mistralai"],
  Groq: ["groq"],
  Together: ["togetherai", "together ai", "together api"],
  Replicate: ["replicate"],
  Perplexity: ["perplexity", "pplx"],
  xAI: ["xai", "grok"],
  DeepSeek: ["deepseek"],
};

export function vendorRules(extra: Record<string, readonly string[]>): VendorRule[] {
  const merged = new Map<string, string[]>();
  for (const [vendor, words] of [...Object.entries(BUILTIN_VENDORS), ...Object.entries(extra)]) {
    const list = merged.get(vendor) ?? [];
    list.push(...words.map((w) => words_(w).join(" ")).filter(Boolean));
    merged.set(vendor, list);
  }
  return [...merged].map(([vendor, keywords]) => ({ vendor, keywords: [...new Set(keywords)] }));
}

/** Lower-case words: split at non-alphanumerics and at camelCase humps ("OpenAIKey" → open ai key). */
function words_(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The vendor the texts point at, or undefined. Each text is matched both as written and with its
 * camelCase humps split, so "OpenAIKey" and "openai_key" both read as OpenAI.
 */
export function detectVendor(
  rules: readonly VendorRule[],
  texts: readonly (string | undefined)[],
): string | undefined {
  const seqs = texts.filter((t): t is string => Boolean(t)).flatMap((t) => [plain(t), words_(t)]);
  for (const rule of rules) {
    for (const k of rule.keywords) {
      const want = k.split(" ");
      if (seqs.some((s) => containsRun(s, want))) return rule.vendor;
    }
  }
  return undefined;
}

const plain = (t: string) =>
  t
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

export interface VendorMatch {
  vendor: string;
  /** Which field pointed at the vendor: name, description or tags. */
  matchedOn: "name" | "description" | "tags";
}

/** The vendor a credential's metadata points at, checking its name first, then description, then tags. */
export function credentialVendor(
  rules: readonly VendorRule[],
  meta: { name: string; description?: string | undefined; tags?: Record<string, string> },
): VendorMatch | undefined {
  const fields: [VendorMatch["matchedOn"], (string | undefined)[]][] = [
    ["name", [meta.name]],
    ["description", [meta.description]],
    ["tags", Object.entries(meta.tags ?? {}).flat()],
  ];
  for (const [matchedOn, texts] of fields) {
    const vendor = detectVendor(rules, texts);
    if (vendor) return { vendor, matchedOn };
  }
  return undefined;
}
