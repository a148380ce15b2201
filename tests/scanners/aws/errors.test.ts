// Shard errors a user can act on, through the real SDK clients against the simulator: each names the
// operation, the HTTP status and the request id; an HTML page instead of an API answer shows its
// content type and first characters (all three wire protocols); a denial says what to grant to whom;
// throttling that outlived the retries says so; the kinds that were listed are still reported.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Coverage, Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, MEMBER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeEach(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
});
afterEach(() => sim.stop());

const run = (aws: Record<string, unknown> = {}) =>
  scan(awsConfig({ accounts: [CALLER, MEMBER], regions: ["us-east-1"], ...aws }), {
    deps: { aws: awsDeps(sim, { retryStrategy: new ConfiguredRetryStrategy(3, () => 0) }) },
  });
const cov = (s: Snapshot, account: string, region: string, service: string): Coverage =>
  s.coverage.find((c) => c.account === account && c.region === region && c.service === service)!;

describe("AWS shard errors", () => {
  it.each([
    ["sagemaker", "ListModels", "us-east-1", "model"],
    ["bedrock", "ListGuardrails", "us-east-1", "guardrail"],
    ["iam", "ListServiceSpecificCredentials", "global", "api-key"],
  ])(
    "an HTML page answering %s %s reads as such, not as a parser error",
    async (service, operation, region, kind) => {
      sim.controls.html({ account: CALLER, service, operation }, 502);
      const s = await run();
      const error = cov(s, CALLER, region, service).error!;
      expect(error).toContain(
        `${kind}: ${operation}: the endpoint answered HTTP 502 with content type text/html`,
      );
      expect(error).toContain('body starting "<!doctype html> <html><head><title>502 Bad Gateway');
      expect(error).not.toMatch(/Unexpected token|XML parse error/);
    },
  );

  it("keeps the kinds of a shard that were listed completely, and fails the shard", async () => {
    sim.controls.html({ account: CALLER, service: "sagemaker", operation: "ListInferenceComponents" }, 500);
    const s = await run({ services: ["sagemaker"] });
    const c = cov(s, CALLER, "us-east-1", "sagemaker");
    expect(c.status).toBe("error");
    const kinds = new Set(s.assets.filter((a) => a.account === CALLER).map((a) => a.kind));
    expect(kinds.has("endpoint") && kinds.has("model") && kinds.has("domain")).toBe(true);
    expect(kinds.has("inference-component")).toBe(false);
    expect(c.assets).toBe(s.assets.filter((a) => a.account === CALLER).length);
    expect(cov(s, MEMBER, "us-east-1", "sagemaker").status).toBe("ok");
  });

  it("names the status and request id of a service error", async () => {
    sim.controls.fail({ account: MEMBER, service: "bedrock", operation: "ListCustomModels" }, 500);
    const s = await run();
    expect(cov(s, MEMBER, "us-east-1", "bedrock").error).toMatch(
      /^custom-model: ListCustomModels: InternalFailure: simulated failure \(HTTP 500, request id [0-9a-f-]{36}\)$/,
    );
  });

  it("says which action to grant to which role when access is denied", async () => {
    sim.controls.deny({ account: MEMBER, service: "sagemaker", operation: "ListTags" });
    const s = await run({ services: ["sagemaker"] });
    expect(cov(s, MEMBER, "us-east-1", "sagemaker").error).toMatch(
      new RegExp(
        `ListTags: AccessDeniedException: .*\\(HTTP 403, request id .+\\) — grant sagemaker:ListTags to arn:aws:iam::${MEMBER}:role/AimscanReadOnly`,
      ),
    );
  });

  it("names the scanning identity when its own call is denied", async () => {
    sim.controls.deny({ account: CALLER, service: "iam" });
    const s = await run({ services: ["iam"] });
    expect(cov(s, CALLER, "global", "iam").error).toContain(
      "grant iam:ListServiceSpecificCredentials to the identity aimscan runs as",
    );
  });

  it("says a refused AssumeRole needs the permission and the role's trust", async () => {
    sim.controls.deny({ service: "sts", operation: "AssumeRole" });
    const s = await run({ services: ["sagemaker"] });
    expect(cov(s, MEMBER, "us-east-1", "sagemaker").error).toMatch(
      /^cannot assume arn:aws:iam::222222222222:role\/AimscanReadOnly: AssumeRole: AccessDenied: .* — allow .*sts:AssumeRole on the member role, and let that role's trust policy accept it/,
    );
  });

  it("says throttling outlived the retries", async () => {
    sim.controls.throttle({ account: CALLER, service: "sagemaker", operation: "ListEndpoints" }, 50);
    const s = await run({ services: ["sagemaker"] });
    expect(cov(s, CALLER, "us-east-1", "sagemaker").error).toMatch(
      /^endpoint: ListEndpoints: ThrottlingException: .*\(HTTP 400, request id .+\) — still throttled after 3 attempts; lower scan.requestsPerSecond/,
    );
  });
});
