// The four Lambda functions and their roles. Each role is written out here, statement by
// statement, so that least privilege can be read (and tested) in one place: plan and scan only
// read the clouds they scan; their only writes go to this stage's own working bucket and table.
import { HANDLERS, type HandlerName, NODEJS } from "./bundle.ts";
import type { Permission, Platform, Value } from "./platform.ts";
import { CONFIG_PREFIX, RUNS_PREFIX, type Storage } from "./storage.ts";

export interface ScannerAccess {
  /** Read-only actions the scanners call, from scanners/iam-policy.ts (`aimscan iam-policy`). */
  actions: string[];
  /** The member-account role the scanners assume (config `aws.roleName`). */
  memberRoleName: string;
  /**
   * Audiences plan and scan may request web identity tokens for (config `azure.federation`):
   * the JWT they present to Microsoft Entra instead of a stored secret.
   */
  webIdentityAudiences?: string[];
}

export interface Lambda {
  name: HandlerName;
  fn: InstanceType<Platform["sst"]["aws"]["Function"]>;
  role: InstanceType<Platform["aws"]["iam"]["Role"]>;
  permissions: Permission[];
}
export type Lambdas = Record<HandlerName, Lambda>;

const TABLE_WRITE = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
// What core/store sends (Get, Put, Update, Query, BatchWrite, BatchGet: the state chunks a night
// decodes, a report's chunks, an outbox digest's parts); no transactions, no deletes.
const TABLE_ALL = [...TABLE_WRITE, "dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"];

const SIZES: Record<
  HandlerName,
  { timeout: `${number} minutes` | `${number} seconds`; memory: `${number} MB` }
> = {
  plan: { timeout: "5 minutes", memory: "1024 MB" },
  // A batch is at most one wave of shards under the per-shard timeout (functions/batches.ts).
  scan: { timeout: "15 minutes", memory: "1024 MB" },
  finish: { timeout: "15 minutes", memory: "3008 MB" },
  fail: { timeout: "30 seconds", memory: "256 MB" },
};

/** SST-style conditions as an IAM policy's Condition block ({operator: {key: values}}). */
function iamCondition(conditions: NonNullable<Permission["conditions"]>) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) out[c.test] = { ...out[c.test], [c.variable]: c.values };
  return out;
}

/** Names the roles so member accounts can trust them before the first deploy of a stage. */
export function roleNameFor(app: string, stage: string, name: HandlerName): string {
  return `${app}-${stage}-${name}`.slice(0, 64);
}

export function permissionsFor(
  p: Platform,
  name: HandlerName,
  s: Storage,
  scanner: ScannerAccess,
): Permission[] {
  const { $interpolate } = p;
  const configObjects = $interpolate`${s.work.arn}/${CONFIG_PREFIX}*`;
  const runObjects = $interpolate`${s.work.arn}/${RUNS_PREFIX}*`;
  const readConfig: Permission[] = [
    { actions: ["s3:ListBucket"], resources: [s.work.arn] },
    { actions: ["s3:GetObject"], resources: [configObjects] },
  ];
  const reads = scanner.actions.filter((a) => a !== "sts:AssumeRole");
  const scan: Permission[] = [
    { actions: reads, resources: ["*"] },
    { actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::*:role/${scanner.memberRoleName}`] },
  ];
  const audiences = scanner.webIdentityAudiences ?? [];
  if (audiences.length > 0) {
    // Tokens only for the configured audiences and no longer-lived than the credential asks
    // (scanners/azure/federation.ts ASSERTION_SECONDS): a leaked token opens nothing else.
    scan.push({
      actions: ["sts:GetWebIdentityToken"],
      resources: ["*"],
      conditions: [
        { test: "ForAllValues:StringEquals", variable: "sts:IdentityTokenAudience", values: audiences },
        { test: "NumericLessThanEquals", variable: "sts:DurationSeconds", values: ["300"] },
      ],
    });
  }
  const tableArns = [s.table.arn, $interpolate`${s.table.arn}/index/*`];
  switch (name) {
    case "plan":
      return [
        ...readConfig,
        ...scan,
        { actions: ["s3:PutObject"], resources: [runObjects] },
        { actions: TABLE_WRITE, resources: [s.table.arn] },
      ];
    case "scan":
      return [...readConfig, ...scan, { actions: ["s3:GetObject", "s3:PutObject"], resources: [runObjects] }];
    case "finish":
      return [
        ...readConfig,
        { actions: ["s3:GetObject"], resources: [runObjects] },
        { actions: TABLE_ALL, resources: tableArns },
        { actions: ["s3:PutObject"], resources: [$interpolate`${s.evidence.arn}/*`] },
        { actions: ["sns:Publish"], resources: [s.topic.arn] },
        { actions: ["events:PutEvents"], resources: [s.bus.arn] },
      ];
    case "fail":
      return [{ actions: TABLE_WRITE, resources: [s.table.arn] }];
  }
}

export function lambdas(p: Platform, s: Storage, scanner: ScannerAccess): Lambdas {
  const environment: Record<string, Value> = {
    AIMSCAN_WORK_BUCKET: s.work.name,
    AIMSCAN_TABLE: s.table.name,
    AIMSCAN_EVIDENCE_BUCKET: s.evidence.name,
    AIMSCAN_ALERT_TOPIC: s.topic.arn,
    AIMSCAN_EVENT_BUS: s.bus.name,
    AIMSCAN_STAGE: p.$app.stage,
    POWERTOOLS_SERVICE_NAME: "aimscan",
    POWERTOOLS_METRICS_NAMESPACE: "aimscan",
  };
  const out = {} as Lambdas;
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const permissions = permissionsFor(p, name, s, scanner);
    const title = name[0]!.toUpperCase() + name.slice(1);
    const role = new p.aws.iam.Role(`${title}Role`, {
      name: roleNameFor(p.$app.name, p.$app.stage, name),
      description: `aimscan ${name} function (${p.$app.stage})`,
      assumeRolePolicy: p.$jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    new p.aws.iam.RolePolicyAttachment(`${title}Logs`, {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    new p.aws.iam.RolePolicy(`${title}Policy`, {
      role: role.name,
      policy: p.$jsonStringify({
        Version: "2012-10-17",
        Statement: permissions.map((perm) => ({
          Effect: "Allow",
          Action: perm.actions,
          Resource: perm.resources,
          ...(perm.conditions ? { Condition: iamCondition(perm.conditions) } : {}),
        })),
      }),
    });
    const fn = new p.sst.aws.Function(title, {
      handler: HANDLERS[name],
      description: `aimscan ${name}`,
      runtime: "nodejs22.x",
      architecture: "arm64",
      ...SIZES[name],
      role: role.arn,
      environment,
      nodejs: { ...NODEJS, esbuild: { external: [...NODEJS.esbuild.external] } },
      logging: { retention: "3 months" },
    });
    out[name] = { name, fn, role, permissions };
  }
  return out;
}
