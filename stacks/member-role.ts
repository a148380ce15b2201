// The CloudFormation template for the read-only role aimscan assumes in member accounts, for a
// StackSet over the organisation. Its permissions are the scanner declarations' own actions (the
// same list as `aimscan iam-policy`).
//
// Its trust names the management account's root and narrows it with an `aws:PrincipalArn`
// condition on the stage's plan and scan role ARNs, plus a required external id. Naming the role
// ARNs as principals instead would break in three ways IAM documents: a principal that does not
// exist yet is refused when the StackSet deploys before the stage; IAM binds a role principal to
// its internal id, so `sst remove` + redeploy silently breaks every member role; and the stage
// could then never be recreated without redeploying the StackSet. A condition on the ARN string
// has none of these problems and admits exactly the same two roles.

import { EXTERNAL_ID_MIN_LENGTH } from "./config-files.ts";

export interface MemberRoleOptions {
  /** Read-only actions from scanners/iam-policy.ts. */
  actions: string[];
  roleName?: string;
  /** The management account the scanner runs in. */
  managementAccountId: string;
  /** The role names of the functions that assume the member role (stacks/lambdas.ts roleName()). */
  scannerRoleNames: string[];
}

/** Actions that make no sense in a member account: assuming further roles, listing the org. */
const MANAGEMENT_ONLY = /^(sts:AssumeRole|organizations:)/;

export function memberRoleTemplate(opts: MemberRoleOptions): Record<string, unknown> {
  if (!/^\d{12}$/.test(opts.managementAccountId)) {
    throw new Error(`management account id must be 12 digits, got "${opts.managementAccountId}"`);
  }
  const wildcard = opts.actions.find((a) => a.includes("*"));
  if (wildcard) throw new Error(`wildcard action "${wildcard}" in the scanner declarations`);
  const actions = [...new Set(opts.actions.filter((a) => !MANAGEMENT_ONLY.test(a)))].sort();
  // The partition is CloudFormation's own (AWS::Partition), so one template serves aws, aws-us-gov and aws-cn.
  const root = { "Fn::Sub": `arn:\${AWS::Partition}:iam::${opts.managementAccountId}:root` };
  const roleArns = opts.scannerRoleNames.map((n) => ({
    "Fn::Sub": `arn:\${AWS::Partition}:iam::${opts.managementAccountId}:role/${n}`,
  }));
  if (roleArns.length === 0) throw new Error("no scanner role names: the member role would trust nobody");
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "aimscan read-only discovery role (deploy to member accounts with a StackSet)",
    Parameters: {
      ExternalId: {
        Type: "String",
        NoEcho: true,
        MinLength: EXTERNAL_ID_MIN_LENGTH,
        Description: "Shared with aimscan's config as aws.externalId",
      },
    },
    Resources: {
      AimscanReadOnlyRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: opts.roleName ?? "AimscanReadOnly",
          Description: "Lets aimscan list AI assets; no write, no data-plane access",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: root },
                Action: "sts:AssumeRole",
                Condition: {
                  StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } },
                  ArnEquals: { "aws:PrincipalArn": roleArns },
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: "aimscan-read-only",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Sid: "AimscanDiscovery", Effect: "Allow", Action: actions, Resource: "*" }],
              },
            },
          ],
        },
      },
    },
    Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["AimscanReadOnlyRole", "Arn"] } } },
  };
}
