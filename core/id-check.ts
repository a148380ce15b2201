// What a declared id must look like, per provider: an id that cannot name a cloud resource
// (`fraud-scorer`, a truncated ARN) would be "unverified" forever, so it is refused at load time.
const ARN = /^arn:(aws(?:-cn|-us-gov|-iso(?:-[a-z])?|-eusc)?):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AZURE =
  /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/providers\/[a-z0-9]+\.[a-z0-9.]+(\/[^/]+\/[^/]+)+\/?$/i;
const GCP =
  /^(\/\/[a-z0-9.-]+\.googleapis\.com\/)?projects\/[a-z0-9-]+\/locations\/[a-z0-9-]+(\/[^/]+\/[^/]+)+\/?$/;

/** Why `id` is not a complete cloud resource id, or undefined when it is one. */
export function idProblem(id: string): string | undefined {
  if (id.startsWith("arn:")) {
    const m = ARN.exec(id);
    if (!m) {
      return "not a complete ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT(12 digits):RESOURCE";
    }
    if (m[3] && !AWS_REGION.test(m[3])) return `"${m[3]}" is not an AWS region`;
    return undefined;
  }
  if (/^\/subscriptions\//i.test(id)) {
    return AZURE.test(id)
      ? undefined
      : "not a complete Azure resource id: /subscriptions/SUB/resourceGroups/RG/providers/NAMESPACE/TYPE/NAME";
  }
  if (id.startsWith("projects/") || id.startsWith("//")) {
    return GCP.test(id)
      ? undefined
      : "not a complete GCP resource name: projects/PROJECT/locations/LOCATION/COLLECTION/ID";
  }
  // The same words as the catalogue check of `validate` (core/inventory-check.ts), so `run` and
  // `validate` say the same thing about the same id.
  return `cannot tell which cloud "${id}" is in: give an ARN (arn:aws:…), an Azure resource id (/subscriptions/…) or a GCP resource name (projects/…); use "match" for patterns`;
}
