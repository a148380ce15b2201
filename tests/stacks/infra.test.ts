import { describe, expect, it } from "vitest";
import { tableDefinition } from "../../core/store/table.ts";
import { FINISH_LEASE_MS } from "../../functions/finish.ts";
import { infra } from "../../stacks/index.ts";
import { DeploySettings, deploySettings } from "../../stacks/settings.ts";
import { recorder, toAsl } from "./recorder.ts";

const SCANNER_ACTIONS = [
  "sagemaker:ListEndpoints",
  "sagemaker:DescribeEndpoint",
  "bedrock:ListCustomModels",
  "iam:ListUsers",
  "organizations:ListAccounts",
  "account:ListRegions",
  "sts:AssumeRole",
];

function deploy(env: Record<string, string> = {}, stage = "prod", audiences: string[] = []) {
  const rec = recorder(stage);
  const out = infra(rec.platform, {
    settings: deploySettings(env),
    scanner: { actions: SCANNER_ACTIONS, memberRoleName: "AimscanReadOnly", webIdentityAudiences: audiences },
    configFiles: [
      { key: "aimscan.config.yaml", content: "inventory: ./inventory\n" },
      { key: "inventory/fraud.yaml", content: "version: 1\n" },
    ],
  });
  return { ...rec, out };
}

/** The statements of a role's inline policy, as written by the stack. */
function statements(rec: ReturnType<typeof deploy>, fn: string) {
  const policy = rec.get("aws.iam.RolePolicy", `${fn}Policy`);
  expect(policy.args.role).toBe(`aws.iam.Role:${fn}Role.name`);
  return JSON.parse(policy.args.policy).Statement as {
    Effect: string;
    Action: string[];
    Resource: string[];
  }[];
}

const READ = /^[a-z0-9-]+:(Get|List|Describe|Search|BatchGet|Query)/;

