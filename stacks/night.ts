// The nightly state machine and the schedule that starts it:
//   Plan → Map(batches, maxConcurrency) { ScanBatch ⟶catch BatchFailed } → Finish
// with retries on transient Lambda errors, and a catch on Plan, the Map and Finish that records
// the run as failed and ends the execution failed. The run id is the execution name, so every
// state (and the catch) knows it without passing it around.
import type { Lambdas } from "./lambdas.ts";
import type { Platform, RetryArgs, State } from "./platform.ts";
import type { DeploySettings } from "./settings.ts";

const RUN_ID = "{% $states.context.Execution.Name %}";
const STARTED_AT = "{% $states.context.Execution.StartTime %}";
const PAYLOAD = "{% $states.result.Payload %}";

/** Lambda's own transient failures; a handler's error is not retried (it would fail again). */
export const TRANSIENT: RetryArgs = {
  errors: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  interval: "2 seconds",
  maxAttempts: 4,
  backoffRate: 2,
};

/** Finish found another night committing to the store (functions/finish.ts): wait it out, about
 * 20 minutes in all, longer than one Finish can hold the lease. */
export const STORE_BUSY: RetryArgs = {
  errors: ["StoreBusy"],
  interval: "30 seconds",
  maxAttempts: 10,
  backoffRate: 1.3,
};

export function nightDefinition(p: Platform, fns: Lambdas, settings: DeploySettings): State {
  const SF = p.sst.aws.StepFunctions;
  const recordFailed = SF.lambdaInvoke({
    name: "RecordFailedRun",
    function: fns.fail.fn,
    // A caught error's output always has Error; Cause may be absent (then null, never undefined).
    payload: {
      runId: RUN_ID,
      error: "{% $states.input.Error %}",
      cause: "{% $exists($states.input.Cause) ? $states.input.Cause : null %}",
    },
    output: PAYLOAD,
  }).retry(TRANSIENT);
  recordFailed.next(SF.fail({ name: "RunFailed", error: "AimscanRunFailed", cause: "see RecordFailedRun" }));

  const plan = SF.lambdaInvoke({
    name: "Plan",
    function: fns.plan.fn,
    payload: { runId: RUN_ID, startedAt: STARTED_AT },
    output: PAYLOAD,
  })
    .retry(TRANSIENT)
    .catch(recordFailed);

  const scanBatch = SF.lambdaInvoke({
    name: "ScanBatch",
    function: fns.scan.fn,
    payload: "{% $states.input %}",
    output: "{% $states.result.Payload.batch %}",
  })
    .retry(TRANSIENT)
    // A lost batch is not a lost night: Finish marks its shards as failed coverage.
    .catch(SF.pass({ name: "BatchFailed", output: { failed: true, error: "{% $states.input.Error %}" } }));

  const map = SF.map({
    name: "ScanBatches",
    items: "{% $states.input.batches %}",
    itemSelector: { runId: RUN_ID, batch: "{% $states.context.Map.Item.Value %}" },
    maxConcurrency: settings.maxConcurrency,
    processor: scanBatch,
  }).catch(recordFailed);

  const finish = SF.lambdaInvoke({
    name: "Finish",
    function: fns.finish.fn,
    payload: { runId: RUN_ID, startedAt: STARTED_AT, results: "{% $states.input %}" },
    output: PAYLOAD,
  })
    .retry(TRANSIENT)
    .retry(STORE_BUSY)
    .catch(recordFailed);

  plan
    .next(map)
    .next(finish)
    .next(SF.succeed({ name: "Done" }));
  return plan;
}

export function night(
  p: Platform,
  fns: Lambdas,
  settings: DeploySettings,
): { stateMachine: InstanceType<Platform["sst"]["aws"]["StepFunctions"]> } {
  const stateMachine = new p.sst.aws.StepFunctions("Night", {
    type: "standard",
    definition: nightDefinition(p, fns, settings),
    // Failures only (SST's default level is "off", which left the log group empty); execution
    // data holds only counts and references, but it stays out of the logs all the same.
    logging: { retention: "1 year", level: "error", includeData: false },
  });
  const role = new p.aws.iam.Role("ScheduleRole", {
    assumeRolePolicy: p.$jsonStringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  new p.aws.iam.RolePolicy("ScheduleStart", {
    role: role.name,
    policy: p.$jsonStringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["states:StartExecution"], Resource: [stateMachine.arn] }],
    }),
  });
  new p.aws.scheduler.Schedule("Nightly", {
    scheduleExpression: settings.schedule,
    scheduleExpressionTimezone: settings.timezone,
    state: settings.scheduleEnabled ? "ENABLED" : "DISABLED",
    flexibleTimeWindow: { mode: "OFF" },
    target: {
      arn: stateMachine.arn,
      roleArn: role.arn,
      input: "{}",
      retryPolicy: { maximumRetryAttempts: 3 },
    },
  });
  return { stateMachine };
}
