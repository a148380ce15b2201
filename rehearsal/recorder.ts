// A recording stand-in for SST's globals: every component records its type, name and arguments;
// outputs are placeholder strings ("arn:test:sst.aws.Function:Plan") so references can be
// asserted and resolved. The Step Functions builders serialize to Amazon States Language the way
// SST 4.17's own classes do (platform/src/components/aws/step-functions/{state,task,map,pass,
// fail,succeed}.ts and step-functions.ts `createStateMachine`, read at v4.17.0): every state gets
// `QueryLanguage: "JSONata"`; `lambdaInvoke` is a Task on "arn:aws:states:::lambda:invoke" with
// `Arguments: {FunctionName, Payload}`; `retry()` defaults to States.ALL / 1 s / 3 / ×2; `catch()`
// only sets ErrorEquals and Next (SST has no Catcher Output); Map defaults to INLINE.
import type { Platform, RetryArgs } from "../stacks/platform.ts";

export interface Recorded {
  type: string;
  name: string;
  args: any;
}

export interface AslState {
  Type: string;
  [key: string]: unknown;
}
export interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

/** SST's `toSeconds` for the durations stacks/ uses ("2 seconds", "1 minute"). */
function toSeconds(d: string): number {
  const [n, unit = "second"] = d.split(" ");
  const scale: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };
  const s = scale[unit.replace(/s$/, "")];
  if (s === undefined) throw new Error(`unknown duration ${d}`);
  return Number(n) * s;
}

class RecordedState {
  nextState?: RecordedState;
  prevState?: RecordedState;
  parent?: RecordedState;
  retries?: RetryArgs[];
  catches?: { next: RecordedState; errors: string[] }[];
  constructor(
    readonly type: string,
    readonly args: any,
    readonly processor?: RecordedState,
  ) {
    if (processor) processor.head().parent = this;
  }
  next<T>(state: T): T {
    const s = state as unknown as RecordedState;
    if (this.nextState) throw new Error(`${this.args.name} already has a next state`);
    this.nextState = s;
    s.prevState = this;
    return state;
  }
  retry(args?: RetryArgs) {
    this.retries ??= [];
    this.retries.push({
      errors: ["States.ALL"],
      backoffRate: 2,
      interval: "1 second",
      maxAttempts: 3,
      ...args,
    });
    return this;
  }
  catch(state: unknown, args?: { errors?: string[] }) {
    this.catches ??= [];
    this.catches.push({ next: (state as RecordedState).head(), errors: args?.errors ?? ["States.ALL"] });
    return this;
  }
  head(): RecordedState {
    return this.prevState?.head() ?? this;
  }
  root(): RecordedState {
    return this.prevState?.root() ?? this.parent?.root() ?? this;
  }
  /** state.ts `serialize()`: this state, then its next and its catchers' targets. */
  serialize(): Record<string, AslState> {
    const out: Record<string, AslState> = { [this.args.name]: this.toJSON(), ...this.nextState?.serialize() };
    for (const c of this.catches ?? []) Object.assign(out, c.next.serialize());
    return out;
  }
  private base(): Record<string, unknown> {
    return {
      QueryLanguage: "JSONata",
      Comment: this.args.comment,
      Output: this.args.output,
      Assign: this.args.assign,
      ...(this.nextState ? { Next: this.nextState.args.name } : { End: true }),
      Retry: this.retries?.map((r) => ({
        ErrorEquals: r.errors,
        IntervalSeconds: toSeconds(r.interval!),
        MaxAttempts: r.maxAttempts,
        BackoffRate: r.backoffRate,
      })),
      Catch: this.catches?.map((c) => ({ ErrorEquals: c.errors, Next: c.next.args.name })),
    };
  }
  private toJSON(): AslState {
    const a = this.args;
    switch (this.type) {
      case "Task":
        return {
          Type: "Task",
          ...this.base(),
          Resource: "arn:aws:states:::lambda:invoke",
          Arguments: { FunctionName: a.function.targetArn ?? a.function.arn, Payload: a.payload },
        };
      case "Map": {
        const mode = a.mode ?? "inline";
        const head = this.processor!.head();
        return {
          Type: "Map",
          Items: a.items,
          ItemSelector: a.itemSelector,
          ItemProcessor: {
            ProcessorConfig:
              mode === "inline"
                ? { Mode: "INLINE" }
                : { Mode: "DISTRIBUTED", ExecutionType: mode.toUpperCase() },
            StartAt: head.args.name,
            States: head.serialize(),
          },
          MaxConcurrency: a.maxConcurrency,
          ...this.base(),
        };
      }
      case "Pass":
        return { Type: "Pass", ...this.base() };
      case "Fail":
        return { Type: "Fail", Error: a.error, Cause: a.cause, ...this.base(), End: undefined };
      case "Succeed":
        return { Type: "Succeed", ...this.base(), End: undefined };
      default:
        throw new Error(`no ${this.type} state in this recorder`);
    }
  }
}

/** The definition as SST writes it: `{StartAt: root.name, States: root.serialize()}`, as JSON. */
export function toAsl(start: unknown): Asl {
  const root = (start as RecordedState).root();
  return JSON.parse(JSON.stringify({ StartAt: root.args.name, States: root.serialize() })) as Asl;
}

export interface Recorder {
  platform: Platform;
  resources: Recorded[];
  /** Every recorded resource of one type. */
  ofType(type: string): Recorded[];
  /** The one resource of this type and name. */
  get(type: string, name: string): Recorded;
}

export function recorder(stage = "test"): Recorder {
  const resources: Recorded[] = [];
  const component = (type: string) =>
    class {
      readonly name: string;
      readonly arn: string;
      readonly targetArn: string;
      constructor(name: string, args: unknown) {
        resources.push({ type, name, args });
        this.name = `${type}:${name}.name`;
        this.arn = `arn:test:${type}:${name}`;
        this.targetArn = this.arn;
      }
    };
  const SF = Object.assign(component("sst.aws.StepFunctions"), {
    lambdaInvoke: (args: any) => new RecordedState("Task", args),
    map: (args: any) => new RecordedState("Map", args, args.processor),
    pass: (args: any) => new RecordedState("Pass", args),
    fail: (args: any) => new RecordedState("Fail", args),
    succeed: (args: any) => new RecordedState("Succeed", args),
  });
  const platform = {
    $app: { name: "aimscan", stage },
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), ""),
    $jsonStringify: (value: unknown) => JSON.stringify(value),
    sst: {
      aws: {
        Dynamo: component("sst.aws.Dynamo"),
        Bucket: component("sst.aws.Bucket"),
        SnsTopic: component("sst.aws.SnsTopic"),
        Bus: component("sst.aws.Bus"),
        Function: component("sst.aws.Function"),
        StepFunctions: SF,
      },
    },
    aws: {
      iam: {
        Role: component("aws.iam.Role"),
        RolePolicy: component("aws.iam.RolePolicy"),
        RolePolicyAttachment: component("aws.iam.RolePolicyAttachment"),
      },
      s3: {
        BucketObjectLockConfiguration: component("aws.s3.BucketObjectLockConfiguration"),
        BucketServerSideEncryptionConfiguration: component("aws.s3.BucketServerSideEncryptionConfiguration"),
        BucketObjectv2: component("aws.s3.BucketObjectv2"),
      },
      scheduler: { Schedule: component("aws.scheduler.Schedule") },
    },
  } as unknown as Platform;
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const get = (type: string, name: string) => {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} ${type} named ${name}`);
    return found[0]!;
  };
  return { platform, resources, ofType, get };
}
