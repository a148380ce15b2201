import { describe, expect, it } from "vitest";
import { applyChanges } from "../../simulator/changes.ts";

const base = {
  aws: {
    accounts: {
      "111": {
        regions: {
          "us-east-1": {
            sagemaker: {
              endpoints: [
                { name: "a", config: "ca" },
                { name: "b", config: "cb" },
              ],
              endpointConfigs: [{ name: "ca", variants: [{ model: "m", instanceType: "ml.m5.large" }] }],
            },
          },
        },
      },
    },
  },
};
const sm = "aws.accounts.111.regions.us-east-1.sagemaker";
const at = (s: typeof base) => s.aws.accounts["111"].regions["us-east-1"].sagemaker as any;

describe("applyChanges", () => {
  it("sets a field through named list elements and indexes, leaving the input alone", () => {
    const next = applyChanges(base, [
      { set: `${sm}.endpointConfigs[name=ca].variants[0].instanceType`, value: "ml.g5.xlarge" },
    ]);
    expect(at(next).endpointConfigs[0].variants[0].instanceType).toBe("ml.g5.xlarge");
    expect(at(base).endpointConfigs[0].variants[0].instanceType).toBe("ml.m5.large");
  });

  it("adds to and removes from lists, creating a missing list", () => {
    const next = applyChanges(base, [
      { remove: `${sm}.endpoints[name=a]` },
      { add: `${sm}.endpoints`, value: { name: "c", config: "ca" } },
      { add: `${sm}.models`, value: { name: "m" } },
    ]);
    expect(at(next).endpoints.map((e: { name: string }) => e.name)).toEqual(["b", "c"]);
    expect(at(next).models).toEqual([{ name: "m" }]);
  });

  it("throws when a change points at nothing", () => {
    expect(() => applyChanges(base, [{ remove: `${sm}.endpoints[name=zzz]` }])).toThrow(/nothing at/);
    expect(() => applyChanges(base, [{ set: "aws.accounts.999.regions.x", value: 1 }])).toThrow(/nothing at/);
  });
});