describe("stacks", () => {
  it("builds the history table from the store's table definition with TTL, PITR and encryption", () => {
    const rec = deploy();
    const table = rec.get("sst.aws.Dynamo", "History").args;
    expect(table.primaryIndex).toEqual({ hashKey: "pk", rangeKey: "sk" });
    expect(Object.keys(table.globalIndexes).sort()).toEqual(
      tableDefinition.globalSecondaryIndexes.map((g) => g.name).sort(),
    );
    for (const gsi of tableDefinition.globalSecondaryIndexes) {
      expect(table.globalIndexes[gsi.name]).toEqual({
        hashKey: gsi.partitionKey,
        rangeKey: gsi.sortKey,
        projection: "all",
      });
      expect(table.fields[gsi.partitionKey]).toBe("string");
    }
    expect(table.ttl).toBe("expiresAt");
    expect(table.deletionProtection).toBe(true);
    expect(table.transform.table).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    });
  });

  it("locks evidence in compliance mode for three years by default, encrypted, private and TLS-only", () => {
    const rec = deploy();
    const bucket = rec.get("sst.aws.Bucket", "Evidence").args;
    expect(bucket.versioning).toBe(true);
    expect(bucket.enforceHttps).toBe(true);
    expect(bucket.cors).toBe(false);
    expect(bucket.transform.bucket.objectLockEnabled).toBe(true);
    expect(bucket.transform.publicAccessBlock).toEqual({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const lock = rec.get("aws.s3.BucketObjectLockConfiguration", "EvidenceObjectLock").args;
    expect(lock.bucket).toBe("sst.aws.Bucket:Evidence.name");
    expect(lock.rule.defaultRetention).toEqual({ mode: "COMPLIANCE", years: 3 });
    const sse = rec.get("aws.s3.BucketServerSideEncryptionConfiguration", "EvidenceEncryption").args;
    expect(sse.bucket).toBe("sst.aws.Bucket:Evidence.name");
    expect(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
  });

  it("lets a non-prod stage be removed: no deletion protection, governance lock for a day, buckets destroyable", () => {
    const rec = deploy({}, "dev");
    expect(rec.get("sst.aws.Dynamo", "History").args.deletionProtection).toBe(false);
    const lock = rec.get("aws.s3.BucketObjectLockConfiguration", "EvidenceObjectLock").args;
    expect(lock.rule.defaultRetention).toEqual({ mode: "GOVERNANCE", days: 1 });
    expect(rec.get("sst.aws.Bucket", "Evidence").args.transform.bucket.forceDestroy).toBe(true);
    expect(rec.get("sst.aws.Bucket", "Work").args.transform.bucket.forceDestroy).toBe(true);
    const prod = deploy();
    expect(prod.get("sst.aws.Bucket", "Evidence").args.transform.bucket.forceDestroy).toBe(false);
    expect(prod.get("sst.aws.Bucket", "Work").args.transform.bucket.forceDestroy).toBe(false);
  });

  it("takes the evidence retention, schedule and Map concurrency from AIMSCAN_* settings", () => {
    const rec = deploy({
      AIMSCAN_EVIDENCE_RETENTION_YEARS: "7",
      AIMSCAN_SCHEDULE: "cron(30 1 * * ? *)",
      AIMSCAN_TIMEZONE: "Europe/Paris",
      AIMSCAN_MAX_CONCURRENCY: "25",
    });
    expect(
      rec.get("aws.s3.BucketObjectLockConfiguration", "EvidenceObjectLock").args.rule.defaultRetention.years,
    ).toBe(7);
    const schedule = rec.get("aws.scheduler.Schedule", "Nightly").args;
    expect(schedule.scheduleExpression).toBe("cron(30 1 * * ? *)");
    expect(schedule.scheduleExpressionTimezone).toBe("Europe/Paris");
    const asl = toAsl(rec.get("sst.aws.StepFunctions", "Night").args.definition);
    expect(asl.States.ScanBatches!.MaxConcurrency).toBe(25);
  });

  it("rejects a bad setting naming its variable", () => {
    expect(() => deploySettings({ AIMSCAN_SCHEDULE: "every night" })).toThrow(/^AIMSCAN_SCHEDULE: /);
    expect(() => deploySettings({ AIMSCAN_MAX_CONCURRENCY: "0" })).toThrow(/^AIMSCAN_MAX_CONCURRENCY: /);
    // An inline Map runs at most 40 iterations at once; more would be capped silently by AWS.
    expect(() => deploySettings({ AIMSCAN_MAX_CONCURRENCY: "41" })).toThrow(/at most 40/);
    expect(deploySettings({ AIMSCAN_MAX_CONCURRENCY: "40" }).maxConcurrency).toBe(40);
    expect(DeploySettings.parse({}).evidenceRetentionYears).toBe(3);
  });

  it("starts the state machine nightly at 02:00 UTC through EventBridge Scheduler with a start-only role", () => {
    const rec = deploy();
    const schedule = rec.get("aws.scheduler.Schedule", "Nightly").args;
    expect(schedule.scheduleExpression).toBe("cron(0 2 * * ? *)");
    expect(schedule.scheduleExpressionTimezone).toBe("UTC");
    expect(schedule.state).toBe("ENABLED");
    expect(schedule.target.arn).toBe("arn:test:sst.aws.StepFunctions:Night");
    expect(schedule.target.roleArn).toBe("arn:test:aws.iam.Role:ScheduleRole");
    const policy = JSON.parse(rec.get("aws.iam.RolePolicy", "ScheduleStart").args.policy);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: ["arn:test:sst.aws.StepFunctions:Night"],
      },
    ]);
  });

  it("shapes the night as plan → Map(scan batch) → finish, with retries and a catch that records a failed run", () => {
    const rec = deploy();
    const night = rec.get("sst.aws.StepFunctions", "Night").args;
    expect(night.type).toBe("standard");
    expect(night.logging.includeData).toBe(false);
    expect(night.logging.level).toBe("error");
    const asl = toAsl(night.definition);
    expect(asl.StartAt).toBe("Plan");
    const { Plan, ScanBatches, Finish, RecordFailedRun, RunFailed, Done } = asl.States;
    expect(Plan).toMatchObject({
      Type: "Task",
      QueryLanguage: "JSONata",
      Resource: "arn:aws:states:::lambda:invoke",
      Arguments: { FunctionName: "arn:test:sst.aws.Function:Plan" },
    });
    expect(Plan!.Next).toBe("ScanBatches");
    expect(ScanBatches).toMatchObject({ Type: "Map", MaxConcurrency: 40, Next: "Finish" });
    expect(ScanBatches!.Items).toBe("{% $states.input.batches %}");
    // Map.Item exists only in ItemSelector: that is where the batch index is taken.
    expect(ScanBatches!.ItemSelector).toEqual({
      runId: "{% $states.context.Execution.Name %}",
      batch: "{% $states.context.Map.Item.Value %}",
    });
    const inner = ScanBatches!.ItemProcessor as ReturnType<typeof toAsl> & { ProcessorConfig: unknown };
    expect(inner.ProcessorConfig).toEqual({ Mode: "INLINE" });
    expect(inner.StartAt).toBe("ScanBatch");
    expect(inner.States.ScanBatch).toMatchObject({
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Arguments: { FunctionName: "arn:test:sst.aws.Function:Scan", Payload: "{% $states.input %}" },
      End: true,
    });
    // A failed batch is caught inside the Map so the other accounts' results still reach Finish.
    expect(inner.States.ScanBatch!.Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: "BatchFailed" }]);
    // The caught error is BatchFailed's input; nothing there reads Map.Item (absent outside ItemSelector).
    expect(inner.States.BatchFailed).toMatchObject({
      Type: "Pass",
      End: true,
      Output: { failed: true, error: "{% $states.input.Error %}" },
    });
    expect(Finish).toMatchObject({
      Type: "Task",
      Arguments: { FunctionName: "arn:test:sst.aws.Function:Finish" },
    });
    expect(Finish!.Next).toBe("Done");
    expect(Done!.Type).toBe("Succeed");
    for (const state of [Plan, ScanBatches, Finish]) {
      expect(state!.Catch).toEqual([{ ErrorEquals: ["States.ALL"], Next: "RecordFailedRun" }]);
    }
    for (const state of [Plan, inner.States.ScanBatch, Finish, RecordFailedRun]) {
      const retry = (state!.Retry as { ErrorEquals: string[]; MaxAttempts: number }[])[0]!;
      expect(retry.ErrorEquals).toContain("Lambda.TooManyRequestsException");
      expect(retry.ErrorEquals).not.toContain("States.ALL");
      expect(retry.MaxAttempts).toBeGreaterThan(1);
    }
    // Finish waits out another night committing to the store (functions/finish.ts StoreBusy),
    // longer in all than one Finish can hold the store's lease.
    const busy = (
      Finish!.Retry as {
        ErrorEquals: string[];
        IntervalSeconds: number;
        MaxAttempts: number;
        BackoffRate: number;
      }[]
    ).find((r) => r.ErrorEquals.includes("StoreBusy"))!;
    expect(busy.ErrorEquals).toEqual(["StoreBusy"]);
    let waited = 0;
    for (let n = 0; n < busy.MaxAttempts; n++) waited += busy.IntervalSeconds * busy.BackoffRate ** n;
    expect(waited * 1000).toBeGreaterThan(FINISH_LEASE_MS);
    expect(RecordFailedRun).toMatchObject({
      Type: "Task",
      Arguments: { FunctionName: "arn:test:sst.aws.Function:Fail" },
      Next: "RunFailed",
    });
    expect((RecordFailedRun!.Arguments as { Payload: { runId: string } }).Payload.runId).toBe(
      "{% $states.context.Execution.Name %}",
    );
    expect(RunFailed!.Type).toBe("Fail");
  });

  it("gives no function a wildcard action, and lets plan and scan write only to this stage's run data", () => {
    const rec = deploy();
    for (const fn of ["Plan", "Scan", "Finish", "Fail"]) {
      for (const st of statements(rec, fn)) {
        expect(st.Effect).toBe("Allow");
        for (const action of st.Action) expect(action).not.toMatch(/\*/);
      }
    }
    const runData = "arn:test:sst.aws.Bucket:Work/runs/*";
    for (const fn of ["Plan", "Scan"]) {
      for (const st of statements(rec, fn)) {
        const ownTable = st.Resource.every((r) => r === "arn:test:sst.aws.Dynamo:History");
        const ownRunData = st.Resource.every((r) => r === runData);
        if (ownTable || ownRunData) continue;
        for (const action of st.Action) {
          expect(READ.test(action) || action === "sts:AssumeRole", `${fn}: ${action}`).toBe(true);
        }
      }
    }
    const scan = statements(rec, "Scan");
    expect(scan.flatMap((s) => s.Action).some((a) => a.startsWith("dynamodb:"))).toBe(false);
    expect(scan.find((s) => s.Action.includes("sts:AssumeRole"))!.Resource).toEqual([
      "arn:aws:iam::*:role/AimscanReadOnly",
    ]);
    expect(scan.find((s) => s.Resource.includes("*"))!.Action).toEqual(
      SCANNER_ACTIONS.filter((a) => a !== "sts:AssumeRole"),
    );
    const fail = statements(rec, "Fail");
    expect(fail).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: ["arn:test:sst.aws.Dynamo:History"],
      },
    ]);
    const finish = statements(rec, "Finish");
    expect(finish).toContainEqual({
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: ["arn:test:sst.aws.Bucket:Evidence/*"],
    });
    expect(finish).toContainEqual({
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: ["arn:test:sst.aws.SnsTopic:Alerts"],
    });
  });

  it("runs each function on its own named role, Node 22, bundled as ESM under SST's banner alone, maps out of the zip, no dynalite", () => {
    const rec = deploy();
    for (const fn of ["Plan", "Scan", "Finish", "Fail"]) {
      const args = rec.get("sst.aws.Function", fn).args;
      expect(args.handler).toBe(`functions/${fn.toLowerCase()}.handler`);
      expect(args.role).toBe(`arn:test:aws.iam.Role:${fn}Role`);
      expect(args.runtime).toBe("nodejs22.x");
      expect(args.nodejs.format).toBe("esm");
      // SST's banner already declares `require`; a second declaration fails every handler at init.
      expect(args.nodejs.banner ?? "").not.toMatch(/\brequire\b/);
      // Unset, SST keeps its linked source maps out of the zip; `false` would ship them inside.
      expect("sourcemap" in args.nodejs).toBe(false);
      expect(args.nodejs.esbuild.external).toContain("dynalite");
      expect(args.environment.AIMSCAN_TABLE).toBe("sst.aws.Dynamo:History.name");
      expect(rec.get("aws.iam.Role", `${fn}Role`).args.name).toBe(`aimscan-prod-${fn.toLowerCase()}`);
    }
    expect(rec.get("sst.aws.Function", "Scan").args.timeout).toBe("15 minutes");
  });

  it("uploads the config and the files it names under config/ in the working bucket", () => {
    const rec = deploy();
    const objects = rec.ofType("aws.s3.BucketObjectv2").map((r) => r.args);
    expect(objects.map((o) => o.key)).toEqual(["config/aimscan.config.yaml", "config/inventory/fraud.yaml"]);
    for (const o of objects) expect(o.bucket).toBe("sst.aws.Bucket:Work.name");
    const work = rec.get("sst.aws.Bucket", "Work").args;
    expect(work.lifecycle).toEqual([{ id: "expire-run-data", prefix: "runs/", expiresIn: "14 days" }]);
    expect(work.enforceHttps).toBe(true);
  });
});

