// The state projection: what completeRun and getReport read stays the current state however long
// the history; every report reads back as it was returned; a store the previous layout wrote is
// read and migrated; a chunk beyond DynamoDB's item limit is split and read back whole.
import { createHash, randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset, DriftReport } from "../../../core/model.ts";
import { chunkOf, PART_BYTES } from "../../../core/store/projection.ts";
import { canonicalJson } from "../../../core/store/versions.ts";
import { asset, coverage, nightlyEstate as estate, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";
import { completeLegacy } from "./legacy-writer.ts";

let h: Harness;
let reads: { versions: number; items: number; state: Array<Record<string, unknown>> };
beforeEach(async () => {
  h = await harness();
  reads = { versions: 0, items: 0, state: [] };
  h.embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === "QueryCommand") {
        const items = (out.output as { Items?: Array<Record<string, unknown>> }).Items ?? [];
        reads.items += items.length;
        reads.versions += items.filter((i) => i.type === "version").length;
        reads.state.push(...items.filter((i) => typeof i.chunk === "string"));
      }
      if (context.commandName === "BatchGetItemCommand" || context.commandName === "BatchGetCommand") {
        const found = (out.output as { Responses?: Record<string, Array<Record<string, unknown>>> })
          .Responses;
        // Chunk items read for their state (its bytes, no more): the sk names the chunk.
        for (const i of Object.values(found ?? {}).flat())
          if (i.state !== undefined) reads.state.push({ ...i, chunk: String(i.sk).split("#")[1] });
      }
      return out;
    },
    { step: "initialize", name: "countReads" },
  );
});
afterEach(async () => {
  await h.close();
});

const cov = [coverage("us-east-1"), coverage("eu-west-1")];

async function complete(n: number, e: { assets: Asset[]; report: DriftReport }, legacy = false) {
  await h.store.startRun(night(n));
  return legacy
    ? completeLegacy(h, night(n).runId, e.report, e.assets)
    : (await h.store.completeRun(night(n).runId, e.report, e.assets)).report;
}

describe("state projection", () => {
  it("reads no version item, and no more each night, to complete a run and report the latest", async () => {
    for (let n = 1; n <= 8; n++) {
      reads.state = [];
      await complete(n, estate(n));
      await h.store.getReport("latest");
      expect(reads.versions).toBe(0);
      // Of each chunk, one copy's state is read however many nights changed it: the one the night
      // started from (getReport reads the report's bytes alone).
      const copies = new Map<unknown, Set<unknown>>();
      for (const i of reads.state) copies.set(i.chunk, (copies.get(i.chunk) ?? new Set()).add(i.runKey));
      for (const runs of copies.values()) expect(runs.size).toBe(1);
      if (n > 1) expect(copies.size).toBeGreaterThan(0);
    }
  });

  it("reads every run's report back as completeRun returned it, after several nights", async () => {
    const returned: DriftReport[] = [];
    for (let n = 1; n <= 5; n++) returned.push(await complete(n, estate(n)));
    for (const [i, r] of returned.entries()) expect(await h.store.getReport(night(i + 1).runId)).toEqual(r);
    expect(await h.store.getReport("latest")).toEqual(returned.at(-1));
    expect((await h.store.assetsAt(night(2).runId))?.length).toBe(59);
  });

  it("reads a store the previous layout wrote, migrates it on the next night, and keeps its history", async () => {
    const reference = await harness();
    try {
      const returned: DriftReport[] = [];
      for (let n = 1; n <= 5; n++) {
        returned.push(await complete(n, estate(n), n <= 2));
        await reference.store.startRun(night(n));
        await reference.store.completeRun(night(n).runId, estate(n).report, estate(n).assets);
        if (n === 2) {
          // Before the migration: the old store reads as before.
          expect(await h.store.getReport("latest")).toEqual(returned[1]);
          expect(reads.versions).toBeGreaterThan(0);
        }
      }
      for (let n = 1; n <= 5; n++) {
        const id = night(n).runId;
        expect(await h.store.getReport(id)).toEqual(returned[n - 1]);
        expect(await h.store.getReport(id)).toEqual(await reference.store.getReport(id));
        expect(await h.store.assetsAt(id)).toEqual(await reference.store.assetsAt(id));
      }
      for (const name of ["ep-00", "ep-03", "ep-57", "ep-58"]) {
        const id = asset(name, name === "ep-03" || name === "ep-57" ? "eu-west-1" : "us-east-1").id;
        expect(await h.store.assetHistory(id)).toEqual(await reference.store.assetHistory(id));
      }
      expect(await h.store.openDrift("undeclared")).toEqual(await reference.store.openDrift("undeclared"));
      expect(await h.store.openDrift("missing")).toEqual(await reference.store.openDrift("missing"));
      // The night after the migration is quiet again: no version item is read any more.
      reads.versions = 0;
      await complete(6, estate(5));
      expect(reads.versions).toBe(0);
    } finally {
      await reference.close();
    }
  });

  it("keeps no hash in a chunk's rows, and gives every history item the hash of its content", async () => {
    for (let n = 1; n <= 4; n++) await complete(n, estate(n));
    const items = await h.scan();
    const closed = items.filter((i) => i.type === "version");
    // Night n renames asset n and drops asset 59-n: versions closed on nights 2-4.
    expect(closed.length).toBeGreaterThan(3);
    for (const v of closed) {
      expect(v.hash).toBe(
        createHash("sha256")
          .update(v.body as string)
          .digest("hex")
          .slice(0, 32),
      );
      expect(canonicalJson(JSON.parse(v.body as string))).toBe(v.body);
    }
    const state = items.find((i) => i.state !== undefined)!;
    const rows = JSON.parse(gunzipSync(state.state as Uint8Array).toString()).open as unknown[][];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[3] === 0)).toBe(true);
  });

  it("splits a chunk larger than an item may be into parts and reads it back whole", async () => {
    // Assets whose attributes do not compress, all in one chunk: several parts.
    const chunk = chunkOf({ assetId: asset("big-0").id, identity: "" });
    const big: Asset[] = [];
    for (let i = 0; big.length < 6; i++) {
      const a = asset(`big-${i}`);
      if (chunkOf({ assetId: a.id, identity: "" }) !== chunk) continue;
      big.push({ ...a, attributes: { blob: randomBytes(PART_BYTES / 4).toString("base64") } });
    }
    const first = report(
      big.map((a) => undeclared(a)),
      cov,
      [],
      big.length,
    );
    await h.store.startRun(night(1));
    const done = await h.store.completeRun(night(1).runId, first, big);
    const parts = (await h.scan()).filter((i) => typeof i.chunk === "string");
    expect(parts.length).toBeGreaterThan(1);
    expect(new Set(parts.map((p) => p.chunk))).toEqual(new Set([chunk]));
    expect(await h.store.getReport("latest")).toEqual(done.report);
    expect(await h.store.assetsAt(night(1).runId)).toEqual(expect.arrayContaining(big));
    // Quiet next night: nothing rewritten.
    await h.store.startRun(night(2));
    resetWrites(h);
    const quiet = await h.store.completeRun(night(2).runId, { ...first, runId: night(2).runId }, big);
    expect(quiet.written).toBe(1 + cov.length);
  });
});
