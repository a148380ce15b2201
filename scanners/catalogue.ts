// The catalogue of kinds: every provider, service and kind aimscan scans, with the attributes each
// kind's declaration documents. Derived from the scanner registries (one source), so a new scanner
// appears in `aimscan kinds`, `validate` and `schema inventory` by being registered.
import type { Provider } from "../core/model.ts";
import type { AttributeDocs } from "./attributes.ts";

export interface KindInfo {
  provider: Provider;
  service: string;
  kind: string;
  attributes: AttributeDocs;
}

/** Every kind, sorted by provider/service/kind. Registries load lazily (the AWS one pulls SDK commands). */
export async function loadCatalogue(): Promise<KindInfo[]> {
  const [{ AWS_SCANNERS }, { azureDeclarations }, { gcpDeclarations }] = await Promise.all([
    import("./aws/registry.ts"),
    import("./azure/index.ts"),
    import("./gcp/index.ts"),
  ]);
  const all: KindInfo[] = [
    ...AWS_SCANNERS.map((d) => ({ provider: "aws" as const, ...pick(d) })),
    ...azureDeclarations.map((d) => ({ provider: "azure" as const, ...pick(d) })),
    ...gcpDeclarations.map((d) => ({ provider: "gcp" as const, ...pick(d) })),
  ];
  return all.sort((a, b) => kindKey(a).localeCompare(kindKey(b)));
}

const pick = (d: { service: string; kind: string; attributes: AttributeDocs }) => ({
  service: d.service,
  kind: d.kind,
  attributes: d.attributes,
});

export const kindKey = (k: Pick<KindInfo, "provider" | "service" | "kind">) =>
  `${k.provider}/${k.service}/${k.kind}`;
