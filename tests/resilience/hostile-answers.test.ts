// Whole nights against hostile AWS answers (issue 13): the night completes, declared endpoints are
// never reported missing because an answer could not be trusted, and a malformed item is one
// warning, not a lost night.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DriftReport } from "../../core/model.ts";
import { type World, world } from "./world.ts";

let w: World;
let clean: DriftReport;
beforeEach(async () => {
  w = await world();
  clean = (await w.night()).report;
});
afterEach(async () => {
  await w.close();
});

const where = { account: "111111111111", region: "us-east-1", service: "sagemaker" };
const missing = (r: DriftReport) =>
  r.items.filter((i) => i.status === "missing" && i.delta !== "resolved").map((i) => i.assetId ?? i.systemId);

describe("nights against untrusted answers", () => {
  it("keeps declared endpoints out of missing when ListEndpoints answers 200 with an error shape or {}", async () => {
    for (const body of [{ __type: "AccessDeniedException", message: "no" }, {}]) {
      w.estate.aws!.controls.clear();
      w.estate.aws!.controls.rewrite({ ...where, operation: "ListEndpoints" }, () => body);
      const night = await w.night();
      expect(
        night.report.coverage.find(
          (c) => c.service === "sagemaker" && c.account === where.account && c.region === where.region,
        )?.status,
      ).toBe("error");
      expect(missing(night.report)).toEqual(missing(clean));
      expect(
        night.report.items.filter(
          (i) =>
            i.delta === "resolved" &&
            i.asset?.service === "sagemaker" &&
            i.asset.region === "us-east-1" &&
            i.asset.account === where.account,
        ),
      ).toEqual([]);
    }
  });

  it("finishes the night when one DescribeEndpoint answers 200 without EndpointArn", async () => {
    w.estate.aws!.controls.rewrite(
      { ...where, operation: "DescribeEndpoint" },
      (out) => ({ ...out, EndpointArn: undefined }),
      1,
    );
    const night = await w.night();
    const c = night.report.coverage.find(
      (x) => x.service === "sagemaker" && x.account === where.account && x.region === where.region,
    )!;
    expect(c).toMatchObject({ status: "ok", warnings: 1 });
    expect(missing(night.report)).toEqual(missing(clean));
    expect(night.report.summary.observed).toBe(clean.summary.observed - 1);
  });
});
