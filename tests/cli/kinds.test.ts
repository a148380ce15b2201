// `aimscan kinds` and `aimscan schema inventory`: the catalogue comes from the scanner declarations.
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../scanners/catalogue.ts";
import { runCli } from "./run-cli.ts";

describe("aimscan kinds", () => {
  it("lists every kind the scanners declare, as JSON", async () => {
    const r = await runCli(["kinds", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { provider: string; service: string; kind: string }[];
    const catalogue = await loadCatalogue();
    expect(rows.map((k) => `${k.provider}/${k.service}/${k.kind}`)).toEqual(
      catalogue.map((k) => `${k.provider}/${k.service}/${k.kind}`),
    );
    expect(rows.map((k) => k.provider)).toEqual(expect.arrayContaining(["aws", "azure", "gcp"]));
  });

  it("shows one kind's attributes with type and meaning, and the policies that apply", async () => {
    const r = await runCli(["kinds", "aws/sagemaker/notebook", "--format", "table"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^aws\/sagemaker\/notebook\n/);
    expect(r.stdout).toMatch(/\n {2}rootAccess +string\|null +Enabled or Disabled\n/);
    expect(r.stdout).toContain("aws-sagemaker-notebook-root-access-disabled");
    expect(r.stdout).not.toContain("aws-sagemaker-endpoint-data-capture-enabled");
  });

  it("narrows to a provider or a service", async () => {
    const r = await runCli(["kinds", "gcp/vertexai", "--format", "json"]);
    expect((JSON.parse(r.stdout) as { kind: string }[]).map((k) => k.kind)).toEqual([
      "endpoint",
      "feature-online-store",
      "index-endpoint",
      "model",
      "reasoning-engine",
      "tuning-job",
    ]);
  });

  it("refuses a name that is no provider, service or kind, with a did-you-mean", async () => {
    const r = await runCli(["kinds", "gcp/vertex"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kinds: no service "vertex" in gcp; did you mean "vertexai"? (known: apikeys, discoveryengine, monitoring, notebooks, secretmanager, vertexai)\n',
    );
  });
});

describe("aimscan schema inventory", () => {
  it("carries the catalogue's services, kinds and attribute names as enums", async () => {
    const r = await runCli(["schema", "inventory"]);
    const text = r.stdout;
    const catalogue = await loadCatalogue();
    const json = JSON.parse(text);
    const found: { service?: string[]; kind?: string[]; attributes?: string[] } = {};
    const visit = (n: unknown): void => {
      if (typeof n !== "object" || n === null) return;
      const p = (
        n as { properties?: Record<string, { enum?: string[]; propertyNames?: { enum: string[] } }> }
      ).properties;
      if (p?.kind?.enum) found.kind = p.kind.enum;
      if (p?.service?.enum) found.service = p.service.enum;
      if (p?.attributes?.propertyNames) found.attributes = p.attributes.propertyNames.enum;
      for (const v of Object.values(n)) visit(v);
    };
    visit(json);
    expect(found.kind).toEqual([...new Set(catalogue.map((k) => k.kind))].sort());
    expect(found.service).toEqual([...new Set(catalogue.map((k) => k.service))].sort());
    expect(found.attributes).toContain("instanceType");
  });
});
