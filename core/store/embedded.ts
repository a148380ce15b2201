// The embedded DynamoDB: dynalite in this process on a loopback port, on disk at `path` (or in
// memory), with the table created if absent. Everything above this file talks to it through the
// real DynamoDB client, exactly as it talks to a real table.
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";
import { InputError } from "../yamlfile.ts";
import { documentClient } from "./document-client.ts";
import { createTableInput } from "./table.ts";

export interface Embedded {
  client: DynamoDBDocumentClient;
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite (in memory when `path` is undefined) and ensures `tableName` exists. */
export async function startEmbedded(path: string | undefined, tableName: string): Promise<Embedded> {
  if (path !== undefined) await preflight(path);
  const server: Server = dynalite({
    ...(path !== undefined ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  // The SDK keeps sockets alive; a server that drops idle ones first (Node's 5 s default) races a
  // request reusing one into ECONNRESET. Outlive the client's idle sockets instead.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // dynalite does not check signatures; fixed placeholder credentials keep the SDK's default
  // chain from searching the environment for real ones.
  const raw = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "embedded", secretAccessKey: "embedded" },
  });
  const client = documentClient(raw);
  try {
    await raw.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) {
      await closeServer(server);
      throw err;
    }
  }
  // dynalite flips CREATING → ACTIVE on a timer; writes before that are refused.
  for (let i = 0; ; i++) {
    const out = await raw.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === "ACTIVE") break;
    if (i > 500) throw new Error(`embedded table ${tableName} did not become active`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    client,
    endpoint,
    async close() {
      raw.destroy();
      await closeServer(server);
    },
  };
}

/**
 * dynalite throws from a callback (an uncaught crash) when its LevelDB folder cannot be opened:
 * a file in the way, a corrupt database, another process holding the lock. Open it once here
 * first, with the same LevelDB dynalite uses, so each of those is one line instead.
 */
async function preflight(path: string): Promise<void> {
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? "not a folder" : (e as Error).message;
    throw new InputError(`${path}: cannot hold the embedded store (store.path): ${why}`);
  }
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve("dynalite"));
  const { Level } = fromDynalite("level") as {
    Level: new (p: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path);
  try {
    await db.open();
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new InputError(
      cause?.code === "LEVEL_LOCKED"
        ? `${path}: the embedded store is in use by another aimscan process; try again when it has finished`
        : `${path}: cannot open the embedded store: ${(cause?.message ?? (e as Error).message).split("\n")[0]}`,
    );
  } finally {
    await db.close().catch(() => {});
  }
}

function closeServer(server: Server): Promise<void> {
  // Idle keep-alive sockets would otherwise hold close() open.
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
