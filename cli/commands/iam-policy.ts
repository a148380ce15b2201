// `aimscan iam-policy [--provider aws]`: prints the least-privilege policy built from the scanner
// declarations.
import { type Command, Option } from "commander";
import { awsIamPolicy } from "../../scanners/iam-policy.ts";
import { action } from "../action.ts";

export function register(program: Command): void {
  program
    .command("iam-policy")
    .description("print the least-privilege policy the scanners need (JSON)")
    .addOption(new Option("--provider <cloud>", "which cloud").choices(["aws"]).default("aws"))
    .option("--role-name <name>", "member-account role that the caller may assume", "AimscanReadOnly")
    .action(
      action((opts: { provider: "aws"; roleName: string }) => {
        process.stdout.write(`${JSON.stringify(awsIamPolicy({ roleName: opts.roleName }), null, 2)}\n`);
        return 0;
      }),
    );
}
