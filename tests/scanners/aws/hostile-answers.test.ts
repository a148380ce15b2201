// Answers that are HTTP 200 but cannot be trusted fail their shard instead of reading as "no
// assets" or "deleted" (issue 13): an error in disguise, a list without its member, ids of another
// account, region or partition, mass "not found", cycling page tokens; one malformed item is one
// warning. Real SDK clients against the simulator.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Coverage, Snapshot } from "../../../core/model.ts";
import { shardClients } from "../../../scanners/aws/clients.ts";
import { AWS_SCANNERS } from "../../../scanners/aws/registry.ts";
import { listAll } from "../../../scanners/aws/run.ts";
import { scan } from "../../../scanners/index.ts";
import { DEFAULT_SETTINGS } from "../../../scanners/settings.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeEach(async () => {
  sim = await startAwsSimulator(twoAccounts(3), { pageSize: 2 });
});
afterEach(() => sim.stop());

const run = () =>
  scan(awsConfig({ accounts: [CALLER], regions: ["us-east-1"] }), { deps: { aws: awsDeps(sim) } });
const cov = (s: Snapshot, service: string): Coverage => s.coverage.find((c) => c.service === service)!;
const endpoints = (s: Snapshot) => s.assets.filter((a) => a.kind === "endpoint");
const where = { account: CALLER, region: "us-east-1", service: "sagemaker" };

