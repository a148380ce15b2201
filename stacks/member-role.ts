// The CloudFormation template for the read-only role aimscan assumes in member accounts, for a
// StackSet over the organisation. Its permissions are the scanner declarations' own actions (the
// same list as `aimscan iam-policy`); its trust is limited to the stage's plan and scan roles and
// an external id, so no other principal in the management account can use it.

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
  const principals = opts.scannerRoleNames.map((n) => ({
    "Fn::Sub": `arn:\${AWS::Partition}:iam::${opts.managementAccountId}:role/${n}`,
  }));
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "aimscan read-only discovery role (deploy to member accounts with a StackSet)",
    Parameters: {
      ExternalId: {
        Type: "String",
        NoEcho: true,
        MinLength: 8,
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
                Principal: { AWS: principals },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
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
