// `aimscan iam-policy [--provider aws|azure|gcp]`: prints the least-privilege policy built from the scanner
// declarations.
import { type Command, Option } from "commander";
import { PARTITION_NAMES } from "../../scanners/aws/partition.ts";
import { awsIamPolicy, azureRoleDefinition, gcpCustomRole } from "../../scanners/iam-policy.ts";
import { action } from "../action.ts";

export function register(program: Command): void {
  program
    .command("iam-policy")
    .description("print the least-privilege policy the scanners need (JSON)")
    .addOption(
      new Option("--provider <cloud>", "which cloud").choices(["aws", "azure", "gcp"]).default("aws"),
    )
    .option("--role-name <name>", "member-account role that the caller may assume", "AimscanReadOnly")
    .addOption(
      new Option("--partition <name>", "AWS partition of the role ARN (GovCloud: aws-us-gov, China: aws-cn)")
        .choices(PARTITION_NAMES)
        .default("aws"),
    )
    .action(
      action((opts: { provider: "aws" | "azure" | "gcp"; roleName: string; partition: string }) => {
        const policy =
          opts.provider === "azure"
            ? azureRoleDefinition()
            : opts.provider === "gcp"
              ? gcpCustomRole()
              : awsIamPolicy({ roleName: opts.roleName, partition: opts.partition });
        process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
        return 0;
      }),
    );
}
