// A small Step Functions interpreter for the one definition aimscan deploys: it follows the
// definition's own transitions and implements exactly the states, fields and `$states` variables
// that definition uses, evaluating every `{% %}` with the reference JSONata implementation.
// Anything else is refused by name, so a change to stacks/night.ts that needs more semantics
// fails the rehearsal instead of being guessed. Semantics, each from the AWS documentation:
//   [jsonata]  "Transforming data with JSONata in Step Functions" (developer guide, transforming-data):
//              `{% %}` strings in Arguments/Output/Items/ItemSelector, objects and arrays evaluated
//              member by member; $states.input, $states.result (Task, after success),
//              $states.errorOutput (only in Catch), $states.context; an expression error is
//              States.QueryEvaluationError. An expression without a value is treated as one too
//              (strict: an unresolved path such as Map.Item outside ItemSelector must not pass).
//   [io]       same page, "Output": default state output is $states.result (Task/Map) or the
//              input (Pass/Succeed); Task Arguments are the integration's parameters.
//   [context]  "Accessing execution data from the Context object": Execution.{Id,Name,StartTime,
//              Input}, State.{Name,EnteredTime,RetryCount}, StateMachine.{Id,Name}; Map.Item.{Index,
//              Value} "only available in ItemSelector".
//   [lambda]   "Invoke an AWS Lambda function with Step Functions" (connect-lambda): lambda:invoke
//              (request-response) result is {ExecutedVersion, Payload, StatusCode, ...}; a function
//              error fails the state with Error = the function's errorType and Cause = the error
//              JSON; Lambda service errors are named Lambda.<Exception>.
//   [errors]   "Handling errors in Step Functions workflows" (concepts-error-handling): Retry
//              retriers in order, first whose ErrorEquals matches; IntervalSeconds × BackoffRate^n,
//              MaxAttempts total retries; States.ALL matches every error name except
//              States.DataLimitExceeded and States.Runtime; Catch: first matching catcher, its
//              Next gets $states.errorOutput = {Error, Cause} when the catcher has no Output.
//   [map]      "Map state in Inline mode" (state-map-inline): Items array, ItemSelector per item,
//              ItemProcessor.ProcessorConfig.Mode INLINE, MaxConcurrency (0 = no limit, AWS runs at
//              most 40 at a time), result array in item order, any failed iteration fails the Map.
//   [limits]   "Step Functions service quotas": 256 KiB per state input/output (else
//              States.DataLimitExceeded), 25,000 history events per execution.
//   [events]   API_HistoryEvent: the event types counted below, per state kind.
import jsonata from "jsonata";

export interface AslState {
  Type: string;
  [key: string]: unknown;
}
export interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

export const PAYLOAD_LIMIT = 256 * 1024;
export const HISTORY_LIMIT = 25_000;

/** A Step Functions error: name and cause, as states see them. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    readonly errorCause: string | undefined,
  ) {
    super(`${error}: ${errorCause ?? ""}`);
  }
}

/** What a Lambda invocation returns: its payload, or a function error as Lambda reports it. */
export type Invoke = (
  functionName: string,
  payload: unknown,
) => Promise<{ payload: unknown } | { functionError: { errorType: string; errorMessage: string } }>;

export interface ExecutionOptions {
  name: string;
  invoke: Invoke;
  startTime?: Date;
  stateMachineArn?: string;
  /** Waits between retries; the rehearsal passes a scaled-down clock. */
  sleep?: (seconds: number) => Promise<void>;
}

export interface Execution {
  status: "SUCCEEDED" | "FAILED";
  output?: unknown;
  error?: string;
  cause?: string;
  /** History events as AWS would record them [events]. */
  events: number;
  /** The largest state input or output, and where. */
  largestPayload: { bytes: number; where: string };
  /** States entered, in order (Map iterations included). */
  trace: string[];
}

const COMMON = ["Type", "QueryLanguage", "Comment", "Output", "Next", "End"];
const FIELDS: Record<string, string[]> = {
  Task: [...COMMON, "Resource", "Arguments", "Retry", "Catch"],
  Map: [...COMMON, "Items", "ItemSelector", "ItemProcessor", "MaxConcurrency", "Retry", "Catch"],
  Pass: COMMON,
  Succeed: COMMON,
  Fail: [...COMMON, "Error", "Cause"],
};

