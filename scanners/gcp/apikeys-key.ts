// Google API keys (metadata only: the key string is never requested). Attributes: displayName,
// createTime, uid, restricted (bool: limited to specific APIs), apiTargets (service names),
// allowsGenerativeAi (bool: unrestricted, or allowed to call the Gemini or Vertex AI APIs),
// applicationRestriction ("browser"|"server"|"android"|"ios"|null), browserKeyRestrictions,
// serverKeyRestrictions, androidKeyRestrictions, iosKeyRestrictions (the allow-lists, or null).
import type { protos } from "@google-cloud/apikeys";
import type { Asset } from "../../core/model.ts";
import { type GcpDeclaration, lastSegment, ownName, timestamp } from "./declaration.ts";

type Key = protos.google.api.apikeys.v2.IKey;

/** APIs through which a leaked key reaches generative models. */
export const GENERATIVE_AI_APIS = ["generativelanguage.googleapis.com", "aiplatform.googleapis.com"] as const;

export const apiKey: GcpDeclaration<Key> = {
  service: "apikeys",
  kind: "api-key",
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
