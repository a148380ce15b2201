// The loopback S3 enforces what real S3 enforces on an Object Lock bucket: a PutObject without
// Content-MD5 or an x-amz-checksum-* value is refused, and a wrong value is a BadDigest.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3Simulator, startS3Simulator } from "../../simulator/s3/index.ts";

let sim: S3Simulator;
let s3: S3Client;
beforeAll(async () => {
  sim = await startS3Simulator({ locked: { objectLock: { mode: "COMPLIANCE", days: 1 } }, plain: {} });
  s3 = new S3Client({
    endpoint: sim.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIA111111111111TEST", secretAccessKey: "x" },
  });
});
afterAll(async () => {
  s3.destroy();
  await sim.stop();
});

const rawPut = (bucket: string, headers: Record<string, string> = {}) =>
  fetch(`${sim.endpoint}/${bucket}/k`, {
    method: "PUT",
    body: "hello",
    headers: {
      authorization: "AWS4-HMAC-SHA256 Credential=AKIA111111111111TEST/20260101/us-east-1/s3/aws4_request",
      ...headers,
    },
  });

describe("simulator/s3", () => {
  it("takes the real client's PutObject into a locked bucket (it sends a checksum) and reads it back", async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: "locked", Key: "run/manifest.json", Body: Buffer.from("{}") }),
    );
    const out = await s3.send(new GetObjectCommand({ Bucket: "locked", Key: "run/manifest.json" }));
    expect(await out.Body!.transformToString()).toBe("{}");
    expect(sim.calls.map((c) => c.action)).toEqual(["s3:PutObject", "s3:GetObject"]);
  });

  it("refuses a PutObject with no Content-MD5 or checksum into a locked bucket, not into a plain one", async () => {
    const locked = await rawPut("locked");
    expect(locked.status).toBe(400);
    expect(await locked.text()).toContain("Content-MD5 OR x-amz-checksum- HTTP header is required");
    expect((await rawPut("plain")).status).toBe(200);
  });

  it("answers a checksum that does not match the body with BadDigest", async () => {
    const wrong = await rawPut("locked", { "content-md5": "AAAAAAAAAAAAAAAAAAAAAA==" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("BadDigest");
    const right = await rawPut("locked", { "content-md5": "XUFAKrxLKna5cZ2REBfFkg==" });
    expect(right.status).toBe(200);
  });
});
