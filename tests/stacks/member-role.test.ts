import { describe, expect, it } from "vitest";
import { roleNameFor } from "../../stacks/lambdas.ts";
import { memberRoleTemplate } from "../../stacks/member-role.ts";

/** CloudFormation's own substitution syntax, not a JavaScript template. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the literal CloudFormation placeholder
const CFN_PARTITION = "${AWS::Partition}";

const ACTIONS = [
  "sagemaker:ListEndpoints",
  "bedrock:ListCustomModels",
  "sts:AssumeRole",
  "organizations:ListAccounts",
];

function role(template: Record<string, any>) {
  return template.Resources.AimscanReadOnlyRole.Properties;
}

describe("member-account role template", () => {
  const template = memberRoleTemplate({
    actions: ACTIONS,
    managementAccountId: "999988887777",
    scannerRoleNames: [roleNameFor("aimscan", "prod", "plan"), roleNameFor("aimscan", "prod", "scan")],
  });

  it("grants the scanner declarations' read actions without the management-only ones", () => {
    const statement = role(template).Policies[0].PolicyDocument.Statement;
    expect(statement).toEqual([
      {
        Sid: "AimscanDiscovery",
        Effect: "Allow",
        Action: ["bedrock:ListCustomModels", "sagemaker:ListEndpoints"],
        Resource: "*",
      },
    ]);
  });

  const trust = () => role(template).AssumeRolePolicyDocument.Statement;
  const resolve = (p: { "Fn::Sub": string }, partition: string) =>
    p["Fn::Sub"].replace(CFN_PARTITION, partition);

  /**
   * IAM's evaluation of this trust statement for an AssumeRole call, as the IAM docs state it: an
   * account-root principal matches any principal of that account; every condition operator must
   * hold; aws:PrincipalArn of a role session is the role's ARN. Only the operators the template
   * uses are implemented; another one fails the test.
   */
  function admits(caller: string, externalId: string | undefined, partition = "aws"): boolean {
    const [statement] = trust();
    const root = resolve(statement.Principal.AWS, partition);
    if (caller.split(":")[4] !== root.split(":")[4] || !root.endsWith(":root")) return false;
    for (const [op, conditions] of Object.entries(statement.Condition as Record<string, object>)) {
      for (const [key, wanted] of Object.entries(conditions)) {
        const values = (Array.isArray(wanted) ? wanted : [wanted]).map((v) =>
          v && typeof v === "object" && "Ref" in v ? "the-external-id" : resolve(v, partition),
        );
        const actual =
          key === "sts:ExternalId" ? externalId : key === "aws:PrincipalArn" ? caller : undefined;
        if (op !== "StringEquals" && op !== "ArnEquals") throw new Error(`operator ${op} not modelled`);
        if (actual === undefined || !values.includes(actual)) return false;
      }
    }
    return true;
  }

  it("trusts the management account's root, narrowed to the stage's plan and scan roles", () => {
    expect(trust()).toHaveLength(1);
    // A root principal exists before the stage does and survives `sst remove` + redeploy, where
    // a role principal would be refused or silently bound to the deleted role's internal id.
    expect(trust()[0].Principal.AWS).toEqual({ "Fn::Sub": `arn:${CFN_PARTITION}:iam::999988887777:root` });
    expect(trust()[0].Condition.ArnEquals["aws:PrincipalArn"]).toEqual([
      { "Fn::Sub": `arn:${CFN_PARTITION}:iam::999988887777:role/aimscan-prod-plan` },
      { "Fn::Sub": `arn:${CFN_PARTITION}:iam::999988887777:role/aimscan-prod-scan` },
    ]);
    expect(admits("arn:aws:iam::999988887777:role/aimscan-prod-scan", "the-external-id")).toBe(true);
    expect(admits("arn:aws:iam::999988887777:role/aimscan-prod-plan", "the-external-id")).toBe(true);
    // Another role of the management account, the dev stage's roles, another account: refused.
    expect(admits("arn:aws:iam::999988887777:role/admin", "the-external-id")).toBe(false);
    expect(admits("arn:aws:iam::999988887777:role/aimscan-dev-scan", "the-external-id")).toBe(false);
    expect(admits("arn:aws:iam::111122223333:role/aimscan-prod-scan", "the-external-id")).toBe(false);
  });

  it("requires the external id: no default, no shorter than 8, never echoed", () => {
    expect(admits("arn:aws:iam::999988887777:role/aimscan-prod-scan", undefined)).toBe(false);
    expect(admits("arn:aws:iam::999988887777:role/aimscan-prod-scan", "guess")).toBe(false);
    expect((template as Record<string, any>).Parameters.ExternalId).toEqual({
      Type: "String",
      NoEcho: true,
      MinLength: 8,
      Description: expect.any(String),
    });
  });

  it("names no partition, so one template serves aws, aws-us-gov and aws-cn", () => {
    expect(JSON.stringify(template)).not.toContain("arn:aws:");
    expect(
      admits("arn:aws-us-gov:iam::999988887777:role/aimscan-prod-plan", "the-external-id", "aws-us-gov"),
    ).toBe(true);
    expect(role(template).RoleName).toBe("AimscanReadOnly");
  });

  it("refuses a wildcard action or a malformed management account", () => {
    expect(() =>
      memberRoleTemplate({
        actions: ["sagemaker:*"],
        managementAccountId: "999988887777",
        scannerRoleNames: [],
      }),
    ).toThrow(/wildcard action "sagemaker:\*"/);
    expect(() =>
      memberRoleTemplate({ actions: [], managementAccountId: "9999", scannerRoleNames: [] }),
    ).toThrow(/12 digits/);
    expect(() =>
      memberRoleTemplate({ actions: [], managementAccountId: "999988887777", scannerRoleNames: [] }),
    ).toThrow(/trust nobody/);
  });
});

describe("member-account role from the scanner declarations", () => {
  it("lets the member role make every call the scanners make in a member account", async () => {
    const { awsIamActions } = await import("../../scanners/iam-policy.ts");
    const template = memberRoleTemplate({
      actions: awsIamActions(),
      managementAccountId: "999988887777",
      scannerRoleNames: ["aimscan-prod-scan"],
    });
    const granted = role(template).Policies[0].PolicyDocument.Statement[0].Action as string[];
    const expected = awsIamActions().filter((a) => a !== "sts:AssumeRole" && !a.startsWith("organizations:"));
    expect(granted).toEqual(expected);
    expect(granted).toContain("account:ListRegions");
  });
});
