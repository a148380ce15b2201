// Opt-in regions, as AWS has them: off until an account enables them. A call signed for an opt-in
// region that the calling account has not enabled is refused as an invalid token (what STS and every
// regional service answer there), and account:ListRegions reports each region's opt status.

/** Regions launched since March 2019, disabled by default (AWS "Specify which AWS Regions your account can use"). */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
]);

export type RegionOptStatus = "ENABLED" | "ENABLED_BY_DEFAULT" | "DISABLED";

/** Every region ListRegions reports for an account whose enabled regions are `enabled`. */
export function regionStatuses(
  enabled: readonly string[],
): { RegionName: string; RegionOptStatus: RegionOptStatus }[] {
  const on = new Set(enabled);
  const names = [...new Set([...enabled, ...OPT_IN_REGIONS])].sort();
  return names.map((RegionName) => ({
    RegionName,
    RegionOptStatus: !OPT_IN_REGIONS.has(RegionName)
      ? "ENABLED_BY_DEFAULT"
      : on.has(RegionName)
        ? "ENABLED"
        : "DISABLED",
  }));
}

/** True when `region` is an opt-in region the account has not enabled. */
export function optInDisabled(enabled: readonly string[] | undefined, region: string): boolean {
  return OPT_IN_REGIONS.has(region) && !(enabled ?? []).includes(region);
}
