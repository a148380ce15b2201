import { expect, it } from "vitest";
import { azureDeclarations } from "../../../scanners/azure/index.ts";
import { azureRoleDefinition } from "../../../scanners/iam-policy.ts";

it("builds the Azure role from the declarations: read actions only, never listKeys", () => {
  const role = azureRoleDefinition({ subscriptions: ["sub-1"] });
  for (const d of azureDeclarations) for (const a of d.actions) expect(role.Actions).toContain(a);
  expect(role.Actions).toContain("Microsoft.Resources/subscriptions/read");
  expect(role.Actions.every((a) => a.endsWith("/read"))).toBe(true);
  expect(role.Actions.join(" ")).not.toMatch(/listKeys/i);
  expect(role.AssignableScopes).toEqual(["/subscriptions/sub-1"]);
});
