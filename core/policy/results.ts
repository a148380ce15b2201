// Policy results as columns: one status byte per (policy, asset), and details (message, waiver) only
// for the few results that carry one. At 100k assets × 30 policies, 3M result objects cost more to
// allocate and collect than the CEL evaluation itself; the table costs 3 MB. Results become objects
// only when an output shows them (`results`), and the passes usually never do (`--results all`).
import type { Asset, PolicyResult, PolicyStatus } from "../model.ts";
import type { CompiledPolicy } from "./load.ts";

/** What a row needs of its policy. */
export type ResultPolicy = Pick<CompiledPolicy, "id" | "title" | "severity" | "controls">;

export type Counts = Record<PolicyStatus, number>;

/** Which results to expand: every one, or those that need a person (not `pass`). */
export type Which = "all" | "non-pass";

// 0 is "not evaluated" (the selector, `declared` or `when` left the asset out).
const CODES: readonly (PolicyStatus | undefined)[] = [undefined, "pass", "fail", "error", "waived"];
const CODE: Record<PolicyStatus, number> = { pass: 1, fail: 2, error: 3, waived: 4 };

interface Detail {
  message?: string;
  waiver?: PolicyResult["waiver"];
}

export class PolicyResultTable {
  private readonly status: Uint8Array;
  private readonly details = new Map<number, Detail>();
  private readonly perPolicy: Counts[];

  constructor(
    readonly policies: readonly ResultPolicy[],
    readonly assets: readonly Pick<Asset, "id">[],
  ) {
    this.status = new Uint8Array(policies.length * assets.length);
    this.perPolicy = policies.map(zero);
  }

  set(policy: number, asset: number, status: PolicyStatus, detail?: Detail): void {
    const cell = policy * this.assets.length + asset;
    const before = CODES[this.status[cell]!];
    if (before) this.perPolicy[policy]![before]--;
    this.status[cell] = CODE[status];
    this.perPolicy[policy]![status]++;
    if (detail && (detail.message !== undefined || detail.waiver)) this.details.set(cell, detail);
    else this.details.delete(cell);
  }

  /** Counts by status of one policy (by its index in `policies`). */
  counts(policy: number): Readonly<Counts> {
    return this.perPolicy[policy]!;
  }

  /** Counts by status over every policy. */
  totals(): Counts {
    const out = zero();
    for (const c of this.perPolicy) for (const s of Object.keys(out) as PolicyStatus[]) out[s] += c[s];
    return out;
  }

  get size(): number {
    const t = this.totals();
    return t.pass + t.fail + t.error + t.waived;
  }

  /**
   * The results as objects, policy by policy (load order), each over the assets in input order: the
   * order evaluation has always produced. Passes carry no title or message (the id says it).
   */
  *results(which: Which = "all"): Generator<PolicyResult> {
    const n = this.assets.length;
    for (let p = 0; p < this.policies.length; p++) {
      const c = this.perPolicy[p]!;
      if (c.fail + c.error + c.waived + (which === "all" ? c.pass : 0) === 0) continue;
      const policy = this.policies[p]!;
      const base = p * n;
      for (let a = 0; a < n; a++) {
        const code = this.status[base + a]!;
        if (code === 0 || (code === 1 && which === "non-pass")) continue;
        yield this.row(policy, a, CODES[code]!, this.details.get(base + a));
      }
    }
  }

  /** `results(which)` as an array. */
  toArray(which: Which = "all"): PolicyResult[] {
    return [...this.results(which)];
  }

  private row(policy: ResultPolicy, asset: number, status: PolicyStatus, detail?: Detail): PolicyResult {
    const assetId = this.assets[asset]!.id;
    if (status === "pass")
      return { policyId: policy.id, assetId, status, severity: policy.severity, controls: policy.controls };
    const out: PolicyResult = {
      policyId: policy.id,
      assetId,
      status,
      severity: policy.severity,
      controls: policy.controls,
      title: policy.title,
      message: detail?.message,
    };
    if (detail?.waiver) out.waiver = detail.waiver;
    return out;
  }
}

function zero(): Counts {
  return { pass: 0, fail: 0, error: 0, waived: 0 };
}
