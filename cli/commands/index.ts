// The explicit registry of CLI commands (no filesystem walking: bundles have no tree).
import type { Command } from "commander";
import * as demo from "./demo.ts";
import * as evidence from "./evidence.ts";
import * as exportCommand from "./export.ts";
import * as history from "./history.ts";
import * as iamPolicy from "./iam-policy.ts";
import * as init from "./init.ts";
import * as kinds from "./kinds.ts";
import * as policies from "./policies.ts";
import * as reconcile from "./reconcile.ts";
import * as report from "./report.ts";
import * as run from "./run.ts";
import * as scan from "./scan.ts";
import * as schema from "./schema.ts";
import * as validate from "./validate.ts";

export const commands: { register(program: Command): void }[] = [
  demo,
  scan,
  run,
  init,
  validate,
  reconcile,
  policies,
  history,
  report,
  evidence,
  exportCommand,
  iamPolicy,
  kinds,
  schema,
];
