// The interpreter the rehearsal runs the stack's definition with: the semantics it implements
// (and cites in rehearsal/sfn.ts) on small definitions, and what it refuses.
import { describe, expect, it } from "vitest";
import { type Asl, execute, type Invoke } from "../../rehearsal/sfn.ts";

const J = { QueryLanguage: "JSONata" };
const task = (fn: string, extra: Record<string, unknown> = {}) => ({
  Type: "Task",
  ...J,
  Resource: "arn:aws:states:::lambda:invoke",
  Arguments: { FunctionName: fn, Payload: "{% $states.input %}" },
  Output: "{% $states.result.Payload %}",
  ...extra,
});

function mapOf(inner: Asl["States"], extra: Record<string, unknown> = {}): Asl {
  return {
    StartAt: "M",
    States: {
      M: {
        Type: "Map",
        ...J,
        Items: "{% $states.input.items %}",
        ItemSelector: {
          value: "{% $states.context.Map.Item.Value %}",
          index: "{% $states.context.Map.Item.Index %}",
        },
        MaxConcurrency: 2,
        ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "T", States: inner },
        End: true,
        ...extra,
      },
    },
  };
}

const echo: Invoke = async (_fn, payload) => {
  const p = payload as { value: number };
  if (p.value === 2) return { functionError: { errorType: "BoomError", errorMessage: "two" } };
  return { payload: p };
};

describe("rehearsal/sfn.ts", () => {
  it("runs a Map in item order with ItemSelector's Map.Item, and a caught error becomes the next state's input", async () => {
    const asl = mapOf({
      T: task("scan", { Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }] }),
      F: { Type: "Pass", ...J, Output: { failed: true, error: "{% $states.input.Error %}" }, End: true },
    });
    const run = await execute(asl, { items: [1, 2, 3] }, { name: "x", invoke: echo });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.output).toEqual([
      { value: 1, index: 0 },
      { failed: true, error: "BoomError" },
      { value: 3, index: 2 },
    ]);
  });

  it("has no Map.Item outside ItemSelector: reading it there fails the state (States.QueryEvaluationError)", async () => {
    const asl = mapOf({
      T: task("scan", { Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }] }),
      F: { Type: "Pass", ...J, Output: { batch: "{% $states.context.Map.Item.Value %}" }, End: true },
    });
    const run = await execute(asl, { items: [2] }, { name: "x", invoke: echo });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("States.QueryEvaluationError");
  });

  it("retries only the errors a retrier names, with backoff, then fails", async () => {
    let calls = 0;
    const flaky: Invoke = async () => {
      calls++;
      return { functionError: { errorType: "Lambda.TooManyRequestsException", errorMessage: "slow down" } };
    };
    const waits: number[] = [];
    const asl: Asl = {
      StartAt: "T",
      States: {
        T: task("f", {
          Retry: [
            {
              ErrorEquals: ["Lambda.TooManyRequestsException"],
              IntervalSeconds: 2,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          End: true,
        }),
      },
    };
    const run = await execute(asl, {}, { name: "x", invoke: flaky, sleep: async (s) => void waits.push(s) });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("Lambda.TooManyRequestsException");
    expect(calls).toBe(4);
    expect(waits).toEqual([2, 4, 8]);
  });

  it("refuses, by name, a state type or field it does not implement", async () => {
    const wait: Asl = { StartAt: "W", States: { W: { Type: "Wait", ...J, Seconds: 1, End: true } } };
    await expect(execute(wait, {}, { name: "x", invoke: echo })).rejects.toThrow(/state type Wait/);
    const assign: Asl = { StartAt: "P", States: { P: { Type: "Pass", ...J, Assign: { a: 1 }, End: true } } };
    await expect(execute(assign, {}, { name: "x", invoke: echo })).rejects.toThrow(/field Assign/);
    const distributed = mapOf({ T: task("scan", { End: true }) });
    (distributed.States.M!.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig = {
      Mode: "DISTRIBUTED",
    };
    await expect(execute(distributed, { items: [] }, { name: "x", invoke: echo })).rejects.toThrow(
      /DISTRIBUTED/,
    );
  });

  it("fails a state whose output passes 256 KiB with States.DataLimitExceeded, which States.ALL does not catch", async () => {
    const big: Invoke = async () => ({ payload: "x".repeat(300_000) });
    const asl: Asl = {
      StartAt: "T",
      States: {
        T: task("f", { Catch: [{ ErrorEquals: ["States.ALL"], Next: "P" }], End: true }),
        P: { Type: "Pass", ...J, End: true },
      },
    };
    const run = await execute(asl, {}, { name: "x", invoke: big });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("States.DataLimitExceeded");
  });
});
