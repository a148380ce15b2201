// `npm run rehearse`: whole nights through the deployed form. The stack's own state machine
// definition (rehearsal/stage.ts), validated with asl-validator, is executed by rehearsal/sfn.ts;
// every Task invokes the function's SST bundle on Node 22 in a Lambda-like child process
// (rehearsal/lambda.ts) against the simulated AWS estate, dynalite behind a logging proxy and an
// S3 that enforces Object Lock's checksum rule. Nights: two good ones with a changed estate, one
// where a batch's Lambda throws, one where Plan throws. Then every call each function made is
// checked against its role's policy. Night 5 scans all three clouds, Azure and GCP signed in
// from AWS as deployed. Exits 1 on the first broken expectation.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { parse, stringify } from "yaml";
import { parseConfig } from "../core/config.ts";
import { openStore } from "../core/store/index.ts";
import { createTableInput } from "../core/store/table.ts";
import { webIdentityIssuer, webIdentityPublicKey } from "../simulator/aws/web-identity.ts";
import { applyChanges, type Change } from "../simulator/changes.ts";
import { type Estate, type EstateOptions, startEstate } from "../simulator/estate.ts";
import { awsFederationCredential } from "../simulator/gcp/credentials.ts";
import { type S3Simulator, startS3Simulator } from "../simulator/s3/index.ts";
import type { Scenario } from "../simulator/scenario.ts";
import type { HandlerName } from "../stacks/bundle.ts";
import { deployProblem } from "../stacks/config-files.ts";
import { startDynamoProxy } from "./dynamo-proxy.ts";
import { type Call, denied } from "./iam.ts";
import { type InitFigures, LambdaFunction } from "./lambda.ts";
import { node22 } from "./node22.ts";
import { type Execution, execute } from "./sfn.ts";
import { CALLER, chunksWith, NAMES, REGION, type Stage, stage } from "./stage.ts";

const ROOT = join(import.meta.dirname, "..");
/** SigV4 signing names that differ from the service's IAM action prefix. */
const IAM_PREFIX: Record<string, string> = { monitoring: "cloudwatch" };
const SECRET = "rehearsal-secret-not-a-real-key";
/** The value the member-role StackSet would be created with; every simulated member role requires it. */
const EXTERNAL_ID = "rehearsal-member-role-external-id";
const keyOf = (title: string) => `AKIA${CALLER}${title.toUpperCase()}`;
/** Code of the Azure and Google SDKs: never part of an AWS-only function's init. */
export const AZURE_GOOGLE = /node_modules\/(@azure|@google-cloud|google-auth-library|google-gax|@grpc)\//;

export interface Rehearsal {
  stage: Stage;
  estate: Estate;
  s3: S3Simulator;
  fns: Record<HandlerName, LambdaFunction>;
  calls(): Call[];
  night(runId: string): Promise<Execution>;
  stop(): Promise<void>;
}

/** The app registration the three-cloud rehearsal signs in as (azure.federation). */
const TENANT = "0b9a7c2e-4d51-4f3a-9c8e-6a1b2c3d4e5f";
const APP = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
const AUDIENCE = "api://AzureADTokenExchange";

export interface RehearsalOptions {
  traceLoads?: boolean;
  /** "all": also scan the estate's Azure and GCP, with the credentials a deployment uses (README). */
  clouds?: "aws" | "all";
  /** The simulators' options (bench/scan-deployed.ts throttles the AWS estate). */
  estate?: EstateOptions;
  /** Deploy-time settings (stacks/settings.ts's AIMSCAN_* variables), as `sst deploy` reads them. */
  settings?: Record<string, string>;
}

