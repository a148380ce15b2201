// Every attribute a scanner emits is documented by its declaration (name and type), so the
// catalogue (`aimscan kinds`, validate) cannot drift from what scanners really write. Run over
// the demo estate, both nights, through the real clients.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Asset, Config } from "../../core/model.ts";
import { conforms, shapeOf } from "../../scanners/attributes.ts";
import { kindKey, loadCatalogue } from "../../scanners/catalogue.ts";
import { scan } from "../../scanners/index.ts";
import { applyChanges, type Change } from "../../simulator/changes.ts";
import { type Estate, startEstate } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";

const ROOT = join(import.meta.dirname, "../..");
const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
  estate: Scenario;
  night2?: Change[];
};

let estate: Estate;
const assets: Asset[] = [];

async function scanNight(): Promise<void> {
  const config = Config.parse({ ...estate.cloudConfig(), scan: { requestsPerSecond: 200 } });
  const snapshot = await scan(config, { deps: estate.scanDeps() });
  // The demo estate denies one shard on purpose; the others must have answered.
  expect(snapshot.coverage.filter((c) => c.status === "ok").length).toBeGreaterThan(5);
  assets.push(...snapshot.assets);
}

beforeAll(async () => {
  estate = await startEstate(demo.estate);
  await scanNight();
  await estate.reseed(applyChanges(demo.estate, demo.night2 ?? []));
  await scanNight();
}, 120_000);
afterAll(async () => {
  await estate.stop();
});

describe("scanner attribute declarations", () => {
  it("declare each provider/service/kind once, every attribute with a type and a meaning", async () => {
    const catalogue = await loadCatalogue();
    const keys = catalogue.map(kindKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of catalogue) {
      expect(Object.keys(k.attributes).length, kindKey(k)).toBeGreaterThan(0);
      for (const [name, doc] of Object.entries(k.attributes))
        expect(doc.doc.trim().length, `${kindKey(k)} ${name}`).toBeGreaterThan(0);
    }
  });

  it("document every attribute the scanners emit on the demo estate, with its type", async () => {
    const byKey = new Map((await loadCatalogue()).map((k) => [kindKey(k), k]));
    const problems: string[] = [];
    for (const a of assets) {
      const known = byKey.get(kindKey(a));
      if (!known) {
        problems.push(`${kindKey(a)}: kind not in the catalogue`);
        continue;
      }
      for (const [name, value] of Object.entries(a.attributes)) {
        const doc = known.attributes[name];
        if (!doc) problems.push(`${kindKey(a)}: attribute ${name} is not declared`);
        else if (!conforms(doc.type, value))
          problems.push(`${kindKey(a)}: ${name} is ${shapeOf(value)}, declared ${doc.type}`);
      }
      for (const name of Object.keys(known.attributes))
        if (!(name in a.attributes)) problems.push(`${kindKey(a)}: declared ${name} is never written`);
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it("see most of the catalogue's kinds in the demo estate (the check above is not vacuous)", async () => {
    const seen = new Set(assets.map(kindKey));
    const catalogue = await loadCatalogue();
    expect(seen.size).toBeGreaterThanOrEqual(Math.ceil(catalogue.length / 2));
  });
});
