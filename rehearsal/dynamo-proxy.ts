// A logging pass-through in front of dynalite: records each DynamoDB call's IAM action, table ARN
// and caller key (dynalite itself logs nothing), then forwards the request unchanged.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface DynamoCall {
  action: string;
  resource: string;
  accessKeyId: string;
}

export async function startDynamoProxy(
  target: string,
  tableArn: (table: string) => string,
): Promise<{ endpoint: string; calls: DynamoCall[]; stop(): Promise<void> }> {
  const calls: DynamoCall[] = [];
  const to = new URL(target);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const op = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "";
    try {
      const input = JSON.parse(body.toString() || "{}") as {
        TableName?: string;
        IndexName?: string;
        RequestItems?: Record<string, unknown>;
      };
      const tables = input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {});
      for (const t of tables) {
        const arn = tableArn(t);
        calls.push({
          action: `dynamodb:${op}`,
          resource: input.IndexName ? `${arn}/index/${input.IndexName}` : arn,
          accessKeyId,
        });
      }
    } catch {
      // Not JSON: dynalite answers it as it would.
    }
    const fwd = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      },
    );
    fwd.on("error", () => res.writeHead(502).end());
    fwd.end(body);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