export async function startRehearsal(scenario: Scenario, opts: RehearsalOptions = {}): Promise<Rehearsal> {
  const work = mkdtempSync(join(tmpdir(), "aimscan-rehearsal-"));
  const node = node22(join(ROOT, ".aimscan/node22"));
  // As sst.config.ts does: plan and scan may mint web identity tokens when azure.federation is set.
  const st = await stage(
    ROOT,
    work,
    opts.settings ?? {},
    "AimscanReadOnly",
    opts.clouds === "all" ? [AUDIENCE] : [],
  );
  const validate = createRequire(import.meta.url)("asl-validator") as (d: unknown) => {
    isValid: boolean;
    errorsText(sep: string): string;
  };
  const valid = validate(st.definition);
  if (!valid.isValid) throw new Error(`the stack's definition is not valid ASL: ${valid.errorsText("; ")}`);

  const allClouds = opts.clouds === "all";
  // Entra trusts the AWS account's outbound-federation issuer for the functions' principal.
  const entra = {
    federatedCredentials: [
      {
        tenantId: TENANT,
        clientId: APP,
        issuer: webIdentityIssuer(CALLER),
        subject: `arn:aws:iam::${CALLER}:user/aimscan`,
        audience: AUDIENCE,
        key: webIdentityPublicKey(),
      },
    ],
  };
  const estate = await startEstate(withMemberTrust(scenario), {
    ...opts.estate,
    ...(allClouds ? { azure: { ...opts.estate?.azure, entra } } : {}),
  });
  const s3 = await startS3Simulator({
    [NAMES.work]: {},
    [NAMES.evidence]: st.evidenceRetention ? { objectLock: st.evidenceRetention } : {},
  });
  const db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  db.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => db.listen(0, "127.0.0.1", () => resolve()));
  const dbEndpoint = `http://127.0.0.1:${(db.address() as { port: number }).port}`;
  const ddb = new DynamoDBClient({
    endpoint: dbEndpoint,
    region: REGION,
    credentials: { accessKeyId: keyOf("rehearsal"), secretAccessKey: SECRET },
  });
  await ddb.send(new CreateTableCommand(createTableInput(NAMES.table)));
  ddb.destroy();
  const proxy = await startDynamoProxy(dbEndpoint, (t) => `arn:aws:dynamodb:${REGION}:${CALLER}:table/${t}`);

  // What `sst deploy` uploads under config/: the config (endpoints of this estate) and inventory.
  const clouds = estate.cloudConfig();
  const config = {
    inventory: "./inventory",
    policies: ["builtin"],
    aws: { ...clouds.aws, externalId: EXTERNAL_ID },
    ...(allClouds && clouds.azure && estate.azure
      ? {
          azure: {
            ...clouds.azure,
            federation: { tenantId: TENANT, clientId: APP, authorityHost: estate.azure.endpoint },
          },
        }
      : {}),
    ...(allClouds && clouds.gcp ? { gcp: { ...clouds.gcp, credentialsFile: "gcp-wif.json" } } : {}),
  };
  // What `sst deploy` refuses (stacks/config-files.ts) is refused here too.
  const refused = deployProblem(parseConfig(stringify(config), "aimscan.config.yaml"));
  if (refused) throw new Error(`sst deploy would refuse the rehearsal's config: ${refused}`);
  const put = (key: string, text: string) => s3.objects.set(`${NAMES.work}/config/${key}`, Buffer.from(text));
  put("aimscan.config.yaml", stringify(config));
  if (config.gcp && estate.gcp) put("gcp-wif.json", JSON.stringify(awsFederationCredential(estate.gcp)));
  // Trust for the Azure simulator's self-signed certificate, as NODE_EXTRA_CA_CERTS gives it.
  const caFile = join(work, "azure-ca.pem");
  if (config.azure && estate.azure) writeFileSync(caFile, estate.azure.ca);
  const inventory = join(ROOT, "examples/demo/inventory");
  for (const f of readdirSync(inventory)) put(`inventory/${f}`, readFileSync(join(inventory, f), "utf8"));

  const fns = {} as Record<HandlerName, LambdaFunction>;
  for (const f of Object.values(st.functions)) {
    fns[f.name] = new LambdaFunction({
      name: `aimscan-rehearsal-${f.name}`,
      dir: f.bundle.dir,
      entry: f.bundle.entry,
      memoryMb: f.memoryMb,
      timeoutSeconds: f.timeoutSeconds,
      node,
      traceLoads: opts.traceLoads ?? true,
      env: {
        ...f.environment,
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: keyOf(f.title),
        AWS_SECRET_ACCESS_KEY: SECRET,
        // The SDK's per-service endpoint variables: the deployed code is not changed to reach these.
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
        AWS_ENDPOINT_URL_SNS: estate.aws!.endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: estate.aws!.endpoint,
        ...(config.azure ? { AWS_ENDPOINT_URL_STS: estate.aws!.endpoint, NODE_EXTRA_CA_CERTS: caFile } : {}),
      },
    });
  }
  const invoke = async (functionName: string, payload: unknown) => {
    const r = await fns[st.byArn(functionName)].invoke(payload);
    return "payload" in r ? { payload: r.payload } : { functionError: r.functionError };
  };
  const fnByKey = new Map(Object.values(st.functions).map((f) => [keyOf(f.title), f.name] as const));
  const calls = (): Call[] => {
    const out: Call[] = [];
    const add = (key: string, action: string, resource: string) => {
      const fn = fnByKey.get(key);
      if (fn) out.push({ fn, action, resource });
    };
    for (const c of s3.calls) add(c.accessKeyId, c.action, c.resource);
    for (const c of proxy.calls) add(c.accessKeyId, c.action, c.resource);
    for (const r of estate.aws!.requests) {
      const input = r.input as Record<string, any>;
      const resource =
        r.operation === "AssumeRole"
          ? String(input.RoleArn)
          : r.operation === "Publish"
            ? String(input.TopicArn)
            : r.operation === "PutEvents"
              ? `arn:aws:events:${r.region}:${r.account}:event-bus/${input.Entries?.[0]?.EventBusName ?? "default"}`
              : "*";
      add(r.accessKeyId, `${IAM_PREFIX[r.service] ?? r.service}:${r.operation}`, resource);
    }
    return out;
  };
  return {
    stage: st,
    estate,
    s3,
    fns,
    calls,
    night: (runId) => execute(st.definition, {}, { name: runId, invoke }),
    async stop() {
      for (const f of Object.values(fns)) await f.stop();
      await estate.stop();
      await s3.stop();
      await proxy.stop();
      await new Promise<void>((resolve) => db.close(() => resolve()));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

function figures(e: Execution): void {
  console.log(
    `      ${e.events} history events, largest payload ${e.largestPayload.bytes} B (${e.largestPayload.where})`,
  );
}

function expect(ok: unknown, what: string): void {
  if (!ok) throw new Error(`rehearsal: ${what}`);
  console.log(`  ok  ${what}`);
}

async function storeRun(runId: string, endpoint: string) {
  const store = await openStore({ type: "dynamodb", table: NAMES.table, endpoint, region: REGION });
  try {
    return await store.getRun(runId);
  } finally {
    await store.close();
  }
}

export async function storeReport(runId: string, endpoint: string) {
  const store = await openStore({ type: "dynamodb", table: NAMES.table, endpoint, region: REGION });
  try {
    return await store.getReport(runId);
  } finally {
    await store.close();
  }
}

/** Member roles as stacks/member-role.ts deploys them: AssumeRole without the external id is refused. */
export function withMemberTrust(scenario: Scenario): Scenario {
  if (!scenario.aws) return scenario;
  const accounts = Object.fromEntries(
    Object.entries(scenario.aws.accounts).map(([id, a]) => [
      id,
      { ...a, assumeRole: { ...a.assumeRole, externalId: EXTERNAL_ID } },
    ]),
  );
  return { ...scenario, aws: { ...scenario.aws, accounts } };
}

export async function rehearse(): Promise<void> {
  const started = Date.now();
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
    night2: Change[];
  };
  const awsOnly: Scenario = { aws: demo.estate.aws! };
  const r = await startRehearsal(awsOnly);
  try {
    const endpoint = r.fns.plan.spec.env.AWS_ENDPOINT_URL_DYNAMODB!;
    process.env.AWS_ACCESS_KEY_ID ??= `AKIA${CALLER}REHEARSAL`;
    process.env.AWS_SECRET_ACCESS_KEY ??= SECRET;
    const evidence = (runId: string) =>
      [...r.s3.objects.keys()].filter((k) => k.startsWith(`${NAMES.evidence}/${encodeURIComponent(runId)}/`));

    console.log("night 1: the demo estate (AWS)");
    const n1 = await r.night("night-1");
    figures(n1);
    expect(n1.status === "SUCCEEDED", `night 1 succeeded (${n1.error ?? ""} ${n1.cause ?? ""})`);
    const run1 = await storeRun("night-1", endpoint);
    expect(run1?.status === "completed", "night 1 is a completed run in the table");
    // Every member role requires the external id (withMemberTrust): no shard may fail at
    // AssumeRole (the demo's one deliberately denied SageMaker shard fails later, at its List call).
    const failed =
      (await storeReport("night-1", endpoint))?.coverage.filter((c) => c.status === "error") ?? [];
    const refused = failed.filter((c) => /AssumeRole/.test(c.error ?? ""));
    expect(
      refused.length === 0 && (run1?.coverage?.ok ?? 0) > 0,
      `night 1 assumed every member role with the external id (${refused.length} shards refused at AssumeRole)`,
    );
    expect(
      evidence("night-1").length > 0,
      `night 1 wrote ${evidence("night-1").length} evidence objects under Object Lock`,
    );

    console.log("night 2: the estate changed");
    await r.estate.reseed(
      withMemberTrust(
        applyChanges(
          { aws: demo.estate.aws! },
          demo.night2.filter((c) => !JSON.stringify(c).includes('"azure.')),
        ),
      ),
    );
    const n2 = await r.night("night-2");
    figures(n2);
    expect(n2.status === "SUCCEEDED", "night 2 succeeded");
    const run2 = await storeRun("night-2", endpoint);
    expect(run2?.status === "completed", "night 2 is a completed run");

    console.log("night 3: one batch's Lambda throws");
    let thrown = 0;
    r.s3.faults.push((c) =>
      c.accessKeyId === `AKIA${CALLER}SCAN` && c.resource.endsWith("runs/night-3/plan.json") && thrown++ === 0
        ? { status: 403, code: "AccessDenied", message: "rehearsal: this batch's plan read is denied" }
        : undefined,
    );
    const n3 = await r.night("night-3");
    r.s3.faults.length = 0;
    expect(n3.status === "SUCCEEDED", "night 3 still finished");
    expect(thrown >= 1, "the scan Lambda of one batch threw");
    const run3 = await storeRun("night-3", endpoint);
    expect(run3?.status === "completed", "night 3 is a completed run");
    expect(
      n3.trace.some((t) => t.endsWith("/BatchFailed")),
      "the failed batch went through BatchFailed",
    );

    console.log("night 4: Plan throws");
    r.s3.faults.push((c) =>
      c.accessKeyId === `AKIA${CALLER}PLAN` && c.action === "s3:ListBucket"
        ? { status: 403, code: "AccessDenied", message: "rehearsal: config listing denied" }
        : undefined,
    );
    const n4 = await r.night("night-4");
    r.s3.faults.length = 0;
    expect(
      n4.status === "FAILED" && n4.error === "AimscanRunFailed",
      `night 4 failed as AimscanRunFailed (${n4.error})`,
    );
    expect(
      (await storeRun("night-4", endpoint))?.status === "failed",
      "night 4 is recorded failed in the table",
    );

    console.log("least privilege");
    const calls = r.calls();
    const policies = Object.fromEntries(Object.values(r.stage.functions).map((f) => [f.name, f.permissions]));
    const bad = denied(calls, policies);
    expect(
      bad.length === 0,
      `every one of ${calls.length} calls is allowed by its function's policy${bad.length ? `: ${bad.join("; ")}` : ""}`,
    );
    for (const name of Object.keys(r.fns))
      expect(
        calls.some((c) => c.fn === name),
        `${name} made calls under its own key`,
      );

    console.log("init on Node 22 (AWS-only config)");
    for (const [name, fn] of Object.entries(r.fns)) {
      const init = fn.inits[0] as InitFigures | undefined;
      if (!init) continue;
      const f = r.stage.functions[name as HandlerName];
      const azureGoogle = chunksWith(f.bundle.metafile, AZURE_GOOGLE);
      console.log(
        `  ${name.padEnd(7)} ${(init.bytes / 1024 / 1024).toFixed(2)} MB in ${init.files} files loaded, ${init.cpuMs.toFixed(0)} ms CPU, ${init.wallMs.toFixed(0)} ms wall, ${fn.inits.length} cold start(s)`,
      );
      const leaked = init.loaded.filter((file) =>
        [...azureGoogle].some((chunk) => chunk.endsWith(`/${file.split("/").pop()}`)),
      );
      expect(
        leaked.length === 0,
        `${name}: an AWS-only init loads no Azure or Google SDK code (${azureGoogle.size} chunks hold it)`,
      );
    }
  } finally {
    await r.stop();
  }

  // The deployed form of the other clouds: the same bundles sign in to Azure (a federated
  // credential trusting AWS's web identity tokens) and GCP (workload identity federation with an
  // AWS provider) with nothing but the functions' AWS credentials.
  console.log("night 5: three clouds, Azure and GCP signed in from AWS");
  const all = await startRehearsal(demo.estate, { clouds: "all", traceLoads: false });
  try {
    const n5 = await all.night("night-5");
    figures(n5);
    expect(n5.status === "SUCCEEDED", "night 5 succeeded");
    const report = await storeReport("night-5", all.fns.plan.spec.env.AWS_ENDPOINT_URL_DYNAMODB!);
    for (const provider of ["azure", "gcp"] as const) {
      const shards = report?.coverage.filter((c) => c.provider === provider) ?? [];
      const failed = shards.filter((c) => c.status !== "ok");
      expect(
        shards.length > 0 && failed.length === 0,
        `night 5 read every ${provider} shard (${shards.length})${failed.map((c) => `; ${c.service}: ${c.error}`).join("")}`,
      );
    }
    const policies = Object.fromEntries(
      Object.values(all.stage.functions).map((f) => [f.name, f.permissions]),
    );
    const calls = all.calls();
    const bad = denied(calls, policies);
    expect(
      calls.some((c) => c.action === "sts:GetWebIdentityToken") && bad.length === 0,
      `night 5's ${calls.length} calls, web identity tokens included, are allowed${bad.length ? `: ${bad.join("; ")}` : ""}`,
    );
  } finally {
    await all.stop();
  }
  console.log(`rehearsal passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