/** Refuses, by name, every state type, field and option this interpreter does not implement. */
export function checkSupported(asl: Asl, path = ""): void {
  for (const [name, state] of Object.entries(asl.States)) {
    const where = `${path}${name}`;
    const allowed = FIELDS[state.Type];
    if (!allowed)
      throw new Error(`${where}: state type ${state.Type} is not implemented by rehearsal/sfn.ts`);
    for (const key of Object.keys(state))
      if (!allowed.includes(key))
        throw new Error(`${where}: field ${key} is not implemented by rehearsal/sfn.ts`);
    if (state.QueryLanguage !== "JSONata")
      throw new Error(`${where}: only QueryLanguage JSONata is implemented`);
    if (state.Type === "Task" && state.Resource !== "arn:aws:states:::lambda:invoke")
      throw new Error(`${where}: only the lambda:invoke integration is implemented, not ${state.Resource}`);
    for (const c of (state.Catch as Record<string, unknown>[] | undefined) ?? [])
      for (const key of Object.keys(c))
        if (key !== "ErrorEquals" && key !== "Next")
          throw new Error(`${where}: Catch field ${key} is not implemented by rehearsal/sfn.ts`);
    for (const r of (state.Retry as Record<string, unknown>[] | undefined) ?? [])
      for (const key of Object.keys(r))
        if (!["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate"].includes(key))
          throw new Error(`${where}: Retry field ${key} is not implemented by rehearsal/sfn.ts`);
    if (state.Type === "Map") {
      const proc = state.ItemProcessor as Asl & { ProcessorConfig?: { Mode?: string } };
      if (proc.ProcessorConfig?.Mode !== "INLINE")
        throw new Error(`${where}: Map mode ${proc.ProcessorConfig?.Mode} is not implemented (INLINE only)`);
      checkSupported(proc, `${where}/`);
    }
  }
}

const EXPR = /^\{%([\s\S]*)%\}$/;

async function evaluate(value: unknown, states: Record<string, unknown>, where: string): Promise<unknown> {
  if (typeof value === "string") {
    const m = EXPR.exec(value);
    if (!m) return value;
    let out: unknown;
    try {
      out = await jsonata(m[1]!).evaluate({}, { states });
    } catch (e) {
      throw new StatesError("States.QueryEvaluationError", `${where}: ${(e as Error).message}`);
    }
    if (out === undefined)
      throw new StatesError("States.QueryEvaluationError", `${where}: ${m[1]!.trim()} has no value`);
    // jsonata returns arrays with a `sequence` flag; JSON is what Step Functions passes on.
    return JSON.parse(JSON.stringify(out));
  }
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => evaluate(v, states, `${where}[${i}]`)));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, states, `${where}.${k}`);
    return out;
  }
  return value;
}

const matches = (names: string[], error: string) =>
  names.includes(error) ||
  (names.includes("States.ALL") && error !== "States.DataLimitExceeded" && error !== "States.Runtime");

