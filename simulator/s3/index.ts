// A loopback S3 for the deployed functions: path-style PutObject, GetObject and ListObjectsV2 as
// the real S3Client speaks them, with what real S3 enforces on a bucket under Object Lock:
// PutObject there needs Content-MD5 or an x-amz-checksum-* value (header or aws-chunked trailer)
// and the value must match the body ("PutObject", S3 API reference: "The Content-MD5 or
// x-amz-sdk-checksum-algorithm header is required for any request to upload an object with a
// retention period configured using Amazon S3 Object Lock"). Every request is logged with the
// caller's access key so the rehearsal can check it against the caller's IAM policy.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";

export interface S3Call {
  /** IAM action the request needs: s3:GetObject, s3:PutObject, s3:ListBucket. */
  action: string;
  /** The resource that action is on: arn:aws:s3:::bucket or arn:aws:s3:::bucket/key. */
  resource: string;
  accessKeyId: string;
  status: number;
}

export interface S3Bucket {
  /** Object Lock default retention (mode and days): retention headers are then required. */
  objectLock?: { mode: "COMPLIANCE" | "GOVERNANCE"; days: number };
}

/** A programmed failure: answer this call with an S3 error instead. */
export type S3Fault = (call: S3Call) => { status: number; code: string; message: string } | undefined;

export interface S3Simulator {
  endpoint: string;
  objects: Map<string, Buffer>;
  calls: S3Call[];
  faults: S3Fault[];
  stop(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`;

/** aws-chunked (unsigned, with trailer): the decoded body and trailing headers. */
function decodeChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    const size = Number.parseInt(raw.subarray(at, eol).toString().split(";")[0]!, 16);
    at = eol + 2;
    if (!size) break;
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  for (const line of raw.subarray(at).toString().split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) trailers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

const CHECKSUMS: Record<string, (b: Buffer) => string> = {
  "content-md5": (b) => createHash("md5").update(b).digest("base64"),
  "x-amz-checksum-crc32": (b) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(b));
    return out.toString("base64");
  },
  "x-amz-checksum-sha256": (b) => createHash("sha256").update(b).digest("base64"),
  "x-amz-checksum-sha1": (b) => createHash("sha1").update(b).digest("base64"),
};
// Real S3 also accepts CRC32C and CRC64NVME; present but unverifiable here, they are accepted.
const UNVERIFIED = ["x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme"];

export async function startS3Simulator(buckets: Record<string, S3Bucket>): Promise<S3Simulator> {
  const objects = new Map<string, Buffer>();
  const calls: S3Call[] = [];
  const faults: S3Fault[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const send = (status: number, text = "", headers: Record<string, string | number> = {}) => {
      res.writeHead(status, { "content-type": "application/xml", ...headers }).end(text);
    };
    // Logs the call; true when a programmed fault answered it.
    const log = (action: string, resource: string): boolean => {
      const call = { action, resource, accessKeyId, status: 0 };
      calls.push(call);
      res.on("finish", () => {
        call.status = res.statusCode;
      });
      for (const f of faults) {
        const hit = f(call);
        if (hit) {
          send(hit.status, error(hit.code, hit.message));
          return true;
        }
      }
      return false;
    };
    if (!accessKeyId) return send(403, error("AccessDenied", "request is not signed"));
    if (!buckets[bucket]) return send(404, error("NoSuchBucket", `no bucket ${bucket}`));
    const id = `${bucket}/${key}`;
    if (req.method === "PUT" && key) {
      if (log("s3:PutObject", `arn:aws:s3:::${id}`)) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      if ((headers["content-encoding"] ?? "").includes("aws-chunked")) {
        const decoded = decodeChunked(body);
        body = decoded.body;
        Object.assign(headers, decoded.trailers);
      }
      const given = [...Object.keys(CHECKSUMS), ...UNVERIFIED].filter((h) => headers[h]);
      const locked = buckets[bucket]!.objectLock || headers["x-amz-object-lock-mode"];
      if (locked && given.length === 0)
        return send(
          400,
          error(
            "InvalidRequest",
            "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters",
          ),
        );
      for (const h of given) {
        const expected = CHECKSUMS[h]?.(body);
        if (expected !== undefined && expected !== headers[h])
          return send(400, error("BadDigest", `${h} does not match the body`));
      }
      objects.set(id, body);
      return send(200, "", { ETag: `"${createHash("md5").update(body).digest("hex")}"` });
    }
    if (req.method === "GET" && key) {
      if (log("s3:GetObject", `arn:aws:s3:::${id}`)) return;
      const found = objects.get(id);
      if (!found) return send(404, error("NoSuchKey", "The specified key does not exist."));
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": found.length });
      res.end(found);
      return;
    }
    if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
      if (log("s3:ListBucket", `arn:aws:s3:::${bucket}`)) return;
      const prefix = url.searchParams.get("prefix") ?? "";
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => k.slice(bucket.length + 1))
        .sort();
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${xml(k)}</Key><Size>${objects.get(`${bucket}/${k}`)!.length}</Size></Contents>`,
        )
        .join("");
      return send(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    }
    if (req.method === "DELETE" && key) {
      if (log("s3:DeleteObject", `arn:aws:s3:::${id}`)) return;
      if (buckets[bucket]!.objectLock) return send(403, error("AccessDenied", "object is locked"));
      objects.delete(id);
      return send(204);
    }
    send(400, error("NotImplemented", `${req.method} ${url.pathname} is not simulated`));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    calls,
    faults,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
