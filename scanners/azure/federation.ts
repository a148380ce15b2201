// Azure from Lambda without a stored secret: the app registration's federated identity credential
// trusts the AWS account's outbound-federation issuer, and `@azure/identity`'s own
// ClientAssertionCredential presents a JWT that the function gets from AWS STS
// GetWebIdentityToken with its execution role (no secret in config, bundle or Secrets Manager).
// A fresh JWT is fetched whenever MSAL needs a token (5 minutes' validity, the least AWS allows
// beyond 60 s that comfortably covers a token request).
import type { TokenCredential } from "@azure/identity";
import type { AzureConfig } from "../../core/model.ts";
import type { AzureDeps } from "./clients.ts";

type Federation = NonNullable<AzureConfig["federation"]>;

const PUBLIC_AUTHORITY = "https://login.microsoftonline.com";
/** Seconds a web identity token lives: enough for one token request, not more. */
export const ASSERTION_SECONDS = 300;

const credentials = new Map<string, Promise<TokenCredential>>();

export function federatedCredential(fed: Federation, deps: AzureDeps): Promise<TokenCredential> {
  const key = JSON.stringify(fed);
  let credential = credentials.get(key);
  if (!credential) {
    credential = build(fed, deps);
    credential.catch(() => credentials.delete(key));
    credentials.set(key, credential);
  }
  return credential;
}

async function build(fed: Federation, deps: AzureDeps): Promise<TokenCredential> {
  const [{ ClientAssertionCredential }, { STSClient, GetWebIdentityTokenCommand }] = await Promise.all([
    import("@azure/identity"),
    import("@aws-sdk/client-sts"),
  ]);
  // The regional endpoint (GetWebIdentityToken is not served by the global one): the SDK's default
  // for STS, from AWS_REGION as Lambda sets it, or AWS_ENDPOINT_URL_STS.
  const sts = new STSClient({});
  const authorityHost = (fed.authorityHost ?? PUBLIC_AUTHORITY).replace(/\/+$/, "");
  return new ClientAssertionCredential(
    fed.tenantId,
    fed.clientId,
    async () => {
      const r = await sts.send(
        new GetWebIdentityTokenCommand({
          Audience: [fed.audience],
          SigningAlgorithm: "RS256",
          DurationSeconds: ASSERTION_SECONDS,
        }),
      );
      if (!r.WebIdentityToken) throw new Error("sts:GetWebIdentityToken returned no token");
      return r.WebIdentityToken;
    },
    {
      authorityHost,
      // Instance discovery asks login.microsoftonline.com about the authority: only for its own.
      disableInstanceDiscovery: authorityHost !== PUBLIC_AUTHORITY,
      ...(deps.tlsOptions ? { tlsOptions: deps.tlsOptions } : {}),
    },
  );
}