describe("untrusted AWS answers", () => {
  it("fails the shard when ListEndpoints answers 200 with an error shape", async () => {
    sim.controls.rewrite({ ...where, operation: "ListEndpoints" }, () => ({
      __type: "AccessDeniedException",
      message: "not authorized",
    }));
    const s = await run();
    expect(cov(s, "sagemaker")).toMatchObject({ status: "error" });
    expect(cov(s, "sagemaker").error).toMatch(
      /ListEndpoints answered HTTP 200 with an error shape AccessDeniedException/,
    );
    expect(cov(s, "bedrock").status).toBe("ok");
  });

  it("fails the shard when ListEndpoints answers {} (no Endpoints member)", async () => {
    sim.controls.rewrite({ ...where, operation: "ListEndpoints" }, () => ({}));
    const s = await run();
    expect(cov(s, "sagemaker")).toMatchObject({ status: "error" });
    expect(cov(s, "sagemaker").error).toMatch(/endpoint: .*no Endpoints member/);
    expect(endpoints(s)).toEqual([]);
  });

  it("refuses, for every declaration, a list answer without its list member", async () => {
    const clients = shardClients(awsConfig({}).aws!, awsDeps(sim), "us-east-1", undefined, "caller");
    try {
      for (const scanner of AWS_SCANNERS) {
        // A Get whose answer is the item itself; or a declaration without `items` (returns a Page).
        if (scanner.items === undefined || scanner.items === "items") continue;
        const operation = scanner.actions[0]!.split(":")[1]!;
        sim.controls.clear();
        sim.controls.rewrite({ account: CALLER, operation }, () => ({}));
        const region = scanner.service === "iam" ? "global" : "us-east-1";
        const c = {
          account: CALLER,
          region,
          partition: "aws",
          clients,
          now: new Date(),
          settings: DEFAULT_SETTINGS,
        };
        await expect(listAll(scanner, c), `${scanner.kind} (${operation})`).rejects.toThrow(
          new RegExp(`no ${scanner.items} member`),
        );
      }
      // Only these still return a Page: they filter or reshape what they list, so they check the
      // member by hand (the same refusal).
      const pages = AWS_SCANNERS.filter((s) => s.items === undefined);
      expect(pages.map((s) => `${s.service}/${s.kind}`).sort()).toEqual([
        "cloudwatch/model-usage",
        "secretsmanager/ai-credential",
      ]);
      for (const scanner of pages) {
        const operation = scanner.actions[0]!.split(":")[1]!;
        sim.controls.clear();
        sim.controls.rewrite({ account: CALLER, operation }, () => ({}));
        const c = {
          account: CALLER,
          region: "us-east-1",
          partition: "aws",
          clients,
          now: new Date(),
          settings: DEFAULT_SETTINGS,
        };
        await expect(listAll(scanner, c), `${scanner.kind} (${operation})`).rejects.toThrow(
          /answered without a \w+ member/,
        );
      }
    } finally {
      clients.close();
    }
  });

  it("fails the shard when DescribeEndpoint names another account", async () => {
    sim.controls.rewrite({ ...where, operation: "DescribeEndpoint" }, (out) => ({
      ...out,
      EndpointArn: String(out.EndpointArn).replace(CALLER, "999999999999"),
    }));
    const s = await run();
    expect(cov(s, "sagemaker").status).toBe("error");
    expect(cov(s, "sagemaker").error).toMatch(/names account 999999999999/);
  });

  it("fails the shard when DescribeEndpoint names another region or partition", async () => {
    sim.controls.rewrite({ ...where, operation: "DescribeEndpoint" }, (out) => ({
      ...out,
      EndpointArn: String(out.EndpointArn).replace("us-east-1", "eu-west-1"),
    }));
    expect(cov(await run(), "sagemaker").error).toMatch(/names region eu-west-1/);
    sim.controls.clear();
    sim.controls.rewrite({ ...where, operation: "DescribeEndpoint" }, (out) => ({
      ...out,
      EndpointArn: String(out.EndpointArn).replace("arn:aws:", "arn:aws-cn:"),
    }));
    expect(cov(await run(), "sagemaker").error).toMatch(/names partition aws-cn/);
  });

  it("fails the shard when every describe answers 'Could not find'", async () => {
    sim.controls.error(
      { ...where, operation: "DescribeEndpoint" },
      "ValidationException",
      "Could not find endpoint",
    );
    const s = await run();
    expect(cov(s, "sagemaker").status).toBe("error");
    expect(cov(s, "sagemaker").error).toMatch(/3 of 3 listed items answered "not found"/);
  });

  it("keeps a single listed-then-gone endpoint as observed with detail unavailable", async () => {
    sim.controls.error(
      { ...where, operation: "DescribeEndpoint" },
      "ValidationException",
      "Could not find endpoint",
      400,
      1,
    );
    const s = await run();
    expect(cov(s, "sagemaker").status).toBe("ok");
    expect(endpoints(s)).toHaveLength(3);
    const gone = endpoints(s).filter((a) => a.detail === "unavailable");
    expect(gone).toHaveLength(1);
    expect(gone[0]!.id).toMatch(/^arn:aws:sagemaker:us-east-1:111111111111:endpoint\//);
  });

  it("turns one DescribeEndpoint without EndpointArn into a shard warning and keeps the rest", async () => {
    sim.controls.rewrite(
      { ...where, operation: "DescribeEndpoint" },
      (out) => ({ ...out, EndpointArn: undefined }),
      1,
    );
    const s = await run();
    const c = cov(s, "sagemaker");
    expect(c.status).toBe("ok");
    expect(c.warnings).toBe(1);
    expect(c.warning).toMatch(/endpoint item \d: .*EndpointArn/);
    expect(endpoints(s)).toHaveLength(2);
    expect(s.assets.filter((a) => a.kind === "model")).toHaveLength(3);
  });

  it("fails the shard on cycling page tokens (A, B, A…) after a few pages, not 10,000", async () => {
    let n = 0;
    sim.controls.rewrite({ ...where, operation: "ListModels" }, (out) => ({
      ...out,
      NextToken: n++ % 2 === 0 ? "A" : "B",
    }));
    const s = await run();
    expect(cov(s, "sagemaker").status).toBe("error");
    expect(cov(s, "sagemaker").error).toMatch(/model: .*page token repeated after 3 pages/);
    expect(n).toBe(3);
  });

  it("records the kinds each shard lists in its coverage", async () => {
    const s = await run();
    expect(cov(s, "sagemaker").kinds).toContain("endpoint");
    expect(cov(s, "bedrock").kinds).toContain("agent");
    expect(cov(s, "iam").kinds).toEqual(["api-key"]);
  });
});
