// Checks an inventory entry against the catalogue of kinds (what the scanners can ever report): a
// selector naming a provider/service/kind no scanner emits, an account or region that cannot be
// one, an exact id whose cloud cannot be told, or an `expect` attribute the kind never has would
// otherwise pass validation and read as false drift (missing / unverified) every night.
import { parseId } from "./ids.ts";
import type { InventoryEntry } from "./model.ts";
import { didYouMean } from "./suggest.ts";

/** One kind as the catalogue (scanners/catalogue.ts) describes it; core only needs the data. */
export interface CatalogueKind {
  provider: string;
  service: string;
  kind: string;
  attributes: Readonly<Record<string, { type: string }>>;
}

/** Where a path of the file is: `file:line:col` of its value, or of its key with `key`. */
export type Locate = (path: readonly PropertyKey[], key?: "key") => string;

export function checkEntry(
  entry: InventoryEntry,
  path: readonly PropertyKey[],
  locate: Locate,
  catalogue: readonly CatalogueKind[],
): string[] {
  const problems: string[] = [];
  const say = (sub: readonly PropertyKey[], message: string, key?: "key") =>
    problems.push(`${locate([...path, ...sub], key)}: ${message}`);
  let kinds: readonly CatalogueKind[];

  if (entry.match) {
    const m = entry.match;
    kinds = catalogue.filter((k) => !m.provider || k.provider === m.provider);
    if (m.service !== undefined) {
      const services = unique(kinds.map((k) => k.service));
      if (!services.includes(m.service)) {
        const elsewhere = catalogue.find((k) => k.service === m.service);
        say(
          ["match", "service"],
          elsewhere
            ? `match.service: "${m.service}" is a service of ${elsewhere.provider}, not ${m.provider}`
            : `match.service: no scanner reports service "${m.service}"${where(m.provider)}` +
                `${didYouMean(m.service, services)} (known: ${services.join(", ")})`,
        );
        return problems;
      }
      kinds = kinds.filter((k) => k.service === m.service);
    }
    if (m.kind !== undefined) {
      const names = unique(kinds.map((k) => k.kind));
      if (!names.includes(m.kind)) {
        const scope = [m.provider, m.service].filter(Boolean).join("/");
        say(
          ["match", "kind"],
          `match.kind: no scanner reports kind "${m.kind}"${scope ? ` in ${scope}` : ""}` +
            `${didYouMean(m.kind, names)} (known: ${names.join(", ")})`,
        );
        return problems;
      }
      kinds = kinds.filter((k) => k.kind === m.kind);
    }
    const provider = m.provider ?? single(kinds.map((k) => k.provider));
    if (m.account !== undefined) {
      const bad = accountProblem(provider, m.account);
      if (bad) say(["match", "account"], `match.account: ${bad}`);
    }
    if (m.region !== undefined) {
      const bad = regionProblem(provider, m.region);
      if (bad) say(["match", "region"], `match.region: ${bad}`);
    }
  } else if (entry.id !== undefined) {
    const scope = parseId(entry.id);
    if (!scope) {
      say(
        ["id"],
        `id: cannot tell which cloud "${entry.id}" is in: give an ARN (arn:aws:…), an Azure resource id ` +
          `(/subscriptions/…) or a GCP resource name (projects/…); use "match" for patterns`,
      );
      return problems;
    }
    kinds = catalogue.filter((k) => k.provider === scope.provider && k.service === scope.service);
    if (kinds.length === 0) {
      const services = unique(catalogue.filter((k) => k.provider === scope.provider).map((k) => k.service));
      say(
        ["id"],
        `id: no scanner reports ${scope.provider} service "${scope.service}"` +
          `${didYouMean(scope.service, services)} (known: ${services.join(", ")})`,
      );
      return problems;
    }
    const account = accountProblem(scope.provider, scope.account);
    if (account) say(["id"], `id: ${account}`);
    const region =
      scope.region && scope.region !== "global" ? regionProblem(scope.provider, scope.region) : undefined;
    if (region) say(["id"], `id: ${region}`);
    kinds = narrowByResource(kinds, scope.resource);
  } else {
    return problems;
  }

  if (entry.expect?.region !== undefined) {
    const bad = regionProblem(single(kinds.map((k) => k.provider)), entry.expect.region);
    if (bad) say(["expect", "region"], `expect.region: ${bad}`);
  }
  // match.attributes and expect.attributes name the same attributes of the same kinds: one check.
  const attributes = [
    ...Object.entries(entry.match?.attributes ?? {}).map(([n, v]) => ["match", n, v] as const),
    ...Object.entries(entry.expect?.attributes ?? {}).map(([n, v]) => ["expect", n, v] as const),
  ];
  for (const [where, name, value] of attributes) {
    const having = kinds.filter((k) => Object.hasOwn(k.attributes, name));
    const at = [where, "attributes", name];
    if (having.length === 0) {
      const names = unique(kinds.flatMap((k) => Object.keys(k.attributes)));
      const of = unique(kinds.map((k) => `${k.provider}/${k.service}/${k.kind}`));
      say(
        at,
        `${where}.attributes: ${of.length === 1 ? of[0] : "the kinds this entry can match"} never ` +
          `${of.length === 1 ? "has" : "have"} an attribute "${name}"${didYouMean(name, names)}`,
        "key",
      );
      continue;
    }
    const types = unique(having.map((k) => k.attributes[name]!.type));
    // A match glob also selects among the strings of a list attribute.
    const shapes = where === "match" && typeof value === "string" ? ["string", "array"] : [shape(value)];
    if (value !== null && !types.some((t) => t.split("|").some((x) => shapes.includes(x))))
      say(
        at,
        `${where}.attributes.${name}: the scanners write ${types.join(" or ")} here, got ${describe(value)}`,
      );
  }
  return problems;
}