describe("stacks with the scanner declarations", () => {
  it("lets plan and scan mint web identity tokens only with azure.federation, for its audience, for 5 minutes", () => {
    const token = (st: { Action: string[] }) => st.Action.includes("sts:GetWebIdentityToken");
    for (const fn of ["Plan", "Scan", "Finish", "Fail"])
      expect(statements(deploy(), fn).filter(token)).toEqual([]);
    const rec = deploy({}, "prod", ["api://AzureADTokenExchange"]);
    for (const fn of ["Plan", "Scan"]) {
      expect(statements(rec, fn).filter(token)).toEqual([
        {
          Effect: "Allow",
          Action: ["sts:GetWebIdentityToken"],
          Resource: ["*"],
          Condition: {
            "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": ["api://AzureADTokenExchange"] },
            NumericLessThanEquals: { "sts:DurationSeconds": ["300"] },
          },
        },
      ]);
    }
    for (const fn of ["Finish", "Fail"]) expect(statements(rec, fn).filter(token)).toEqual([]);
  });

  it("grants plan and scan exactly the read actions of `aimscan iam-policy`, no second list", async () => {
    const { awsIamActions, awsIamPolicy } = await import("../../scanners/iam-policy.ts");
    const rec = recorder("prod");
    infra(rec.platform, {
      settings: deploySettings({}),
      scanner: { actions: awsIamActions(), memberRoleName: "AimscanReadOnly" },
      configFiles: [],
    });
    const cli = awsIamPolicy().Statement;
    for (const fn of ["Plan", "Scan"]) {
      const st = JSON.parse(rec.get("aws.iam.RolePolicy", `${fn}Policy`).args.policy).Statement;
      const read = st.find((s: { Resource: string[] }) => s.Resource.includes("*"));
      expect(read.Action).toEqual(cli[0]!.Action);
      for (const action of read.Action) expect(action).toMatch(READ);
      const assume = st.find((s: { Action: string[] }) => s.Action.includes("sts:AssumeRole"));
      expect(assume.Resource).toEqual([cli[1]!.Resource]);
    }
  });
});
