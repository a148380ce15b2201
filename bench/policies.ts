// Policy evaluation at scale: 100,000 assets against (a) 30 policies that each apply to every asset
// (3,000,000 evaluations, the strict reading of the target) and (b) the built-in packs over a mixed
// estate, where selectors narrow what runs. Also the cost of loading (compiling) the built-in packs.
// Results are kept as columns (core/policy/results.ts), as the CLI and night keep them; expanding all
// of them into objects (what only `--results all` needs) is printed beside, not counted.
import os from "node:os";
import type { Asset, DriftItem, DriftReport, Inventory } from "../core/model.ts";
import { evaluatePolicyTable, loadPolicies } from "../core/policy/index.ts";
import { addPack, type PolicySet } from "../core/policy/load.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const KINDS: Array<[Asset["provider"], string, string, Record<string, unknown>]> = [
  [
    "aws",
    "sagemaker",
    "endpoint",
    { dataCaptureEnabled: false, instanceCount: 1, variants: [{ instanceCount: 1 }] },
  ],
  [
    "aws",
    "sagemaker",
    "notebook",
    { rootAccess: "Enabled", directInternetAccess: "Disabled", kmsKeyId: null },
  ],
  ["aws", "sagemaker", "model", { networkIsolation: true, vpc: null }],
  ["aws", "bedrock", "custom-model", { kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k", baseModelArn: "x" }],
  ["azure", "cognitiveservices", "account", { disableLocalAuth: false, publicNetworkAccess: "Enabled" }],
  [
    "azure",
    "cognitiveservices",
    "deployment",
    { raiPolicyName: null, versionUpgradeOption: "NoAutoUpgrade" },
  ],
  ["gcp", "vertexai", "endpoint", { encryptionKmsKeyName: null }],
  ["gcp", "apikeys", "api-key", { restricted: false, apiTargets: [], createTime: "2026-01-01T00:00:00Z" }],
];

export function estate(count = 100_000): { assets: Asset[]; inventory: Inventory; report: DriftReport } {
  const assets: Asset[] = [];
  const items: DriftItem[] = [];
  const systems: Inventory["systems"] = Array.from({ length: 100 }, (_, s) => ({
    id: `system-${s}`,
    owner: s % 3 === 0 ? undefined : "team@example.com",
    riskLevel: (["low", "medium", "high"] as const)[s % 3],
    assets: [],
  }));
  for (let i = 0; i < count; i++) {
    const [provider, service, kind, attributes] = KINDS[i % KINDS.length]!;
    const id = `${provider}:${service}:${kind}/asset-${i}`;
    assets.push({
      id,
      provider,
      service,
      kind,
      account: String(100000000000 + (i % 50)),
      region: ["us-east-1", "eu-west-1"][i % 2]!,
      name: `asset-${i}`,
      createdAt: "2026-01-01T00:00:00Z",
      tags: { team: `t${i % 20}` },
      attributes,
    });
    items.push(
      i % 4 === 0
        ? { status: "undeclared", assetId: id }
        : { status: "matched", assetId: id, systemId: `system-${i % 100}` },
    );
  }
  const report: DriftReport = {
    runId: "bench",
    generatedAt: new Date().toISOString(),
    summary: {
      observed: count,
      matched: 0,
      changed: 0,
      undeclared: 0,
      ambiguous: 0,
      missing: 0,
      unverified: 0,
    },
    items,
    coverage: [],
    policyResults: [],
  };
  return { assets, inventory: { systems }, report };
}

/** 30 policies with no selector: every one runs on every asset. */
function everywhere(n = 30): PolicySet {
  const asserts = [
    'asset.attributes.?kmsKeyId.orValue(null) != null || asset.provider != "aws"',
    "declared",
    "system == null || isSet(system.owner)",
    'asset.tags.?team.orValue("") != ""',
    'asset.region.startsWith("us-") || asset.provider != "gcp"',
    'system == null || system.riskLevel != "high" || account.invocationLogging',
  ];
  const policies = Array.from({ length: n }, (_, i) =>
    [
      `  - id: p${i}`,
      `    title: policy ${i}`,
      "    severity: medium",
      `    assert: '${asserts[i % asserts.length]}'`,
    ].join("\n"),
  );
  const set: PolicySet = { policies: [], waivers: [], files: [] };
  addPack(set, new Map(), "bench.yaml", `version: 1\npolicies:\n${policies.join("\n")}\n`);
  return set;
}

/** Wall time and this process's CPU time: on a shared, loaded machine the two differ a lot. */
function time<T>(fn: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = fn();
  const used = process.cpuUsage(cpu);
  return [out, Math.round(performance.now() - start), Math.round((used.user + used.system) / 1000)];
}

export function run(): Figure[] {
  const { assets, inventory, report } = estate();
  const [, loadMs] = time(() => loadPolicies(["builtin"]));
  const idle = os.loadavg()[0]!.toFixed(1);
  const builtin = loadPolicies(["builtin"]);
  const strict = everywhere();
  const [a, strictMs, strictCpu] = time(() => evaluatePolicyTable(strict, assets, { inventory, report }));
  const [b, builtinMs, builtinCpu] = time(() => evaluatePolicyTable(builtin, assets, { inventory, report }));
  const [rows, expandMs] = time(() => a.table.toArray("all"));
  console.log(
    `strict: ${a.table.size} results (cpu ${strictCpu} ms; expanding all ${rows.length} into objects: ${expandMs} ms more); ` +
      `built-in (${builtin.policies.length} policies): ${b.table.size} results (cpu ${builtinCpu} ms); load average ${idle}`,
  );
  return [
    {
      figure: "policies: 100k assets x 30 policies (3M evaluations)",
      value: strictMs,
      unit: "ms",
      target: "< 1500",
      met: strictMs < 1500,
    },
    {
      figure: `policies: 100k assets x built-in packs`,
      value: builtinMs,
      unit: "ms",
      target: "< 3000",
      met: builtinMs < 3000,
    },
    {
      figure: "policies: load + compile built-in packs",
      value: loadMs,
      unit: "ms",
      target: "< 500",
      met: loadMs < 500,
    },
  ];
}

if (isMain(import.meta.url)) printFigures(run());
