// `aimscan iam-policy [--provider aws|azure|gcp]`: prints the least-privilege policy built from the scanner
// declarations.
import { type Command, Option } from "commander";
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
    .action(
      action((opts: { provider: "aws" | "azure" | "gcp"; roleName: string }) => {
        const policy =
          opts.provider === "azure"
            ? azureRoleDefinition()
            : opts.provider === "gcp"
              ? gcpCustomRole()
              : awsIamPolicy({ roleName: opts.roleName });
        process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
        return 0;
      }),
    );
}
