// Google API keys (metadata only: the key string is never requested).
import type { protos } from "@google-cloud/apikeys";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, ownName, timestamp } from "./declaration.ts";

type Key = protos.google.api.apikeys.v2.IKey;

/** APIs through which a leaked key reaches generative models. */
export const GENERATIVE_AI_APIS = ["generativelanguage.googleapis.com", "aiplatform.googleapis.com"] as const;

export const apiKey: GcpDeclaration<Key> = {
  service: "apikeys",
  kind: "api-key",
  attributes: {
    displayName: { type: "string", doc: 'the key\'s display name ("" when none)' },
    createTime: { type: "string|null", doc: "ISO time the key was created" },
    uid: { type: "string", doc: "the key's unique id" },
    restricted: { type: "boolean", doc: "limited to specific APIs" },
    apiTargets: { type: "array", doc: "service names the key may call" },
    allowsGenerativeAi: {
      type: "boolean",
      doc: "unrestricted, or allowed to call the Gemini or Vertex AI APIs",
    },
    applicationRestriction: { type: "string|null", doc: "browser, server, android, ios or null" },
    browserKeyRestrictions: { type: "array|null", doc: "allowed referrers; null when not a browser key" },
    serverKeyRestrictions: { type: "array|null", doc: "allowed IPs; null when not a server key" },
    androidKeyRestrictions: {
      type: "array|null",
      doc: "allowed package names; null when not an Android key",
    },
    iosKeyRestrictions: { type: "array|null", doc: "allowed bundle ids; null when not an iOS key" },
  },
  permissions: ["apikeys.keys.list"],
  toAsset(k, scope): Asset {
    const id = ownName(k.name, scope);
    const r = k.restrictions ?? {};
    const apiTargets = (r.apiTargets ?? []).map((t) => t.service ?? "").filter(Boolean);
    const restricted = apiTargets.length > 0;
    const browser = r.browserKeyRestrictions?.allowedReferrers ?? null;
    const server = r.serverKeyRestrictions?.allowedIps ?? null;
    const android = r.androidKeyRestrictions?.allowedApplications?.map((a) => a.packageName ?? "") ?? null;
    const ios = r.iosKeyRestrictions?.allowedBundleIds ?? null;
    const createTime = timestamp(k.createTime);
    return {
      id,
      provider: "gcp",
      service: "apikeys",
      kind: "api-key",
      account: scope.project,
      region: "global",
      name: k.displayName || lastSegment(id),
      createdAt: createTime,
      tags: { ...(k.annotations ?? {}) },
      attributes: {
        displayName: k.displayName ?? "",
        createTime,
        uid: k.uid ?? lastSegment(id),
        restricted,
        apiTargets,
        allowsGenerativeAi:
          !restricted || apiTargets.some((s) => (GENERATIVE_AI_APIS as readonly string[]).includes(s)),
        applicationRestriction: browser
          ? "browser"
          : server
            ? "server"
            : android
              ? "android"
              : ios
                ? "ios"
                : null,
        browserKeyRestrictions: browser,
        serverKeyRestrictions: server,
        androidKeyRestrictions: android,
        iosKeyRestrictions: ios,
      },
    };
  },
};