export async function execute(asl: Asl, input: unknown, opts: ExecutionOptions): Promise<Execution> {
  checkSupported(asl);
  const startTime = (opts.startTime ?? new Date()).toISOString();
  const smArn = opts.stateMachineArn ?? "arn:aws:states:us-east-1:000000000000:stateMachine:rehearsal";
  const context = {
    Execution: {
      Id: `${smArn.replace(":stateMachine:", ":execution:")}:${opts.name}`,
      Name: opts.name,
      StartTime: startTime,
      Input: input,
    },
    StateMachine: { Id: smArn, Name: smArn.split(":").pop() },
  };
  const sleep = opts.sleep ?? (async () => {});
  const run: Execution = {
    status: "SUCCEEDED",
    events: 1,
    largestPayload: { bytes: 0, where: "" },
    trace: [],
  };
  const measure = (value: unknown, where: string) => {
    const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
    if (bytes > run.largestPayload.bytes) run.largestPayload = { bytes, where };
    if (bytes > PAYLOAD_LIMIT)
      throw new StatesError("States.DataLimitExceeded", `${where}: ${bytes} bytes > ${PAYLOAD_LIMIT}`);
  };

  async function runGraph(graph: Asl, graphInput: unknown, path: string): Promise<unknown> {
    let name: string | undefined = graph.StartAt;
    let value = graphInput;
    while (name) {
      const state: AslState = graph.States[name]!;
      const where = `${path}${name}`;
      run.trace.push(where);
      measure(value, `${where} input`);
      const ctx = { ...context, State: { Name: name, EnteredTime: new Date().toISOString(), RetryCount: 0 } };
      let output: unknown;
      try {
        output = await runState(state, value, ctx, where);
      } catch (e) {
        const err = e instanceof StatesError ? e : new StatesError("States.Runtime", (e as Error).message);
        const catcher = ((state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ?? []).find(
          (c) => matches(c.ErrorEquals, err.error),
        );
        if (!catcher) throw err;
        // [errors] without a Catcher Output the error output is what the next state receives.
        value = { Error: err.error, Cause: err.errorCause };
        run.events += 1; // …StateExited after the caught failure
        name = catcher.Next;
        continue;
      }
      measure(output, `${where} output`);
      if (state.Type === "Fail") {
        throw new StatesError(String(state.Error ?? "States.Fail"), state.Cause as string | undefined);
      }
      value = output;
      name = state.End || state.Type === "Succeed" ? undefined : (state.Next as string);
    }
    return value;
  }

  async function runState(state: AslState, value: unknown, ctx: object, where: string): Promise<unknown> {
    const states = { input: value, context: ctx };
    switch (state.Type) {
      case "Pass":
        run.events += 2; // PassStateEntered, PassStateExited
        return state.Output === undefined ? value : evaluate(state.Output, states, `${where}.Output`);
      case "Succeed":
        run.events += 2; // SucceedStateEntered, SucceedStateExited
        return state.Output === undefined ? value : evaluate(state.Output, states, `${where}.Output`);
      case "Fail":
        run.events += 1; // FailStateEntered
        return value;
      case "Task":
        return withRetry(
          state,
          where,
          async () => {
            const args = (await evaluate(state.Arguments, states, `${where}.Arguments`)) as {
              FunctionName: string;
              Payload: unknown;
            };
            measure(args.Payload, `${where} Payload`);
            run.events += 3; // TaskScheduled, TaskStarted, TaskSucceeded|TaskFailed
            const res = await opts.invoke(args.FunctionName, args.Payload);
            if ("functionError" in res)
              throw new StatesError(res.functionError.errorType, JSON.stringify(res.functionError));
            const result = { ExecutedVersion: "$LATEST", Payload: res.payload, StatusCode: 200 };
            return state.Output === undefined
              ? result
              : evaluate(state.Output, { ...states, result }, `${where}.Output`);
          },
          2,
        ); // TaskStateEntered, TaskStateExited
      case "Map":
        return withRetry(
          state,
          where,
          async () => {
            const items = await evaluate(state.Items, states, `${where}.Items`);
            if (!Array.isArray(items))
              throw new StatesError("States.QueryEvaluationError", `${where}.Items: not an array`);
            const proc = state.ItemProcessor as Asl;
            const limit = Number(state.MaxConcurrency ?? 0) || items.length || 1;
            const results: unknown[] = new Array(items.length);
            let next = 0;
            const worker = async () => {
              while (next < items.length) {
                const index = next++;
                const itemCtx = { ...ctx, Map: { Item: { Index: index, Value: items[index] } } };
                const selected =
                  state.ItemSelector === undefined
                    ? items[index]
                    : await evaluate(
                        state.ItemSelector,
                        { input: value, context: itemCtx },
                        `${where}.ItemSelector`,
                      );
                run.events += 2; // MapIterationStarted, MapIterationSucceeded|Failed
                results[index] = await runGraph(proc, selected, `${where}[${index}]/`);
              }
            };
            await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
            run.events += 2; // MapStateStarted, MapStateSucceeded
            return state.Output === undefined
              ? results
              : evaluate(state.Output, { ...states, result: results }, `${where}.Output`);
          },
          2,
        ); // MapStateEntered, MapStateExited
      default:
        throw new Error(`${where}: ${state.Type} is not implemented`);
    }
  }

  async function withRetry(state: AslState, where: string, attempt: () => Promise<unknown>, framing: number) {
    run.events += framing;
    const retriers =
      (state.Retry as
        | { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[]
        | undefined) ?? [];
    const counts = retriers.map(() => 0);
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof StatesError)) throw e;
        const i = retriers.findIndex((r) => matches(r.ErrorEquals, e.error));
        const r = retriers[i];
        if (!r || counts[i]! >= (r.MaxAttempts ?? 3)) throw e;
        const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** counts[i]!;
        counts[i]! += 1;
        await sleep(delay);
        run.trace.push(`${where} retry ${counts[i]} after ${delay}s (${e.error})`);
      }
    }
  }

  try {
    measure(input, "execution input");
    run.output = await runGraph(asl, input, "");
    run.events += 1; // ExecutionSucceeded
  } catch (e) {
    const err = e instanceof StatesError ? e : new StatesError("States.Runtime", (e as Error).message);
    run.status = "FAILED";
    run.error = err.error;
    run.cause = err.errorCause;
    run.events += 1; // ExecutionFailed
  }
  if (run.events > HISTORY_LIMIT) {
    run.status = "FAILED";
    run.error = "States.Runtime";
    run.cause = `${run.events} history events > ${HISTORY_LIMIT}`;
  }
  return run;
}
