// Coverage is exact (issue 13): a scope is verified only by coverage of its own provider, account,
// region (or Azure's subscription-wide "global") and service, and of the kind when the record
// says which kinds it lists. Hostile cases first, then properties over random coverage sets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Coverage, Inventory, LoadedEntry, Selector, Snapshot } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";

const ACCT = "111122223333";
const snap = (coverage: Coverage[]): Snapshot => ({ schemaVersion: 1, scannedAt: "x", assets: [], coverage });
const inv = (entries: Omit<LoadedEntry, "source">[]): Inventory => ({
  systems: [{ id: "s", assets: entries.map((e, i) => ({ ...e, source: { file: "s.yaml", line: i + 1 } })) }],
});
const cov = (c: Partial<Coverage> & Pick<Coverage, "region" | "service">): Coverage => ({
  provider: "aws",
  account: ACCT,
  status: "ok",
  ...c,
});
const only = (entries: Omit<LoadedEntry, "source">[], coverage: Coverage[]) =>
  reconcile(inv(entries), snap(coverage)).items[0]!;

describe("exact coverage", () => {
  it("never lets IAM's global coverage verify a region that was not scanned", () => {
    const item = only(
      [{ match: { provider: "aws", account: ACCT, region: "eu-west-2", kind: "endpoint" } }],
      [cov({ region: "us-east-1", service: "sagemaker" }), cov({ region: "global", service: "iam" })],
    );
    expect(item.status).toBe("unverified");
    expect(item.reason).toMatch(/^not in the scan: aws\/111122223333\/eu-west-2\/\* \(kind endpoint\)/);
  });

  it("never lets API keys' global coverage verify a GCP location not in gcp.locations", () => {
    const gcp = (region: string, service: string) => cov({ provider: "gcp", account: "p1", region, service });
    const item = only(
      [{ match: { provider: "gcp", account: "p1", region: "europe-west4", kind: "endpoint" } }],
      [gcp("us-central1", "vertexai"), gcp("global", "apikeys")],
    );
    expect(item.status).toBe("unverified");
  });

  it("needs a record that lists the kind: bedrock ok in a region says nothing of its endpoints", () => {
    const item = only(
      [{ match: { region: "eu-west-2", kind: "endpoint" } }],
      [cov({ region: "eu-west-2", service: "bedrock", kinds: ["agent", "guardrail"] })],
    );
    expect(item.status).toBe("unverified");
    const found = only(
      [{ match: { region: "eu-west-2", kind: "endpoint" } }],
      [
        cov({ region: "eu-west-2", service: "bedrock", kinds: ["agent"] }),
        cov({ region: "eu-west-2", service: "sagemaker", kinds: ["endpoint"] }),
      ],
    );
    expect(found.status).toBe("missing");
  });

  it("keeps a scope whose shard had unreadable items unverified, never missing", () => {
    const item = only(
      [{ id: `arn:aws:sagemaker:us-east-1:${ACCT}:endpoint/gone` }],
      [cov({ region: "us-east-1", service: "sagemaker", warnings: 1, warning: "endpoint item 2: no id" })],
    );
    expect(item.status).toBe("unverified");
    expect(item.reason).toMatch(/1 item\(s\) not read: endpoint item 2: no id/);
  });

  it("still lets an Azure subscription's global record verify every location", () => {
    const item = only(
      [{ match: { provider: "azure", account: "sub-1", region: "westeurope", kind: "account" } }],
      [cov({ provider: "azure", account: "sub-1", region: "global", service: "cognitiveservices" })],
    );
    expect(item.status).toBe("missing");
  });
});

// ---- properties ---------------------------------------------------------------------------

const PROVIDERS = ["aws", "gcp", "azure"] as const;
const ACCOUNTS = ["a1", "a2"];
const REGIONS = ["r1", "r2", "global"];
const SERVICES = ["s1", "s2", "iam"];
const KINDS = ["k1", "k2", "k3"];

const coverageArb = fc.record({
  provider: fc.constantFrom(...PROVIDERS),
  account: fc.constantFrom(...ACCOUNTS),
  region: fc.constantFrom(...REGIONS),
  service: fc.constantFrom(...SERVICES),
  status: fc.constantFrom("ok", "ok", "ok", "error", "skipped"),
  kinds: fc.option(fc.subarray(KINDS, { minLength: 1 }), { nil: undefined }),
  warnings: fc.option(fc.constant(1), { nil: undefined, freq: 4 }),
}) as fc.Arbitrary<Coverage>;

const selectorArb = fc.record(
  {
    provider: fc.constantFrom(...PROVIDERS),
    account: fc.constantFrom(...ACCOUNTS),
    region: fc.constantFrom(...REGIONS),
    service: fc.constantFrom(...SERVICES),
    kind: fc.constantFrom(...KINDS),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Selector>;

/** Written from the rule, not from the code: which records the selector can match. */
function canMatch(c: Coverage, m: Selector): boolean {
  if (m.provider && c.provider !== m.provider) return false;
  if (m.account && c.account !== m.account) return false;
  if (m.service && c.service !== m.service) return false;
  if (m.kind && c.kinds && !c.kinds.includes(m.kind)) return false;
  if (m.region && c.region !== m.region && !(c.provider === "azure" && c.region === "global")) return false;
  return true;
}

const clean = (c: Coverage) => c.status === "ok" && !c.warnings;

describe("exact coverage, for any coverage set", () => {
  it("reports a selector missing only if every record it can match is ok and read completely", () => {
    fc.assert(
      fc.property(fc.array(coverageArb, { maxLength: 12 }), selectorArb, (coverage, match) => {
        const item = only([{ match }], coverage);
        const scope = coverage.filter((c) => canMatch(c, match));
        if (item.status === "missing") {
          expect(scope.length).toBeGreaterThan(0);
          expect(scope.every(clean)).toBe(true);
          // A fixed region is one that was scanned: some clean record of exactly that region.
          if (match.region && match.provider !== "azure")
            expect(scope.some((c) => c.region === match.region || c.provider === "azure")).toBe(true);
        } else {
          expect(item.status).toBe("unverified");
          expect(scope.length === 0 || !scope.every(clean)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("reports an exact ARN missing only if its own account, region and service were scanned ok", () => {
    fc.assert(
      fc.property(
        fc.array(coverageArb, { maxLength: 12 }),
        fc.constantFrom(...ACCOUNTS),
        fc.constantFrom("r1", "r2", ""),
        fc.constantFrom(...SERVICES),
        (coverage, account, region, service) => {
          const id = `arn:aws:${service}:${region}:${account}:thing/x`;
          const item = only([{ id }], coverage);
          const own = coverage.filter(
            (c) =>
              c.provider === "aws" &&
              c.account === account &&
              c.service === service &&
              c.region === (region || "global"),
          );
          if (item.status === "missing") expect(own.length > 0 && own.every(clean)).toBe(true);
          else expect(own.length === 0 || !own.every(clean)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never turns unverified into missing by adding a failed or unplanned record", () => {
    fc.assert(
      fc.property(
        fc.array(coverageArb, { maxLength: 10 }),
        selectorArb,
        coverageArb,
        (coverage, match, extra) => {
          const before = only([{ match }], coverage).status;
          const worse = { ...extra, status: "error" as const };
          const after = only([{ match }], [...coverage, worse]).status;
          if (before === "unverified") expect(after).toBe("unverified");
        },
      ),
      { numRuns: 2000 },
    );
  });
});
