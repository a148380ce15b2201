// Policy-as-code: CEL policies in YAML, built-in ISO/IEC 42001 packs, waivers and fixture tests.
export { celEnvironment } from "./cel.ts";
export { type EvaluateContext, evaluatePolicies, evaluatePolicyTable } from "./evaluate.ts";
export { type FormatOptions, formatPolicyResults, summarizeBySeverity } from "./format.ts";
export { type CompiledPolicy, type LoadedWaiver, loadPolicies, type PolicySet } from "./load.ts";
export { PolicyResultTable, type Which } from "./results.ts";
