// Prints the member-account role template (CloudFormation JSON) for a StackSet:
//   npx tsx scripts/member-role.ts --account 111122223333 [--stage prod] [--role-name AimscanReadOnly]
import { parseArgs } from "node:util";
import { awsIamActions } from "../scanners/iam-policy.ts";
import { roleNameFor } from "../stacks/lambdas.ts";
import { memberRoleTemplate } from "../stacks/member-role.ts";

const { values } = parseArgs({
  options: {
    account: { type: "string" },
    stage: { type: "string", default: "prod" },
    app: { type: "string", default: "aimscan" },
    "role-name": { type: "string", default: "AimscanReadOnly" },
  },
});
if (!values.account) {
  process.stderr.write("usage: scripts/member-role.ts --account MANAGEMENT_ACCOUNT_ID [--stage prod]\n");
  process.exit(2);
}
const template = memberRoleTemplate({
  actions: awsIamActions(),
  roleName: values["role-name"],
  managementAccountId: values.account,
  scannerRoleNames: (["plan", "scan"] as const).map((fn) => roleNameFor(values.app, values.stage, fn)),
});
process.stdout.write(`${JSON.stringify(template, null, 2)}\n`);
