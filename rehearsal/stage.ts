// The rehearsal's "deployment": the stack run against the recorder (so the state machine, the
// functions' settings, environment and policies are exactly what stacks/ generates), each handler
// built as SST builds it, and the recorder's placeholders resolved to this rehearsal's resources.
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { awsIamActions } from "../scanners/iam-policy.ts";
import { HANDLERS, type HandlerName } from "../stacks/bundle.ts";
import { infra } from "../stacks/index.ts";
import type { Permission } from "../stacks/platform.ts";
import { deploySettings } from "../stacks/settings.ts";
import { type Asl, recorder, toAsl } from "./recorder.ts";
import { type SstBundle, sstBuild } from "./sst-build.ts";

export const REGION = "us-east-1";
export const CALLER = "111111111111";

export interface StageNames {
  work: string;
  evidence: string;
  table: string;
  topicArn: string;
  bus: string;
}

export const NAMES: StageNames = {
  work: "aimscan-rehearsal-work",
  evidence: "aimscan-rehearsal-evidence",
  table: "aimscan-rehearsal-history",
  topicArn: `arn:aws:sns:${REGION}:${CALLER}:aimscan-rehearsal-alerts`,
  bus: "aimscan-rehearsal-events",
};

export interface DeployedFunction {
  name: HandlerName;
  /** "Plan", as the stack names the function (and its FunctionName placeholder). */
  title: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  permissions: Permission[];
  bundle: SstBundle;
}

export interface Stage {
  definition: Asl;
  functions: Record<HandlerName, DeployedFunction>;
  /** sst.aws.Function title → handler name, for the definition's FunctionName. */
  byArn(functionName: string): HandlerName;
  evidenceRetention: { mode: "COMPLIANCE" | "GOVERNANCE"; days: number } | undefined;
  maxConcurrency: number;
}

/** Replaces the recorder's placeholders ("sst.aws.Bucket:Work.name", "arn:test:…") with real names. */
export function resolver(n: StageNames): (v: string) => string {
  const pairs: [string, string][] = [
    ["arn:test:sst.aws.Bucket:Work", `arn:aws:s3:::${n.work}`],
    ["arn:test:sst.aws.Bucket:Evidence", `arn:aws:s3:::${n.evidence}`],
    ["arn:test:sst.aws.Dynamo:History", `arn:aws:dynamodb:${REGION}:${CALLER}:table/${n.table}`],
    ["arn:test:sst.aws.SnsTopic:Alerts", n.topicArn],
    ["arn:test:sst.aws.Bus:Events", `arn:aws:events:${REGION}:${CALLER}:event-bus/${n.bus}`],
    ["sst.aws.Bucket:Work.name", n.work],
    ["sst.aws.Bucket:Evidence.name", n.evidence],
    ["sst.aws.Dynamo:History.name", n.table],
    ["sst.aws.Bus:Events.name", n.bus],
  ];
  return (v) => pairs.reduce((s, [from, to]) => s.split(from).join(to), v);
}

/** The state machine definition the stack generates for these AIMSCAN_* settings. */
export function definitionFor(env: Record<string, string> = {}): Asl {
  const rec = recorder("rehearsal");
  infra(rec.platform, {
    settings: deploySettings(env),
    scanner: { actions: awsIamActions(), memberRoleName: "AimscanReadOnly" },
    configFiles: [],
  });
  return JSON.parse(
    resolver(NAMES)(JSON.stringify(toAsl(rec.get("sst.aws.StepFunctions", "Night").args.definition))),
  ) as Asl;
}

const seconds = (d: string) => Number(d.split(" ")[0]) * (d.includes("minute") ? 60 : 1);

export async function stage(
  root: string,
  work: string,
  env: Record<string, string> = {},
  memberRoleName = "AimscanReadOnly",
  webIdentityAudiences: string[] = [],
): Promise<Stage> {
  const rec = recorder("rehearsal");
  const settings = deploySettings(env);
  const out = infra(rec.platform, {
    settings,
    scanner: { actions: awsIamActions(), memberRoleName, webIdentityAudiences },
    configFiles: [],
  });
  const resolve = resolver(NAMES);
  const definition = JSON.parse(
    resolve(JSON.stringify(toAsl(rec.get("sst.aws.StepFunctions", "Night").args.definition))),
  ) as Asl;
  const functions = {} as Record<HandlerName, DeployedFunction>;
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const title = name[0]!.toUpperCase() + name.slice(1);
    const args = rec.get("sst.aws.Function", title).args;
    const bundle = await sstBuild(
      root,
      { handler: args.handler, runtime: args.runtime, nodejs: args.nodejs },
      join(work, "build", name),
      join(work, "task", name),
    );
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(args.environment as Record<string, string>))
      environment[k] = resolve(v);
    functions[name] = {
      name,
      title,
      memoryMb: Number.parseInt(args.memory, 10),
      timeoutSeconds: seconds(args.timeout),
      environment,
      permissions: out.lambdas[name].permissions.map((p) => ({
        actions: p.actions,
        resources: p.resources.map((r) => resolve(String(r))),
      })),
      bundle,
    };
  }
  const lock = rec.ofType("aws.s3.BucketObjectLockConfiguration")[0]?.args.rule.defaultRetention;
  return {
    definition,
    functions,
    byArn(functionName) {
      const title = functionName.split(":").pop()!;
      const hit = Object.values(functions).find((f) => f.title === title);
      if (!hit) throw new Error(`the definition invokes ${functionName}, which the stack does not deploy`);
      return hit.name;
    },
    evidenceRetention: lock
      ? { mode: lock.mode, days: (lock.years ?? 0) * 365 + (lock.days ?? 0) }
      : undefined,
    maxConcurrency: settings.maxConcurrency,
  };
}

/** The outputs of one bundle that contain code from these package folders (e.g. Azure SDKs). */
export function chunksWith(meta: Metafile, pattern: RegExp): Set<string> {
  const out = new Set<string>();
  for (const [file, o] of Object.entries(meta.outputs))
    if (Object.keys(o.inputs).some((i) => pattern.test(i))) out.add(file);
  return out;
}
