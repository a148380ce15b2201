// Microsoft Entra ID's v2.0 endpoints that a confidential client with a federated credential
// uses, on the Azure simulator's HTTPS host (the `authorityHost`): OpenID discovery per tenant and
// the token endpoint's client-credentials grant with a `client_assertion`. The assertion must be
// a JWT that matches one of the app registration's federated identity credentials (issuer,
// subject, audience, as Entra matches them) and verifies with that issuer's key, here the AWS
// simulator's GetWebIdentityToken key. Refusals carry Entra's AADSTS codes.

import type { KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyJwt } from "../identity/jwt.ts";

export interface FederatedCredential {
  tenantId: string;
  clientId: string;
  issuer: string;
  subject: string;
  audience: string;
  /** The issuer's signing key (Entra fetches it from the issuer's jwks_uri). */
  key: KeyObject;
}

export interface EntraOptions {
  federatedCredentials: FederatedCredential[];
}

export interface EntraExchange {
  tenantId: string;
  clientId: string;
  subject: string;
}

export const ENTRA_PATH =
  /^\/([0-9a-f-]{36})\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/i;

export function handleEntra(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
  opts: EntraOptions | undefined,
  exchanges: EntraExchange[],
): void {
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    const send = (status: number, json: unknown) =>
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(json));
    const m = ENTRA_PATH.exec(new URL(req.url ?? "/", base).pathname)!;
    const tenant = m[1]!.toLowerCase();
    if (m[2]!.startsWith("v2.0")) {
      return send(200, {
        issuer: `${base}/${tenant}/v2.0`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
        tenant_region_scope: "EU",
      });
    }
    const form = new URLSearchParams(body);
    const refuse = (code: number, error: string, description: string) =>
      send(400, {
        error,
        error_description: `AADSTS${code}: ${description}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: crypto.randomUUID(),
        correlation_id: crypto.randomUUID(),
      });
    if (form.get("grant_type") !== "client_credentials")
      return refuse(70003, "unsupported_grant_type", "The app requested an unsupported grant type.");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
      return refuse(
        7000218,
        "invalid_client",
        "The request body must contain client_assertion or client_secret.",
      );
    const clientId = (form.get("client_id") ?? "").toLowerCase();
    const assertion = form.get("client_assertion") ?? "";
    const candidates = (opts?.federatedCredentials ?? []).filter(
      (f) => f.tenantId.toLowerCase() === tenant && f.clientId.toLowerCase() === clientId,
    );
    if (candidates.length === 0)
      return refuse(
        700016,
        "unauthorized_client",
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    for (const f of candidates) {
      const verified = verifyJwt(assertion, f.key);
      if (!verified.ok) continue;
      const { iss, sub, aud } = verified.claims;
      const audiences = Array.isArray(aud) ? aud : [aud];
      if (iss === f.issuer && sub === f.subject && audiences.includes(f.audience)) {
        exchanges.push({ tenantId: tenant, clientId, subject: String(sub) });
        return send(200, {
          token_type: "Bearer",
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: `entra-simulator-token-for-${clientId}`,
        });
      }
    }
    return refuse(
      700213,
      "invalid_client",
      "No matching federated identity record found for presented assertion subject, issuer or audience.",
    );
  });
}
