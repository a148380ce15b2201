import { expect, it } from "vitest";
import { gcpDeclarations } from "../../../scanners/gcp/index.ts";
import { gcpCustomRole } from "../../../scanners/iam-policy.ts";

it("builds the GCP role from the declarations: list and project lookup only, never getKeyString", () => {
  const role = gcpCustomRole();
  expect(role.includedPermissions).toEqual([
    "aiplatform.endpoints.list",
    "aiplatform.featureOnlineStores.list",
    "aiplatform.indexEndpoints.list",
    "aiplatform.models.list",
    "aiplatform.reasoningEngines.list",
    "aiplatform.tuningJobs.list",
    "apikeys.keys.list",
    "discoveryengine.engines.list",
    "monitoring.timeSeries.list",
    "notebooks.instances.list",
    "resourcemanager.projects.get",
    "secretmanager.secrets.list",
  ]);
  expect(
    gcpDeclarations.flatMap((d) => d.permissions).every((p) => role.includedPermissions.includes(p)),
  ).toBe(true);
  expect(role.includedPermissions.join(" ")).not.toMatch(/getKeyString/i);
});
