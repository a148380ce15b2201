// A loopback S3 for the handlers' tests: path-style PutObject, GetObject and ListObjectsV2, as the
// real S3Client speaks them. Nothing else of S3 is needed by functions/.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3Sim {
  endpoint: string;
  objects: Map<string, Buffer>;
  stop(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function startS3Sim(): Promise<S3Sim> {
  const objects = new Map<string, Buffer>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const id = `${bucket}/${key}`;
    if (req.method === "PUT" && key) {
      objects.set(id, Buffer.concat(chunks));
      res.writeHead(200, { ETag: '"sim"' }).end();
    } else if (req.method === "GET" && key) {
      const body = objects.get(id);
      if (!body) {
        res.writeHead(404, { "content-type": "application/xml" });
        res.end(`<Error><Code>NoSuchKey</Code><Message>no such key</Message><Key>${xml(key)}</Key></Error>`);
        return;
      }
      res
        .writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length })
        .end(body);
    } else if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => k.slice(bucket.length + 1))
        .sort();
      const contents = keys.map((k) => `<Contents><Key>${xml(k)}</Key><Size>1</Size></Contents>`).join("");
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    } else {
      res.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
