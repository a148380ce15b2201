// The state projection against moto's DynamoDB (an emulator nobody here wrote), through the real
// client: binary chunk parts, the two slots, history items and the `asset` index on its wire.
import { randomBytes } from "node:crypto";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Asset } from "../../../core/model.ts";
import { documentClient } from "../../../core/store/document-client.ts";
import { createTableInput, openStore, type Store } from "../../../core/store/index.ts";
import { chunkOf, PART_BYTES } from "../../../core/store/projection.ts";
import { type MotoServer, startMoto } from "../../conformance/moto-server.ts";
import { asset, coverage, failing, matched, night, report, undeclared } from "./fixtures.ts";

let moto: MotoServer;
let raw: DynamoDBClient;
let store: Store;
let written = 0;

beforeAll(async () => {
  moto = await startMoto();
  raw = new DynamoDBClient({
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "moto", secretAccessKey: "moto" },
  });
  await raw.send(new CreateTableCommand(createTableInput("aimscan")));
  const client = documentClient(raw);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (context.commandName === "BatchWriteItemCommand")
        written += Object.values(input.RequestItems ?? {}).reduce((n, l) => n + l.length, 0);
      if (context.commandName === "PutItemCommand") written += 1;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  store = await openStore({ type: "dynamodb", table: "aimscan" }, { client, tableName: "aimscan" });
}, 60_000);

afterAll(async () => {
  raw?.destroy();
  await moto?.stop();
});

const cov = [coverage("us-east-1")];

describe("store on moto", () => {
  it("keeps the state in chunks across nights: quiet nights write nothing, reports read back", async () => {
    // Twelve assets, two of them large enough that their chunk is split into parts.
    const big = asset("big-0");
    const partner = Array.from({ length: 400 }, (_, i) => asset(`big-${i + 1}`)).find(
      (a) => chunkOf({ assetId: a.id, identity: "" }) === chunkOf({ assetId: big.id, identity: "" }),
    )!;
    const blob = () => randomBytes(Math.round(PART_BYTES * 0.6)).toString("base64");
    const assets: Asset[] = [
      ...Array.from({ length: 10 }, (_, i) => asset(`ep-${i}`)),
      { ...big, attributes: { blob: blob() } },
      { ...partner, attributes: { blob: blob() } },
    ];
    const night1 = report(
      assets.map((a, i) => (i % 2 ? matched(a) : undeclared(a))),
      cov,
      assets.map((a, i) => failing(a, "kms-required", i % 3 ? "pass" : "fail")),
    );
    const changed = assets.map((a, i) => (i === 3 ? { ...a, tags: { owner: "x" } } : a));
    const nights = [
      [1, night1, assets],
      [2, night1, assets],
      [3, night1, changed],
      [4, night1, changed],
    ] as const;
    const returned = [];
    const writes = [];
    for (const [n, r, a] of nights) {
      await store.startRun(night(n));
      written = 0;
      returned.push(
        (await store.completeRun(night(n).runId, { ...r, runId: night(n).runId }, [...a])).report,
      );
      writes.push(written);
    }
    // Quiet nights: the run item and the coverage. Night 3: one closed version, one chunk copy
    // (with the chunk's report), the state's new listing and the report's new index.
    expect(writes.slice(1)).toEqual([1 + cov.length, 4 + 1 + cov.length, 1 + cov.length]);
    for (const [i, r] of returned.entries()) expect(await store.getReport(night(i + 1).runId)).toEqual(r);
    expect(await store.assetsAt(night(2).runId)).toEqual(expect.arrayContaining(assets));
    const history = await store.assetHistory(assets[3]!.id);
    expect(history).toMatchObject({
      present: true,
      firstSeen: { runId: night(1).runId },
      lastChanged: { runId: night(3).runId },
      lastSeen: { runId: night(4).runId },
    });
    expect((await store.openDrift("undeclared")).length).toBe(6);
    const state = await documentClient(raw).send(
      new ScanCommand({
        TableName: "aimscan",
        // The chunk items that hold a state copy after their report body.
        FilterExpression: "attribute_exists(#s)",
        ExpressionAttributeNames: { "#s": "state" },
      }),
    );
    expect(Math.max(...(state.Items ?? []).map((i) => i.parts as number))).toBeGreaterThan(1);
  }, 120_000);
});
