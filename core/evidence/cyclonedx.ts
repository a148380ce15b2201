// The run's AI inventory as a CycloneDX 1.6 BOM: models are `machine-learning-model` components (with
// a model card where something is known), invocable things are `services`, the cloud is the supplier,
// and the declared system, its owner and the drift status travel as properties.

import { createHash } from "node:crypto";
import type { Asset, DriftReport, Inventory, Provider } from "../model.ts";
import { canonicalJson } from "../store/versions.ts";
import type { AssetContext, AssetFacts } from "./context.ts";
import { StreamedArray } from "./json-stream.ts";

const MODEL_KINDS = new Set(["model", "custom-model", "foundation-model", "imported-model"]);
// Things a client calls: endpoints, deployments and what fronts a model for callers.
const SERVICE_KINDS = new Set([
  "endpoint",
  "deployment",
  "provisioned-throughput",
  "agent",
  "knowledge-base",
  "account",
]);
// Settings rather than software: CycloneDX `data` components of type configuration.
const CONFIG_KINDS = new Set(["endpoint-config", "guardrail", "invocation-logging"]);
// Model-describing attributes copied into the model card (only these: the card has no free-form slot).
const MODEL_CARD_ATTRIBUTES = [
  "baseModelArn",
  "baseModelId",
  "baseModel",
  "modelId",
  "modelVersion",
  "framework",
  "images",
];

const SUPPLIERS: Record<Provider, { name: string; url: string[] }> = {
  aws: { name: "Amazon Web Services", url: ["https://aws.amazon.com"] },
  azure: { name: "Microsoft Azure", url: ["https://azure.microsoft.com"] },
  gcp: { name: "Google Cloud", url: ["https://cloud.google.com"] },
};

export interface BomInput {
  runId: string;
  finishedAt: string;
  toolVersion: string;
  configHash: string;
  report: DriftReport;
  assets: readonly Asset[];
  inventory: Inventory;
}

type Property = { name: string; value: string };

export function toCycloneDx(input: BomInput, ctx: AssetContext): Record<string, unknown> {
  const entries = bomEntries(input, ctx);
  return bom(input, [...entries.components()], [...entries.services()]);
}

/**
 * toCycloneDx's document with its components and services made one at a time as writeJson writes
 * them: at 100k assets the whole BOM is ~2M small objects, which the night would otherwise hold.
 */
export function streamedCycloneDx(input: BomInput, ctx: AssetContext): Record<string, unknown> {
  const entries = bomEntries(input, ctx);
  return bom(input, new StreamedArray(entries.components), new StreamedArray(entries.services));
}

function bomEntries(input: BomInput, ctx: AssetContext) {
  const sorted = [...input.assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // bom-refs must be unique: the first asset of an id (the list is sorted, so duplicates are adjacent).
  const unique = sorted.filter((a, i) => i === 0 || sorted[i - 1]!.id !== a.id);
  return {
    *components() {
      for (const a of unique) if (!SERVICE_KINDS.has(a.kind)) yield component(a, ctx.of(a.id));
    },
    *services() {
      for (const a of unique) if (SERVICE_KINDS.has(a.kind)) yield service(a, ctx.of(a.id));
    },
  };
}

function bom(input: BomInput, components: unknown, services: unknown): Record<string, unknown> {
  const ok = input.report.coverage.filter((c) => c.status === "ok").length;
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: serialNumber(input.runId),
    version: 1,
    metadata: {
      timestamp: isoOrUndefined(input.finishedAt),
      lifecycles: [{ phase: "discovery" }],
      tools: { components: [{ type: "application", name: "aimscan", version: input.toolVersion }] },
      component: { type: "platform", name: "AI estate", "bom-ref": "aimscan:estate" },
      properties: [
        { name: "aimscan:runId", value: input.runId },
        { name: "aimscan:configHash", value: input.configHash },
        { name: "aimscan:coverage:shards", value: String(input.report.coverage.length) },
        { name: "aimscan:coverage:ok", value: String(ok) },
      ],
    },
    components,
    services,
  };
}

