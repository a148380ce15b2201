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

  it("trusts only the stage's plan and scan roles, and only with the external id", () => {
    const trust = role(template).AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    // CloudFormation fills in the partition, so the same template deploys in GovCloud and China.
    expect(trust[0].Principal.AWS).toEqual([
      { "Fn::Sub": `arn:${CFN_PARTITION}:iam::999988887777:role/aimscan-prod-plan` },
      { "Fn::Sub": `arn:${CFN_PARTITION}:iam::999988887777:role/aimscan-prod-scan` },
    ]);
    const resolve = (p: { "Fn::Sub": string }, partition: string) =>
      p["Fn::Sub"].replace(CFN_PARTITION, partition);
    expect(resolve(trust[0].Principal.AWS[0], "aws-us-gov")).toBe(
      "arn:aws-us-gov:iam::999988887777:role/aimscan-prod-plan",
    );
    expect(JSON.stringify(template)).not.toContain("arn:aws:");
    expect(trust[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } });
    expect(template.Parameters).toMatchObject({ ExternalId: { Type: "String", NoEcho: true } });
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
