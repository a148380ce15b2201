// Security guarantees of the whole job: planted canary secrets (container environment, Bedrock API
// key secrets, Google key strings) never leave the simulators — not into snapshots, the store, logs,
// alerts or evidence; secret-reading APIs are never called; the IAM policy only reads; hostile
// names and tags from a cloud are escaped in the HTML report.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NightRun } from "../../cli/night.ts";
import { awsIamActions } from "../../scanners/iam-policy.ts";
import { demoEstate, type World, world } from "./world.ts";

const CANARY = /CANARY/;
const HOSTILE = `<img src=x onerror=alert(1)>`;

let w: World;
const nights: NightRun[] = [];
let logs = "";

beforeAll(async () => {
  // Hostile strings as a cloud could hand them back: free-text display names, tag keys and values.
  w = await world(
    demoEstate((s) => {
      const endpoint = s.gcp!.projects[0]!.vertex!["us-central1"]!.endpoints![0]!;
      endpoint.displayName = HOSTILE;
      const sm = s.aws!.accounts["111111111111"]!.regions["us-east-1"]!.sagemaker!;
      sm.endpoints![0]!.tags = { ...sm.endpoints![0]!.tags, note: HOSTILE };
      sm.notebooks![0]!.tags = { '"><script>alert(2)</script>': "x" };
    }),
  );
  const capture = (chunk: string | Uint8Array) => {
    logs += String(chunk);
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  const log = vi.spyOn(console, "log").mockImplementation((...a) => capture(a.join(" ")));
  const warn = vi.spyOn(console, "warn").mockImplementation((...a) => capture(a.join(" ")));
  try {
    nights.push(await w.night());
    await w.changeEstate();
    nights.push(await w.night());
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
    warn.mockRestore();
  }
});
afterAll(async () => {
  await w.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("security", () => {
  it("plants canaries the scanners could have read", () => {
    const scenario = JSON.stringify(w.estate.aws!.scenario);
    expect(scenario).toMatch(CANARY);
    // The models holding them were scanned (so the canary was within reach).
    expect(nights[0]!.snapshot.assets.some((a) => a.id.endsWith(":model/ticket-bert"))).toBe(true);
    expect(nights[0]!.snapshot.assets.some((a) => a.kind === "api-key")).toBe(true);
  });

  it("keeps canaries out of snapshots and reports", () => {
    for (const n of nights) {
      expect(JSON.stringify(n.snapshot)).not.toMatch(CANARY);
      expect(JSON.stringify(n.report)).not.toMatch(CANARY);
    }
  });

  it("keeps canaries out of the store", async () => {
    const items: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await w.embedded.client.send(
        new ScanCommand({ TableName: "aimscan", ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(items.length).toBeGreaterThan(50);
    expect(JSON.stringify(items)).not.toMatch(CANARY);
  });

  it("keeps canaries out of logs, alerts and evidence", () => {
    expect(logs).not.toMatch(CANARY);
    expect(w.estate.aws!.published.length).toBeGreaterThan(0);
    expect(JSON.stringify(w.estate.aws!.published)).not.toMatch(CANARY);
    expect(JSON.stringify(nights.map((n) => n.digest))).not.toMatch(CANARY);
    const files = filesUnder(w.evidenceDir);
    expect(files.some((f) => f.endsWith("report.html"))).toBe(true);
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toMatch(CANARY);
  });

  it("never calls an API that returns secrets", () => {
    expect(w.estate.azure!.requests.filter((r) => /listkeys/i.test(r.path))).toEqual([]);
    expect(w.estate.gcp!.requests.filter((r) => /keyString/i.test(r.path))).toEqual([]);
    const awsOps = new Set(w.estate.aws!.requests.map((r) => r.operation));
    for (const op of awsOps)
      expect(op).not.toMatch(/^(CreateServiceSpecificCredential|ResetServiceSpecificCredential)$/);
  });

  it("asks IAM only for explicit read actions", () => {
    const actions = awsIamActions();
    expect(actions.length).toBeGreaterThan(10);
    for (const a of actions)
      expect(a).toMatch(/^[a-z0-9-]+:(List|Describe|Get)[A-Za-z0-9]+$|^sts:AssumeRole$/);
  });

  it("escapes hostile names and tags in the HTML report", () => {
    const html = readFileSync(join(nights[1]!.evidence.dir, "report.html"), "utf8");
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain("<script>alert(2)");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
