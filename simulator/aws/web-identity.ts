// STS GetWebIdentityToken (IAM outbound identity federation): a JWT signed by the account's
// issuer, for an external service such as Microsoft Entra ID. As AWS documents it: `Audience`
// (1–10 members) and `SigningAlgorithm` (RS256 or ES384) are required, `DurationSeconds` is
// 60–3600 (default 300), the issuer is an account-specific URL, `sub` is the caller's ARN.
// The simulator signs RS256 only, with one key per process that the simulated Entra trusts.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { signJwt } from "../identity/jwt.ts";
import type { Call, Handler } from "./state.ts";
import { AwsError } from "./wire.ts";

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
const keyPair = () => {
  keys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return keys;
};

/** The issuer URL `EnableOutboundWebIdentityFederation` would return for `account`. */
export function webIdentityIssuer(account: string): string {
  const h = createHash("sha256").update(account).digest("hex");
  return `https://${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}.tokens.sts.global.api.aws`;
}

/** The public key behind the issuer's JWKS (what a relying party fetches from jwks_uri). */
export const webIdentityPublicKey = (): KeyObject => keyPair().publicKey;

const members = (input: Record<string, unknown>, name: string) =>
  Object.entries(input)
    .filter(([k]) => k.startsWith(`${name}.member.`))
    .map(([, v]) => String(v));

export const getWebIdentityToken: Handler = (call: Call) => {
  const audience = members(call.input, "Audience");
  if (audience.length < 1 || audience.length > 10)
    throw new AwsError("ValidationError", "Audience must have between 1 and 10 members.", 400);
  const algorithm = String(call.input.SigningAlgorithm ?? "");
  if (algorithm !== "RS256" && algorithm !== "ES384")
    throw new AwsError("ValidationError", "SigningAlgorithm must be RS256 or ES384.", 400);
  if (algorithm !== "RS256") throw new AwsError("ValidationError", "the simulator signs RS256 only", 400);
  const duration = call.input.DurationSeconds === undefined ? 300 : Number(call.input.DurationSeconds);
  if (!(duration >= 60 && duration <= 3600))
    throw new AwsError("ValidationError", "DurationSeconds must be between 60 and 3600.", 400);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: webIdentityIssuer(call.account),
    sub: `arn:aws:iam::${call.account}:user/aimscan`,
    aud: audience.length === 1 ? audience[0] : audience,
    iat: now,
    nbf: now,
    exp: now + duration,
    jti: crypto.randomUUID(),
  };
  return {
    WebIdentityToken: signJwt(claims, keyPair().privateKey, "aimscan-simulator"),
    Expiration: new Date((now + duration) * 1000).toISOString(),
  };
};
