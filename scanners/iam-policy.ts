// The least-privilege IAM policy the AWS scanners need, generated from their declarations (plus what
// planning calls), so the policy and the code cannot drift apart.
import { PLAN_ACTIONS } from "./aws/plan.ts";
import { AWS_SCANNERS } from "./aws/registry.ts";
import { AZURE_PLAN_ACTIONS, azureDeclarations } from "./azure/index.ts";
import { GCP_PLAN_PERMISSIONS, gcpDeclarations } from "./gcp/index.ts";

/** Every IAM action a scan can make, sorted and unique. sts:GetCallerIdentity needs no permission. */
export function awsIamActions(): string[] {
  return [...new Set([...AWS_SCANNERS.flatMap((s) => s.actions), ...PLAN_ACTIONS])].sort();
}

/**
 * The identity policy for the scanning principal. sts:AssumeRole is what the caller needs to reach
 * member accounts; the member-account role needs the rest (the same document works for both).
 */
export function awsIamPolicy(opts: { roleName?: string; partition?: string } = {}): {
  Version: "2012-10-17";
  Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: string }[];
} {
  const actions = awsIamActions();
  const read = actions.filter((a) => a !== "sts:AssumeRole");
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AimscanDiscoveryRead", Effect: "Allow", Action: read, Resource: "*" },
      {
        Sid: "AimscanAssumeMemberRole",
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: `arn:${opts.partition ?? "aws"}:iam::*:role/${opts.roleName ?? "AimscanReadOnly"}`,
      },
    ],
  };
}

/** An Azure custom role definition (`az role definition create --role-definition`) for the Azure scanners. */
export function azureRoleDefinition(opts: { subscriptions?: string[] } = {}) {
  const actions = [
    ...new Set([...azureDeclarations.flatMap((d) => d.actions), ...AZURE_PLAN_ACTIONS]),
  ].sort();
  return {
    Name: "aimscan AI discovery reader",
    IsCustom: true,
    Description: "Reads AI accounts and model deployments for aimscan; cannot list keys.",
    Actions: actions,
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: (opts.subscriptions ?? ["{subscriptionId}"]).map((s) => `/subscriptions/${s}`),
  };
}

/** A GCP custom role (`gcloud iam roles create --file`) with the permissions the GCP scanners need. */
export function gcpCustomRole() {
  const permissions = [
    ...new Set([...gcpDeclarations.flatMap((d) => d.permissions), ...GCP_PLAN_PERMISSIONS]),
  ];
  return {
    title: "aimscan AI discovery reader",
    description:
      "Lists Vertex AI models and endpoints and API key metadata for aimscan; cannot read key strings.",
    stage: "GA",
    includedPermissions: permissions.sort(),
  };
}
