import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { describe, expect, it } from "vitest";
import { assetContext } from "../../../core/evidence/context.ts";
import { serialNumber, toCycloneDx } from "../../../core/evidence/cyclonedx.ts";
import { sampleAssets, sampleInventory, sampleReport } from "./fixtures.ts";

const validator = new Validation.JsonValidator(Spec.Version.v1dot6);

function bom(): any {
  const report = sampleReport();
  const inventory = sampleInventory();
  const input = {
    runId: "run-2",
    finishedAt: "2026-03-02T02:10:00Z",
    toolVersion: "0.1.0",
    configHash: "abc",
    report,
    assets: sampleAssets(),
    inventory,
  };
  return toCycloneDx(input, assetContext(report, inventory));
}

const prop = (entry: any, name: string) => entry.properties.find((p: any) => p.name === name)?.value;

describe("toCycloneDx", () => {
  it("validates against the CycloneDX 1.6 JSON schema", async () => {
    expect(await validator.validate(JSON.stringify(bom()))).toBeNull();
  });

  it("is caught by the validator when the shape is wrong (the check can fail)", async () => {
    const broken = bom();
    broken.components[0].type = "ml-model";
    expect(await validator.validate(JSON.stringify(broken))).not.toBeNull();
  });

  it("makes models machine-learning-model components with the cloud as supplier", () => {
    const b = bom();
    const models = b.components.filter((c: any) => c.type === "machine-learning-model");
    expect(models.map((m: any) => m.name).sort()).toEqual(["fraud-model", "fraud-tuned"]);
    expect(models[0].supplier.name).toBe("Amazon Web Services");
    const tuned = models.find((m: any) => m.name === "fraud-tuned");
    expect(tuned.modelCard.properties).toEqual([
      { name: "aimscan:baseModelArn", value: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan" },
    ]);
  });

  it("puts the declaring system's purpose in the model card and its id and owner in properties", () => {
    const model = bom().components.find((c: any) => c.name === "fraud-model");
    expect(model.modelCard.considerations.useCases).toEqual(["Score card transactions for fraud"]);
    expect(prop(model, "aimscan:system")).toBe("fraud-scoring");
    expect(prop(model, "aimscan:owner")).toBe("risk-platform@example.com");
    expect(prop(model, "aimscan:drift")).toBe("changed");
  });

  it("lists endpoints and deployments as services with their provider", () => {
    const b = bom();
    const services = b.services.map((s: any) => s.name).sort();
    expect(services).toEqual(["<img src=x onerror=alert(1)>", "fraud-scorer", "gpt"]);
    const gpt = b.services.find((s: any) => s.name === "gpt");
    expect(gpt.provider.name).toBe("Microsoft Azure");
    expect(gpt.endpoints).toEqual(["https://oai.openai.azure.com/"]);
    expect(prop(gpt, "aimscan:drift")).toBe("undeclared");
  });

  it("describes an API key as credential metadata without any secret", () => {
    const key = bom().components.find((c: any) => c.type === "cryptographic-asset");
    expect(key.cryptoProperties.relatedCryptoMaterialProperties).toMatchObject({
      type: "credential",
      state: "active",
    });
    expect(key.cryptoProperties.relatedCryptoMaterialProperties.value).toBeUndefined();
  });

  it("derives a stable RFC 4122-shaped serial number from the run id", () => {
    expect(serialNumber("run-2")).toBe(serialNumber("run-2"));
    expect(serialNumber("run-2")).not.toBe(serialNumber("run-3"));
    expect(serialNumber("run-2")).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
