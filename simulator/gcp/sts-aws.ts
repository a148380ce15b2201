// Google STS's exchange of an AWS subject token (workload identity federation with an AWS
// provider), as Google documents it: the subject token is a serialised, SigV4-signed
// `sts:GetCallerIdentity` request for the regional STS endpoint, with the pool provider's full
// resource name in `x-goog-cloud-target-resource`. Google sends that request to AWS and federates
// the ARN AWS answers with; so does the simulator, to the AWS simulator, whose answer depends on
// the access key that signed it. A token for another audience, another action or no signature
// is refused as Google refuses it (400 invalid_grant).
import { request } from "node:http";

export const AWS_SUBJECT_TOKEN_TYPE = "urn:ietf:params:aws:token-type:aws4_request";

export interface AwsFederation {
  /** The AWS simulator's endpoint, standing in for `sts.REGION.amazonaws.com`. */
  awsEndpoint: string;
}

export type AwsExchange = { ok: true; arn: string; account: string } | { ok: false; description: string };

interface SignedRequest {
  url: string;
  method: string;
  headers: { key: string; value: string }[];
  body?: string;
}

const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

export async function exchangeAwsSubjectToken(
  form: URLSearchParams,
  fed: AwsFederation,
): Promise<AwsExchange> {
  let signed: SignedRequest;
  try {
    signed = JSON.parse(decodeURIComponent(form.get("subject_token") ?? "")) as SignedRequest;
  } catch {
    return { ok: false, description: "The subject token is not a serialised AWS request." };
  }
  const url = safeUrl(signed.url);
  const isSts = url?.protocol === "https:" && STS_HOST.test(url.hostname);
  if (!url || !isSts)
    return { ok: false, description: `The subject token's URL is not an AWS STS endpoint: ${signed.url}` };
  if (url.searchParams.get("Action") !== "GetCallerIdentity" || signed.method !== "POST")
    return { ok: false, description: "The subject token must be a POST GetCallerIdentity request." };
  const headers = new Map(signed.headers.map((h) => [h.key.toLowerCase(), h.value]));
  const target = headers.get("x-goog-cloud-target-resource") ?? "";
  const audience = form.get("audience") ?? "";
  if (audience.replace(/^https?:/, "") !== target.replace(/^https?:/, ""))
    return { ok: false, description: "x-goog-cloud-target-resource does not match the audience." };
  if (!/^AWS4-HMAC-SHA256 Credential=/.test(headers.get("authorization") ?? ""))
    return { ok: false, description: "The subject token carries no SigV4 signature." };
  const answer = await forward(fed.awsEndpoint, url, signed, headers);
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(answer.body)?.[1];
  const account = /<Account>(\d{12})<\/Account>/.exec(answer.body)?.[1];
  if (answer.status !== 200 || !arn || !account)
    return { ok: false, description: `AWS refused the signed GetCallerIdentity (HTTP ${answer.status}).` };
  return { ok: true, arn, account };
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function forward(endpoint: string, url: URL, signed: SignedRequest, headers: Map<string, string>) {
  const target = new URL(`${url.pathname}${url.search}`, endpoint);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(target, { method: signed.method, headers: Object.fromEntries(headers) }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(signed.body ?? "");
  });
}