/** An id's resource path names its collection (endpoint/x, accounts/a/deployments/d): that kind. */
function narrowByResource(kinds: readonly CatalogueKind[], resource: string): readonly CatalogueKind[] {
  const words = resource.split(/[/:]/).filter(Boolean).reverse();
  for (const w of words) {
    const lower = w.toLowerCase();
    const hit = kinds.filter((k) => k.kind === lower || `${k.kind}s` === lower);
    if (hit.length > 0) return hit;
  }
  return kinds;
}

function accountProblem(provider: string | undefined, account: string): string | undefined {
  if (provider === "aws" && !/^\d{12}$/.test(account))
    return `"${account}" is not an AWS account id (12 digits, quoted)`;
  if (
    provider === "azure" &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(account)
  )
    return `"${account}" is not an Azure subscription id (a GUID)`;
  if (provider === "gcp" && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(account))
    return `"${account}" is not a GCP project id (6-30 lower-case letters, digits and hyphens)`;
  return undefined;
}

// Enough of each cloud's regions to suggest the one meant; the shape check accepts regions added later.
const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "ca-west-1",
  "sa-east-1",
  "mx-central-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "me-central-1",
  "me-south-1",
  "il-central-1",
  "af-south-1",
  "us-gov-east-1",
  "us-gov-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "global",
];
const AZURE_REGIONS = [
  "eastus",
  "eastus2",
  "westus",
  "westus2",
  "westus3",
  "centralus",
  "northcentralus",
  "southcentralus",
  "westcentralus",
  "canadacentral",
  "canadaeast",
  "brazilsouth",
  "northeurope",
  "westeurope",
  "uksouth",
  "ukwest",
  "francecentral",
  "germanywestcentral",
  "switzerlandnorth",
  "swedencentral",
  "norwayeast",
  "italynorth",
  "polandcentral",
  "spaincentral",
  "japaneast",
  "japanwest",
  "koreacentral",
  "australiaeast",
  "australiasoutheast",
  "southeastasia",
  "eastasia",
  "centralindia",
  "southindia",
  "uaenorth",
  "southafricanorth",
  "qatarcentral",
  "global",
];
const GCP_REGIONS = [
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "southamerica-east1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "europe-north1",
  "europe-central2",
  "europe-southwest1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast3",
  "asia-south1",
  "asia-southeast1",
  "australia-southeast1",
  "me-west1",
  "me-central1",
  "global",
  "us",
  "eu",
];
const AWS_SHAPE =
  /^(global|(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d)$/;
const GCP_SHAPE =
  /^(global|us|eu|asia|(us|europe|asia|australia|northamerica|southamerica|me|africa)-(central|north|south|east|west|northeast|northwest|southeast|southwest)\d+)$/;

/** A region that cannot be one: a wrong shape (AWS, GCP), or an unknown name close to a known one. */
function regionProblem(provider: string | undefined, region: string): string | undefined {
  const r = region.toLowerCase();
  const checks: Record<string, () => boolean> = {
    aws: () => AWS_SHAPE.test(r),
    gcp: () => GCP_SHAPE.test(r),
    azure: () => AZURE_REGIONS.includes(r) || (/^[a-z][a-z0-9]*$/.test(r) && !didYouMean(r, AZURE_REGIONS)),
  };
  const known: Record<string, string[]> = { aws: AWS_REGIONS, azure: AZURE_REGIONS, gcp: GCP_REGIONS };
  const providers = provider && checks[provider] ? [provider] : Object.keys(checks);
  if (providers.some((p) => checks[p]!())) return undefined;
  const mean = didYouMean(
    r,
    providers.flatMap((p) => known[p]!),
  );
  const names: Record<string, string> = { aws: "an AWS", azure: "an Azure", gcp: "a GCP" };
  const what = providers.length === 1 ? `${names[providers[0]!]} region` : "a region";
  return `"${region}" is not ${what}${mean || " (e.g. us-east-1, westeurope, us-central1)"}`;
}

function where(provider: string | undefined): string {
  return provider ? ` in ${provider}` : "";
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)].sort();
}

function single<T>(xs: T[]): T | undefined {
  const u = [...new Set(xs)];
  return u.length === 1 ? u[0] : undefined;
}

function shape(v: unknown): string {
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "string" || t === "number" || t === "boolean" ? t : "object";
}

function describe(v: unknown): string {
  return typeof v === "string"
    ? `the string ${JSON.stringify(v)}`
    : `${shape(v) === "array" ? "a list" : shape(v) === "object" ? "a map" : `the ${shape(v)} ${String(v)}`}`;
}