function component(asset: Asset, facts: AssetFacts): Record<string, unknown> {
  const base: Record<string, unknown> = {
    type: componentType(asset.kind),
    "bom-ref": asset.id,
    supplier: SUPPLIERS[asset.provider],
    name: asset.name || asset.id,
    description: `${asset.provider} ${asset.service} ${asset.kind}`,
  };
  if (base.type === "machine-learning-model") {
    const card = modelCard(asset, facts);
    if (card) base.modelCard = card;
  } else if (base.type === "data") {
    base.data = [{ type: "configuration", name: asset.name || asset.id }];
  } else if (base.type === "cryptographic-asset") {
    base.cryptoProperties = apiKeyProperties(asset);
  }
  base.properties = properties(asset, facts);
  return base;
}

function service(asset: Asset, facts: AssetFacts): Record<string, unknown> {
  const s: Record<string, unknown> = {
    "bom-ref": asset.id,
    provider: SUPPLIERS[asset.provider],
    name: asset.name || asset.id,
    description: `${asset.provider} ${asset.service} ${asset.kind}`,
  };
  const url = httpsUrl(asset.attributes.endpoint);
  if (url) s.endpoints = [url];
  s.properties = properties(asset, facts);
  return s;
}

function componentType(kind: string): string {
  if (MODEL_KINDS.has(kind)) return "machine-learning-model";
  if (CONFIG_KINDS.has(kind)) return "data";
  // An API key is credential material; CycloneDX 1.6 models that as a cryptographic asset.
  if (kind === "api-key") return "cryptographic-asset";
  return "platform";
}

function modelCard(asset: Asset, facts: AssetFacts): Record<string, unknown> | undefined {
  const card: Record<string, unknown> = {};
  if (typeof asset.attributes.task === "string") card.modelParameters = { task: asset.attributes.task };
  if (facts.system?.purpose) card.considerations = { useCases: [facts.system.purpose] };
  const props = MODEL_CARD_ATTRIBUTES.filter((k) => asset.attributes[k] != null).map((k) => ({
    name: `aimscan:${k}`,
    value: text(asset.attributes[k]),
  }));
  if (props.length) card.properties = props;
  return Object.keys(card).length ? card : undefined;
}

function apiKeyProperties(asset: Asset): Record<string, unknown> {
  const material: Record<string, unknown> = { type: "credential", id: asset.id };
  const status = String(asset.attributes.status ?? "").toLowerCase();
  if (["active", "enabled"].includes(status)) material.state = "active";
  else if (["inactive", "disabled", "revoked", "deleted"].includes(status)) material.state = "deactivated";
  const created = isoOrUndefined(asset.createdAt ?? undefined);
  if (created) material.creationDate = created;
  const expires = isoOrUndefined(asset.attributes.expiresAt);
  if (expires) material.expirationDate = expires;
  return { assetType: "related-crypto-material", relatedCryptoMaterialProperties: material };
}

function properties(asset: Asset, facts: AssetFacts): Property[] {
  const p: Property[] = [
    { name: "aimscan:provider", value: asset.provider },
    { name: "aimscan:service", value: asset.service },
    { name: "aimscan:kind", value: asset.kind },
    { name: "aimscan:account", value: asset.account },
    { name: "aimscan:region", value: asset.region },
  ];
  if (asset.createdAt) p.push({ name: "aimscan:createdAt", value: asset.createdAt });
  if (facts.status) p.push({ name: "aimscan:drift", value: facts.status });
  if (facts.system) {
    p.push({ name: "aimscan:system", value: facts.system.id });
    if (facts.system.owner) p.push({ name: "aimscan:owner", value: facts.system.owner });
    if (facts.system.riskLevel) p.push({ name: "aimscan:riskLevel", value: facts.system.riskLevel });
  }
  for (const s of facts.systems ?? []) p.push({ name: "aimscan:claimedBy", value: s });
  for (const [k, v] of Object.entries(asset.tags).sort(([a], [b]) => a.localeCompare(b))) {
    p.push({ name: `aimscan:tag:${k}`, value: v });
  }
  for (const [k, v] of Object.entries(asset.attributes).sort(([a], [b]) => a.localeCompare(b))) {
    if (v != null) p.push({ name: `aimscan:attribute:${k}`, value: text(v) });
  }
  return p;
}

// Canonical (sorted keys): the bundle depends on content, not on the order a cloud or the store used.
const text = (v: unknown): string => (typeof v === "string" ? v : canonicalJson(v));

/** Stable per run, in the RFC 4122 shape the schema requires (name-based, like a v5 UUID). */
export function serialNumber(runId: string): string {
  const h = createHash("sha256").update(`aimscan:${runId}`).digest("hex");
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// The schema's date-time format is strict RFC 3339; normalise what parses, drop what does not.
function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}
