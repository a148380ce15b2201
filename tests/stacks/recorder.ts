// A recording stand-in for SST's globals: every component records its type, name and arguments;
// outputs are placeholder strings ("arn:test:Bucket:Evidence") so references can be asserted; the
// Step Functions builders produce Amazon States Language like SST's own classes do.
import type { Platform, RetryArgs } from "../../stacks/platform.ts";

export interface Recorded {
  type: string;
  name: string;
  args: any;
}

interface AslState {
  Type: string;
  [key: string]: unknown;
}

class RecordedState {
  nextState?: RecordedState;
  prevState?: RecordedState;
  parent?: RecordedState;
  retries: RetryArgs[] = [];
  catches: { next: RecordedState; errors: string[] }[] = [];
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
    this.catches.push({ next: (state as RecordedState).head(), errors: args?.errors ?? ["States.ALL"] });
    return this;
  }
  head(): RecordedState {
    return this.prevState?.head() ?? this;
  }
  root(): RecordedState {
    return this.prevState?.root() ?? this.parent?.root() ?? this;
  }
}

/** The state graph starting at `start` as ASL: `{StartAt, States}`, sub-graphs nested. */
export function toAsl(start: unknown): { StartAt: string; States: Record<string, AslState> } {
  const head = (start as RecordedState).head();
  const states: Record<string, AslState> = {};
  const visit = (s: RecordedState) => {
    const name = s.args.name as string;
    if (states[name]) return;
    const { name: _, function: fn, processor: __, ...rest } = s.args;
    const asl: AslState = { Type: s.type, ...rest };
    if (fn) asl.Resource = `lambda:invoke:${fn.arn}`;
    if (s.processor) asl.ItemProcessor = toAsl(s.processor);
    if (s.retries.length) asl.Retry = s.retries;
    if (s.catches.length)
      asl.Catch = s.catches.map((c) => ({ ErrorEquals: c.errors, Next: c.next.args.name }));
    if (s.nextState) asl.Next = s.nextState.args.name;
    else if (s.type !== "Fail" && s.type !== "Succeed") asl.End = true;
    states[name] = asl;
    if (s.nextState) visit(s.nextState);
    for (const c of s.catches) visit(c.next);
  };
  visit(head);
  return { StartAt: head.args.name, States: states };
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
      constructor(name: string, args: unknown) {
        resources.push({ type, name, args });
        this.name = `${type}:${name}.name`;
        this.arn = `arn:test:${type}:${name}`;
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
