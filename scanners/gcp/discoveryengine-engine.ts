// Agent Builder / Vertex AI Search apps: Discovery Engine engines of the default collection, per
// Discovery Engine location (global, us, eu).
import type { protos } from "@google-cloud/discoveryengine";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, orNull, ownName, timestamp } from "./declaration.ts";
import { enumName } from "./values.ts";

type Engine = protos.google.cloud.discoveryengine.v1.IEngine;

export const discoveryEngine: GcpDeclaration<Engine> = {
  service: "discoveryengine",
  kind: "engine",
  attributes: {
    solutionType: {
      type: "string|null",
      doc: "SOLUTION_TYPE_SEARCH, SOLUTION_TYPE_CHAT, SOLUTION_TYPE_RECOMMENDATION, SOLUTION_TYPE_GENERATIVE_CHAT",
    },
    industryVertical: { type: "string|null", doc: "GENERIC, MEDIA, HEALTHCARE_FHIR…" },
    dataStoreIds: { type: "array", doc: "ids of the data stores the app answers from" },
    searchTier: {
      type: "string|null",
      doc: "SEARCH_TIER_STANDARD or SEARCH_TIER_ENTERPRISE; null for non-search apps",
    },
    searchAddOns: { type: "array", doc: "e.g. SEARCH_ADD_ON_LLM (generative answers)" },
    dialogflowAgent: {
      type: "string|null",
      doc: "the Dialogflow CX agent behind a chat app; null otherwise",
    },
    analyticsDisabled: { type: "boolean", doc: "true: search analytics are not collected" },
  },
  permissions: ["discoveryengine.engines.list"],
  toAsset(e, scope): Asset {
    const id = ownName(e.name, scope);
    const search = e.searchEngineConfig;
    return {
      id,
      provider: "gcp",
      service: "discoveryengine",
      kind: "engine",
      account: scope.project,
      region: scope.location,
      name: e.displayName || lastSegment(id),
      createdAt: timestamp(e.createTime),
      tags: {},
      attributes: {
        solutionType: enumName(e.solutionType),
        industryVertical: enumName(e.industryVertical),
        dataStoreIds: [...(e.dataStoreIds ?? [])],
        searchTier: enumName(search?.searchTier),
        searchAddOns: (search?.searchAddOns ?? []).map((a) => enumName(a)).filter((a) => a !== null),
        dialogflowAgent: orNull(e.chatEngineMetadata?.dialogflowAgent),
        analyticsDisabled: e.disableAnalytics === true,
      },
    };
  },
};
