// Compact JWS (RS256) signing and verification with node:crypto, for the simulated identity
// providers: AWS STS's GetWebIdentityToken issues, Microsoft Entra's token endpoint verifies.
import { createSign, createVerify, type KeyObject } from "node:crypto";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

/** The claims of a JWT signed by `key`, or why it is refused. */
export function verifyJwt(
  token: string,
  key: KeyObject,
): { ok: true; claims: Record<string, unknown> } | { ok: false; why: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, why: "not a compact JWS" };
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, why: "undecodable header or claims" };
  }
  if (header.alg !== "RS256") return { ok: false, why: `unsupported alg ${header.alg}` };
  const valid = createVerify("RSA-SHA256")
    .update(`${head}.${body}`)
    .verify(key, Buffer.from(signature, "base64url"));
  if (!valid) return { ok: false, why: "signature does not verify with the issuer's key" };
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return { ok: false, why: "expired" };
  return { ok: true, claims };
}
